/**
 * Features other helpers own, wired here: the flame graph's custom editor for profile files and its
 * panel serializer, the bench area (benchmark CodeLens, commands, results view) and the memory area
 * (allocation profiles and the leak finder, kept through the library) and the page area (Lighthouse audits). Their commands are returned
 * for activate() to register with every other table.
 */
import type * as vscode from 'vscode';
import { benchArea } from './bench/index';
import type { CommandTables } from './commandIds';
import { memoryArea } from './memory/index';
import { pageArea } from './page/index';
import { registerFlameGraphViews } from './profileEditorProvider';
import type { ActiveProfile } from './activeProfile';
import type { ProfileLibrary } from './profileLibrary';

export interface WiringDeps {
  library: ProfileLibrary;
  active: ActiveProfile;
}

export interface EditorSideFeatures {
  commands: Pick<CommandTables, 'bench' | 'memory' | 'page'>;
  disposables: vscode.Disposable[];
}

export function editorSideFeatures(context: vscode.ExtensionContext, deps: WiringDeps): EditorSideFeatures {
  const bench = benchArea();
  const memory = memoryArea({ library: deps.library });
  return {
    commands: { bench: bench.commands, memory: memory.commands, page: pageArea().commands },
    disposables: [...bench.disposables, ...memory.disposables, registerFlameGraphViews(context)],
  };
}
