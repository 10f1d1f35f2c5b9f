/**
 * What "Find Event-Loop Blocking…" watches: a program file it runs (a language with an event-loop
 * recorder in LANGUAGES: Node, Python asyncio) or a Node process already running, attached over
 * its inspector. From the command's arguments (a file, `{ pid }`) or, without them, a quick pick:
 * the active file when it can be run, and "A running Node process…" (the attach picker's `ps` list).
 */
import * as vscode from 'vscode';
import { eventLoopRecorderOf } from '../../core/languages';
import { attachKindOfCommand } from '../../profilers/attachKind';
import { listProcesses } from '../processList';

export type EventLoopTarget = FileTarget | { kind: 'process'; pid: number; label: string };

interface FileTarget {
  kind: 'file';
  uri: vscode.Uri;
  recorder: NonNullable<ReturnType<typeof eventLoopRecorderOf>>;
}

const RUNNABLE = 'open a JavaScript (.js, .cjs, .mjs) or Python asyncio (.py) program, or pick a running Node process';

function fileTarget(uri: vscode.Uri | undefined): FileTarget | undefined {
  if (uri?.scheme !== 'file') return undefined;
  const recorder = eventLoopRecorderOf(uri.fsPath);
  return recorder ? { kind: 'file', uri, recorder } : undefined;
}

function pidOf(arg: unknown): number | undefined {
  const pid = typeof arg === 'object' && arg !== null && 'pid' in arg ? (arg as { pid: unknown }).pid : undefined;
  return typeof pid === 'number' && Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

async function pickNodeProcess(): Promise<EventLoopTarget | undefined> {
  const nodes = (await listProcesses()).filter((p) => attachKindOfCommand(p.name, p.command) === 'node-inspector');
  if (nodes.length === 0) {
    void vscode.window.showWarningMessage('Hotline: no running Node process to attach to; open a JavaScript or Python asyncio program to run it instead.');
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(
    nodes.map((p) => ({ label: `${p.pid}  ${p.name}`, detail: p.command, process: p })),
    { placeHolder: 'Watch the event loop of which Node process? (attached over its inspector; it keeps running)', matchOnDetail: true },
  );
  return pick ? { kind: 'process', pid: pick.process.pid, label: `pid ${pick.process.pid} ${pick.process.command}` } : undefined;
}

/** The target of one run, or undefined when the user picked nothing (or was told why nothing can run). */
export async function eventLoopTarget(arg: unknown): Promise<EventLoopTarget | undefined> {
  const pid = pidOf(arg);
  if (pid !== undefined) return { kind: 'process', pid, label: `pid ${pid}` };
  if (arg instanceof vscode.Uri || typeof arg === 'string') {
    const uri = arg instanceof vscode.Uri ? arg : vscode.Uri.file(arg);
    const target = fileTarget(uri);
    if (!target) void vscode.window.showWarningMessage(`Hotline: event-loop blocking is found in Node and Python asyncio programs; ${RUNNABLE}.`);
    return target;
  }
  const active = fileTarget(vscode.window.activeTextEditor?.document.uri);
  if (!active) return pickNodeProcess();
  const name = vscode.workspace.asRelativePath(active.uri);
  const how = active.recorder === 'asyncio-debug' ? 'asyncio debug mode, slow callbacks' : 'event-loop delay and blocking callbacks';
  const pick = await vscode.window.showQuickPick(
    [
      { label: `$(play) Run ${name}`, description: how, run: true },
      { label: '$(debug-alt) A running Node process…', description: 'attach over its inspector; it keeps running', run: false },
    ],
    { placeHolder: 'Find event-loop blocking in…' },
  );
  if (!pick) return undefined;
  return pick.run ? active : pickNodeProcess();
}
