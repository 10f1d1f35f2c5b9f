/**
 * A profile file opened in the flame graph's custom editor (from the explorer, say) also becomes the
 * active profile, so its source is annotated and it appears in the Profiles view.
 */
import * as vscode from 'vscode';
import { hotlineLog } from './log';
import type { ProfileLibrary } from './profileLibrary';

const PROFILE_VIEWER = 'hotline.profileViewer';

export function followProfileEditors(library: ProfileLibrary): vscode.Disposable {
  return vscode.window.tabGroups.onDidChangeTabs((e) => {
    for (const tab of [...e.opened, ...e.changed]) {
      if (!tab.isActive || !(tab.input instanceof vscode.TabInputCustom) || tab.input.viewType !== PROFILE_VIEWER) continue;
      const uri = tab.input.uri;
      if (uri.scheme !== 'file' || library.active.get()?.entry?.file === uri.fsPath) continue;
      // The panel shows its own errors for unreadable files; here a failure only means no annotations.
      library.openFile(uri.fsPath, { show: false }).catch((err: Error) => hotlineLog().warn(`not annotating with ${uri.fsPath}: ${err.message}`));
    }
  });
}
