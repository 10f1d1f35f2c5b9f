/**
 * "Hot Anti-Patterns": anti-pattern diagnostics on lines the active profile finds hot, hottest first.
 * Asks the server (`hotline/hotAntiPatterns`); when it cannot answer, ranks the server's published
 * diagnostics with the active profile's line shares itself.
 */
import * as vscode from 'vscode';
import { formatShare } from '../core/annotations/weightFormat';
import type { ActiveProfile } from './activeProfile';
import type { CommandTable } from './commandIds';
import type { HotlineLanguageClient } from './languageClient';
import { hotlineLog } from './log';
import { offerMeasureAgain } from './measureAgainOffer';
import type { RunCommands } from './runCommands';
import type { HotAntiPattern } from '../server/protocol';

const SEVERITY: Record<vscode.DiagnosticSeverity, HotAntiPattern['severity']> = {
  [vscode.DiagnosticSeverity.Error]: 'error',
  [vscode.DiagnosticSeverity.Warning]: 'warning',
  [vscode.DiagnosticSeverity.Information]: 'info',
  [vscode.DiagnosticSeverity.Hint]: 'hint',
};

export class HotAntiPatternsProvider implements vscode.TreeDataProvider<HotAntiPattern>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private items: HotAntiPattern[] = [];
  private readonly disposables: vscode.Disposable[] = [];
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly active: ActiveProfile,
    private readonly client: HotlineLanguageClient,
  ) {
    this.disposables.push(
      active.onDidChangeAnnotator(() => this.scheduleRefresh()),
      vscode.languages.onDidChangeDiagnostics(() => this.scheduleRefresh()),
    );
  }

  private scheduleRefresh(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), 300);
  }

  async refresh(): Promise<HotAntiPattern[]> {
    let items: HotAntiPattern[] = [];
    if (this.active.get()) {
      try {
        items = await this.client.hotAntiPatterns();
      } catch (err) {
        hotlineLog().debug(`hotline/hotAntiPatterns unavailable (${(err as Error).message}); ranking diagnostics locally`);
      }
      if (items.length === 0) items = this.rankLocally();
    }
    this.items = items.filter((i) => i.share > 0).sort((a, b) => b.share - a.share);
    this.changed.fire();
    return this.items;
  }

  /** Hotline diagnostics joined with the active profile's per-line shares. */
  rankLocally(): HotAntiPattern[] {
    const annotator = this.active.annotator();
    if (!annotator) return [];
    const out: HotAntiPattern[] = [];
    for (const [uri, diagnostics] of vscode.languages.getDiagnostics()) {
      const ours = diagnostics.filter((d) => d.source?.toLowerCase().startsWith('hotline'));
      if (ours.length === 0 || uri.scheme !== 'file') continue;
      const file = annotator.forDocument(uri.fsPath);
      if (!file) continue;
      for (const d of ours) {
        const line = file.byLine.get(d.range.start.line);
        if (!line) continue;
        const code = typeof d.code === 'object' ? String(d.code.value) : String(d.code ?? '');
        out.push({
          uri: uri.toString(),
          range: { start: { line: d.range.start.line, character: d.range.start.character }, end: { line: d.range.end.line, character: d.range.end.character } },
          rule: code,
          message: d.message,
          severity: SEVERITY[d.severity],
          hotLine: line.line + 1,
          self: line.self,
          total: line.total,
          share: line.totalShare,
          fixable: false,
        });
      }
    }
    return out;
  }

  getChildren(element?: HotAntiPattern): HotAntiPattern[] {
    return element ? [] : this.items;
  }

  getTreeItem(item: HotAntiPattern): vscode.TreeItem {
    const uri = vscode.Uri.parse(item.uri);
    const t = new vscode.TreeItem(`${formatShare(item.share)} · ${item.rule}`, vscode.TreeItemCollapsibleState.None);
    t.description = `${vscode.workspace.asRelativePath(uri)}:${item.range.start.line + 1}`;
    t.tooltip = `${item.message}${item.fixable ? '\n\nA quick fix is available (lightbulb on the line).' : ''}`;
    t.iconPath = new vscode.ThemeIcon('flame');
    const range = new vscode.Range(item.range.start.line, item.range.start.character, item.range.end.line, item.range.end.character);
    t.command = { command: 'vscode.open', title: 'Open', arguments: [uri, { selection: range }] };
    return t;
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.changed.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

export function antiPatternCommands(antiPatterns: HotAntiPatternsProvider, active: ActiveProfile, run: RunCommands): CommandTable<'antiPatterns'> {
  return {
    'hotline.showHotAntiPatterns': async () => {
      await vscode.commands.executeCommand('hotline.hotAntiPatterns.focus');
      const items = await antiPatterns.refresh();
      if (!active.get()) void vscode.window.showInformationMessage('Hotline: hot anti-patterns need an active profile: profile a file or open a profile.');
      else if (items.length === 0) void vscode.window.showInformationMessage('Hotline: no anti-pattern diagnostics on the hot lines of the active profile.');
    },
    'hotline.refreshHotAntiPatterns': () => antiPatterns.refresh(),
    // The server attaches this to quick fixes on hot lines (arguments: document URI, rule id).
    'hotline.afterQuickFix': (uri: string) => offerMeasureAgain(vscode.Uri.parse(uri), active, run),
  };
}
