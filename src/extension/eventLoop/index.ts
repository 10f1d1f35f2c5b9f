/**
 * Programs that run for hours, in the editor: "Find Event-Loop Blocking…" runs the current program
 * for N seconds with its language's event-loop recorder (Node: delay and blocking callbacks;
 * Python: asyncio's slow callbacks) or attaches to a running Node process for N seconds (it keeps
 * running), with a Cancel button (a run's whole process group is ended; an attached process is
 * left without hooks), shows the Event-Loop Lag panel and notes each blocking line in the editor
 * until the panel closes. Runs workspace code or a profiler, so Restricted Mode refuses it. The
 * extension's wiring calls longRunningArea() and registers its commands.
 */
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import { blockingLineNote, eventLoopPageHtml } from '../../core/eventLoop/eventLoopPage';
import type { EventLoopReport } from '../../core/eventLoop/eventLoopLag';
import { formatEventLoopReport } from '../../core/eventLoop/eventLoopLag';
import { attachKindOf } from '../../profilers/attachKind';
import { attachEventLoopProfile } from '../../profilers/eventLoop/attach';
import { runEventLoopProfile, type EventLoopRun } from '../../profilers/eventLoop/index';
import { LineNotes, type LineNote } from '../annotations/lineNotes';
import type { CommandTable } from '../commandIds';
import { hotlineLog } from '../log';
import { pythonInterpreter } from '../pythonInterpreter';
import { executableSetting } from '../settings';
import { StaticPagePanel } from '../staticPagePanel';
import { ensureTrustedToRun } from '../workspaceTrust';
import { eventLoopTarget, type EventLoopTarget } from './target';

export interface LongRunningArea {
  commands: CommandTable<'longRunning'>;
  disposables: vscode.Disposable[];
}

/** What the command returns to its caller (tests): the report, how many lines were noted, the program's last stderr lines (a run; empty for an attach). */
export interface ShownEventLoop {
  readonly report: EventLoopReport;
  readonly annotatedLines: number;
  readonly stderrTail: string;
}

let view: { panel: StaticPagePanel; notes: LineNotes } | undefined;
/** The run in progress: its Cancel (the notification's button, or the test API). */
let running: AbortController | undefined;

async function secondsArg(arg: unknown, target: EventLoopTarget): Promise<number | undefined> {
  if (typeof arg === 'number' && arg > 0) return arg;
  const text = await vscode.window.showInputBox({
    title: `Find Event-Loop Blocking: how long to watch ${target.kind === 'file' ? 'the program' : `pid ${target.pid}`}?`,
    prompt:
      target.kind === 'file'
        ? 'Seconds to run the program (it is then ended); long enough for the slow requests to happen'
        : 'Seconds to record the running process (it then runs on without Hotline); long enough for the slow requests to happen',
    value: '10',
    validateInput: (v) => (/^[1-9]\d*$/.test(v.trim()) ? undefined : 'a whole number of seconds >= 1'),
  });
  return text === undefined ? undefined : Number(text.trim());
}

/** Runs or attaches for `seconds`; the signal is the progress notification's Cancel. */
async function record(target: EventLoopTarget, seconds: number, signal: AbortSignal): Promise<EventLoopRun> {
  const log = (l: string) => hotlineLog().info(l);
  if (target.kind === 'process') return attachEventLoopProfile({ pid: target.pid, seconds }, { signal, log });
  const uri = target.uri;
  return runEventLoopProfile(
    {
      program: uri.fsPath,
      seconds,
      cwd: vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath ?? dirname(uri.fsPath),
      node: executableSetting('node.executable'),
      python: target.recorder === 'asyncio-debug' ? (await pythonInterpreter(uri)).path : undefined,
    },
    // Past the watch the helper ends the program; the limit only catches one that ignores it.
    { signal, timeoutMs: (seconds + 30) * 1000, onOutput: log },
  );
}

export function longRunningArea(): LongRunningArea {
  const notes = new LineNotes();
  const panel = new StaticPagePanel('hotline.eventLoop', 'the event-loop lag', () => notes.clear());
  view = { panel, notes };

  async function eventLoopLag(what?: unknown, seconds?: unknown): Promise<ShownEventLoop | undefined> {
    if (!(await ensureTrustedToRun('run or attach to a program to find event-loop blocking'))) return undefined;
    const target = await eventLoopTarget(what);
    if (!target) return undefined;
    if (target.kind === 'process' && attachKindOf(target.pid) !== 'node-inspector') {
      void vscode.window.showWarningMessage(
        `Hotline: pid ${target.pid} is not a Node process; a running process is attached for event-loop lag over the Node inspector only (run a Python asyncio program from its file instead).`,
      );
      return undefined;
    }
    const runFor = await secondsArg(seconds, target);
    if (runFor === undefined) return undefined;
    const name = target.kind === 'file' ? vscode.workspace.asRelativePath(target.uri) : target.label;
    const controller = new AbortController();
    running = controller;
    let run: EventLoopRun;
    try {
      run = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Hotline: watching the event loop of ${name} for ${runFor} s…`, cancellable: true },
        (_progress, token) => {
          token.onCancellationRequested(() => controller.abort());
          return record(target, runFor, controller.signal);
        },
      );
    } finally {
      if (running === controller) running = undefined;
    }
    const report = run.report;
    hotlineLog().info(`event-loop lag: ${run.argv.length ? `${run.argv.join(' ')} (exit code ${run.exitCode})` : name}\n${formatEventLoopReport(report)}`);
    const lines = report.blockers.filter((b) => b.file && b.line).map((b) => ({ path: b.file!, line: b.line!, text: blockingLineNote(b) }));
    notes.set(lines);
    panel.show(`Event-Loop Lag: ${name}`, (nonce, cspSource) =>
      eventLoopPageHtml({ title: name, report, relative: (f) => vscode.workspace.asRelativePath(f) }, { nonce, cspSource }),
    );
    return { report, annotatedLines: lines.length, stderrTail: run.stderrTail };
  }

  return { commands: { 'hotline.longRunning.eventLoopLag': eventLoopLag }, disposables: [notes] };
}

/** Cancels the run in progress as the notification's Cancel does (extension-host tests); false when none runs. */
export function cancelEventLoop(): boolean {
  if (!running) return false;
  running.abort();
  return true;
}

/** The Event-Loop Lag panel's HTML, or undefined when it is not open (extension-host tests). */
export function eventLoopHtml(): string | undefined {
  return view?.panel.html;
}

/** The blocking-line notes last drawn in a visible editor of the file (extension-host tests). */
export function eventLoopLineNotes(uri: vscode.Uri): LineNote[] {
  return view?.notes.drawnFor(uri) ?? [];
}
