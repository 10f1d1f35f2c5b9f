/**
 * Features other helpers own, wired here: the flame graph's custom editor for profile files, and the
 * bench and memory areas' register() functions.
 */
import type * as vscode from 'vscode';
import type { ActiveProfile } from './activeProfile';
import type { ProfileLibrary } from './profileLibrary';

export interface WiringDeps {
  library: ProfileLibrary;
  active: ActiveProfile;
}

export function registerEditorSideFeatures(_context: vscode.ExtensionContext, _deps: WiringDeps): vscode.Disposable[] {
  return [];
}
