/**
 * CodeLens above each hot function of an annotated file: `Hotline: 34.1% total · 12.0% self`.
 * The lens sits on the function's definition, found by walking up from its recorded line.
 */
import * as vscode from 'vscode';
import { findFunctionHeader } from '../../core/annotations/functionHeaders';
import { formatShare } from '../../core/annotations/weightFormat';
import { annotationSettings } from '../settings';
import type { DocumentAnnotationTracker } from './documentAnnotations';
import { REVEAL_COMMAND, type RevealTarget } from './hotLineHover';

function lensTitle(totalShare: number, selfShare: number): string {
  return `Hotline: ${formatShare(totalShare)} total · ${formatShare(selfShare)} self`;
}

export class HotFunctionLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly tracker: DocumentAnnotationTracker,
    private readonly isVisible: () => boolean,
  ) {
    this.disposables.push(
      tracker.onDidChange(() => this.changed.fire()),
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('hotline.annotations') && this.changed.fire()),
    );
  }

  refresh(): void {
    this.changed.fire();
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!this.isVisible() || !annotationSettings().codeLens) return [];
    const state = this.tracker.get(document);
    const annotator = this.tracker.annotator();
    if (!state || !annotator) return [];
    const total = annotator.profileTotal || 1;
    const lenses: vscode.CodeLens[] = [];
    const used = new Set<number>();
    state.file.hotFunctions.forEach((fn, i) => {
      const hint = state.functionLines[i]!;
      if (hint < 0 || hint >= document.lineCount) return;
      const line = findFunctionHeader((l) => document.lineAt(l).text, document.lineCount, hint, fn.name);
      if (used.has(line)) return; // one lens per definition (e.g. a recursive function's several frames)
      used.add(line);
      const target: RevealTarget = { name: fn.name, file: fn.file, line: fn.line };
      lenses.push(
        new vscode.CodeLens(new vscode.Range(line, 0, line, 0), {
          title: lensTitle(fn.total / total, fn.self / total),
          tooltip: `${fn.name}: reveal in the flame graph`,
          command: REVEAL_COMMAND,
          arguments: [target],
        }),
      );
    });
    return lenses;
  }

  dispose(): void {
    this.changed.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
