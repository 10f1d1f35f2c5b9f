/**
 * Features other helpers own, wired here: the bench area's register() (benchmark CodeLens,
 * commands and results view). The memory area and the flame graph's custom editor join here too.
 */
import type * as vscode from 'vscode';
import { register as registerBench } from './bench/index';
import type { ActiveProfile } from './activeProfile';
import type { ProfileLibrary } from './profileLibrary';

export interface WiringDeps {
  library: ProfileLibrary;
  active: ActiveProfile;
}

export function registerEditorSideFeatures(context: vscode.ExtensionContext, _deps: WiringDeps): vscode.Disposable[] {
  // register() pushes its own disposables onto context.subscriptions.
  registerBench(context);
  return [];
}
