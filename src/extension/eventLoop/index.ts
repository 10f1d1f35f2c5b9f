/**
 * Programs that run for hours, in the editor: "Find Event-Loop Blocking (Node)…" runs the current
 * .js file with the event-loop recorder for N seconds (progress with Cancel, the whole process
 * group ended), shows the Event-Loop Lag panel (delay per second, the blocking lines) and notes
 * each blocking line in the editor until the panel closes. Runs workspace code, so Restricted Mode
 * refuses it. The extension's wiring calls longRunningArea() and registers its commands.
 */
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import { blockingLineNote, eventLoopPageHtml } from '../../core/eventLoop/eventLoopPage';
import type { EventLoopReport } from '../../core/eventLoop/eventLoopLag';
import { formatEventLoopReport } from '../../core/eventLoop/eventLoopLag';
import { runEventLoopProfile } from '../../profilers/eventLoop/index';
import { LineNotes, type LineNote } from '../annotations/lineNotes';
import type { CommandTable } from '../commandIds';
import { hotlineLog } from '../log';
import { executableSetting } from '../settings';
import { StaticPagePanel } from '../staticPagePanel';
import { ensureTrustedToRun } from '../workspaceTrust';

export interface LongRunningArea {
  commands: CommandTable<'longRunning'>;
  disposables: vscode.Disposable[];
}

/** What the command returns to its caller (tests): the report and how many lines were noted. */
export interface ShownEventLoop {
  readonly report: EventLoopReport;
  readonly annotatedLines: number;
}

let view: { panel: StaticPagePanel; notes: LineNotes } | undefined;

function fileArg(arg: unknown): vscode.Uri | undefined {
  const uri = arg instanceof vscode.Uri ? arg : typeof arg === 'string' ? vscode.Uri.file(arg) : vscode.window.activeTextEditor?.document.uri;
  return uri?.scheme === 'file' ? uri : undefined;
}

async function secondsArg(arg: unknown): Promise<number | undefined> {
  if (typeof arg === 'number' && arg > 0) return arg;
  const text = await vscode.window.showInputBox({
    title: 'Find Event-Loop Blocking: how long to watch the program?',
    prompt: 'Seconds to run the program (it is then ended); long enough for the slow requests to happen',
    value: '10',
    validateInput: (v) => (/^[1-9]\d*$/.test(v.trim()) ? undefined : 'a whole number of seconds >= 1'),
  });
  return text === undefined ? undefined : Number(text.trim());
}

export function longRunningArea(): LongRunningArea {
  const notes = new LineNotes();
  const panel = new StaticPagePanel('hotline.eventLoop', 'the event-loop lag', () => notes.clear());
  view = { panel, notes };

  async function eventLoopLag(file?: unknown, seconds?: unknown): Promise<ShownEventLoop | undefined> {
    const uri = fileArg(file);
    if (!uri || !/\.[cm]?js$/.test(uri.fsPath)) {
      void vscode.window.showWarningMessage('Hotline: event-loop lag is measured for Node programs; open a .js, .cjs or .mjs file first.');
      return undefined;
    }
    if (!(await ensureTrustedToRun('run the program to find event-loop blocking'))) return undefined;
    const runFor = await secondsArg(seconds);
    if (runFor === undefined) return undefined;
    const name = vscode.workspace.asRelativePath(uri);
    const run = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Hotline: watching the event loop of ${name} for ${runFor} s…`, cancellable: true },
      (_progress, token) => {
        const controller = new AbortController();
        token.onCancellationRequested(() => controller.abort());
        return runEventLoopProfile(
          {
            program: uri.fsPath,
            seconds: runFor,
            cwd: vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath ?? dirname(uri.fsPath),
            node: executableSetting('node.executable'),
          },
          // Past the watch the helper ends the program; the limit only catches one that ignores it.
          { signal: controller.signal, timeoutMs: (runFor + 30) * 1000, onOutput: (l) => hotlineLog().info(l) },
        );
      },
    );
    const report = run.report;
    hotlineLog().info(`event-loop lag: ${run.argv.join(' ')} (exit code ${run.exitCode})\n${formatEventLoopReport(report)}`);
    const lines = report.blockers.filter((b) => b.file && b.line).map((b) => ({ path: b.file!, line: b.line!, text: blockingLineNote(b) }));
    notes.set(lines);
    panel.show(`Event-Loop Lag: ${name}`, (nonce, cspSource) =>
      eventLoopPageHtml({ title: name, report, relative: (f) => vscode.workspace.asRelativePath(f) }, { nonce, cspSource }),
    );
    return { report, annotatedLines: lines.length };
  }

  return { commands: { 'hotline.longRunning.eventLoopLag': eventLoopLag }, disposables: [notes] };
}

/** The Event-Loop Lag panel's HTML, or undefined when it is not open (extension-host tests). */
export function eventLoopHtml(): string | undefined {
  return view?.panel.html;
}

/** The blocking-line notes last drawn in a visible editor of the file (extension-host tests). */
export function eventLoopLineNotes(uri: vscode.Uri): LineNote[] {
  return view?.notes.drawnFor(uri) ?? [];
}
