/** Status bar item naming the active profile; clicking it switches between kept profiles. */
import * as vscode from 'vscode';
import type { ActiveProfile } from './activeProfile';

export function createProfileStatusItem(active: ActiveProfile): vscode.Disposable & { readonly item: vscode.StatusBarItem } {
  const item = vscode.window.createStatusBarItem('hotline.activeProfile', vscode.StatusBarAlignment.Left, 50);
  item.name = 'Hotline: Active Profile';
  item.command = 'hotline.switchProfile';
  const update = () => {
    const loaded = active.get();
    if (!loaded) {
      item.hide();
      return;
    }
    item.text = `$(flame) ${loaded.label}`;
    const m = loaded.profile.metadata;
    const tip = new vscode.MarkdownString();
    tip.appendText(`Hotline: annotating with ${loaded.label}`);
    tip.appendText(`\n${[m.language, m.profiler, m.capturedAt].filter(Boolean).join(' · ')}`);
    tip.appendMarkdown('\n\nClick to switch the active profile.');
    item.tooltip = tip;
    item.show();
  };
  const sub = active.onDidChange(update);
  update();
  return {
    item,
    dispose: () => {
      sub.dispose();
      item.dispose();
    },
  };
}
