/**
 * Features other helpers own, wired here: the flame graph's custom editor for profile files and its
 * panel serializer, the bench area (benchmark CodeLens, commands, results view) and the memory area
 * (allocation profiles and the leak finder, kept through the library).
 */
import type * as vscode from 'vscode';
import { register as registerBench } from './bench/index';
import { register as registerMemory } from './memory/index';
import { registerFlameGraphViews } from './profileEditorProvider';
import type { ActiveProfile } from './activeProfile';
import type { ProfileLibrary } from './profileLibrary';

export interface WiringDeps {
  library: ProfileLibrary;
  active: ActiveProfile;
}

export function registerEditorSideFeatures(context: vscode.ExtensionContext, deps: WiringDeps): vscode.Disposable[] {
  // Each register() pushes its own disposables onto context.subscriptions.
  registerBench(context);
  registerMemory(context, { library: deps.library });
  return [registerFlameGraphViews(context)];
}
