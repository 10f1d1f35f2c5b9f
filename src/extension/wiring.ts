/**
 * Features other helpers own, wired here: the flame graph's custom editor for profile files and its
 * panel serializer, the bench area (benchmark CodeLens, commands, results view) and the memory area
 * (allocation profiles and the leak finder, kept through the library) the page area (Lighthouse audits), the traces area (Zipkin and trace files), the load area (services under load, their profile kept through the library) the long-running area (event-loop lag) and the live top (hottest functions of a running process). Their commands are returned
 * for activate() to register with every other table.
 */
import type * as vscode from 'vscode';
import { benchArea } from './bench/index';
import { loadArea } from './load/index';
import { longRunningArea } from './eventLoop/index';
import { liveTopArea } from './liveTop/index';
import type { CommandTables } from './commandIds';
import { memoryArea } from './memory/index';
import { pageArea } from './page/index';
import { registerFlameGraphViews } from './profileEditorProvider';
import { tracesArea } from './traces/index';
import type { ActiveProfile } from './activeProfile';
import type { ProfileLibrary } from './profileLibrary';

export interface WiringDeps {
  library: ProfileLibrary;
  active: ActiveProfile;
}

export interface EditorSideFeatures {
  commands: Pick<CommandTables, 'bench' | 'memory' | 'page' | 'traces' | 'load' | 'longRunning' | 'liveTop'>;
  disposables: vscode.Disposable[];
}

export function editorSideFeatures(context: vscode.ExtensionContext, deps: WiringDeps): EditorSideFeatures {
  const bench = benchArea();
  const memory = memoryArea({ library: deps.library });
  const traces = tracesArea(context.secrets);
  const longRunning = longRunningArea();
  const page = pageArea({ library: deps.library });
  const liveTop = liveTopArea(context, { library: deps.library });
  return {
    commands: {
      bench: bench.commands,
      memory: memory.commands,
      page: page.commands,
      traces: traces.commands,
      load: loadArea({ state: context.workspaceState, library: deps.library, showTraces: traces.show }).commands,
      longRunning: longRunning.commands,
      liveTop: liveTop.commands,
    },
    disposables: [
      ...bench.disposables,
      ...memory.disposables,
      ...traces.disposables,
      ...page.disposables,
      ...longRunning.disposables,
      ...liveTop.disposables,
      registerFlameGraphViews(context),
    ],
  };
}
