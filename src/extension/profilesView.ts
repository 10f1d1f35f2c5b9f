/** The "Profiles" tree: kept profiles, newest first, with language, when, duration and samples. */
import * as vscode from 'vscode';
import type { ActiveProfile } from './activeProfile';
import type { KeptProfile, ProfileStore } from './profileStore';

export class ProfilesTreeProvider implements vscode.TreeDataProvider<KeptProfile>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly disposables: vscode.Disposable[];

  constructor(
    private readonly store: ProfileStore,
    private readonly active: ActiveProfile,
  ) {
    this.disposables = [store.onDidChange(() => this.changed.fire()), active.onDidChange(() => this.changed.fire())];
  }

  async getChildren(element?: KeptProfile): Promise<KeptProfile[]> {
    return element ? [] : [...(await this.store.list())];
  }

  getTreeItem(p: KeptProfile): vscode.TreeItem {
    const item = new vscode.TreeItem(p.name, vscode.TreeItemCollapsibleState.None);
    const isActive = this.active.get()?.entry?.id === p.id;
    item.id = p.id;
    item.contextValue = 'hotline.profile';
    item.iconPath = new vscode.ThemeIcon(isActive ? 'pass-filled' : 'flame');
    item.description = [
      isActive ? 'active' : undefined,
      p.language,
      relativeTime(p.capturedAt),
      p.samples !== undefined ? `${p.samples.toLocaleString('en-US')} samples` : undefined,
    ]
      .filter(Boolean)
      .join(' · ');
    const tip = new vscode.MarkdownString();
    tip.appendText(p.name);
    if (p.command?.length) tip.appendMarkdown('\n\n').appendCodeblock(p.command.join(' '), 'shell');
    tip.appendText(
      [
        p.profiler ? `profiler: ${p.profiler}` : undefined,
        `taken: ${new Date(p.capturedAt).toLocaleString()}`,
        p.durationMs !== undefined ? `duration: ${(p.durationMs / 1000).toFixed(2)} s` : undefined,
        p.samples !== undefined ? `samples: ${p.samples}` : undefined,
        `file: ${p.file}`,
      ]
        .filter(Boolean)
        .join('\n'),
    );
    item.tooltip = tip;
    item.command = { command: 'hotline.profiles.open', title: 'Open Profile', arguments: [p] };
    return item;
  }

  dispose(): void {
    this.changed.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

function relativeTime(iso: string): string {
  const ms = Date.now() - Date.parse(iso);
  if (!Number.isFinite(ms)) return '';
  const min = Math.round(ms / 60_000);
  if (min < 1) return 'just now';
  if (min < 60) return `${min} min ago`;
  const h = Math.round(min / 60);
  if (h < 24) return `${h} h ago`;
  return new Date(iso).toLocaleDateString();
}
