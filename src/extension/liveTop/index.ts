/**
 * "Hotline: Live Top": attached to a running Python or Node process (picked from `ps`, or a pid
 * passed by a caller), the Live Top panel shows its hottest functions, refreshed every second,
 * while a notification with Cancel says it is sampling. Cancel, Stop or closing the panel ends
 * the sampler (src/profilers/liveTop). "Profile the last N seconds" turns the recent samples
 * into a full profile: kept in the Profiles view, made active and shown in the flame graph.
 * Attaching runs a profiler, so Restricted Mode refuses it.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { exportSpeedscope } from '../../core/export/speedscopeExport';
import type { LiveTopView } from '../../core/webviewProtocol';
import { attachKindOf } from '../../profilers/attachKind';
import { liveTopKind, type LiveTopEnd } from '../../profilers/liveTop/index';
import { startLiveTop, type LiveTopSession } from '../../profilers/liveTop/session';
import type { CommandTable } from '../commandIds';
import { hotlineLog } from '../log';
import { listProcesses } from '../processList';
import { profileSummary, type ProfileLibrary } from '../profileLibrary';
import { executableSetting, runSettings } from '../settings';
import { ensureTrustedToRun } from '../workspaceTrust';
import { LiveTopPanel } from './liveTopPanel';

export interface LiveTopArea {
  commands: CommandTable<'liveTop'>;
  disposables: vscode.Disposable[];
}

/** What the command resolves with once sampling ended (tests): why it ended and the last view. */
export interface LiveTopOutcome {
  readonly end: LiveTopEnd;
  readonly view: LiveTopView;
}

let current: { session: LiveTopSession; panel: LiveTopPanel } | undefined;

async function pickProcess(): Promise<{ pid: number; label: string } | undefined> {
  const processes = await listProcesses();
  const pick = await vscode.window.showQuickPick(
    processes.map((p) => ({ label: `${p.pid}  ${p.name}`, detail: p.command, process: p })),
    { placeHolder: 'Live top of which process? (Python through py-spy, Node through its inspector, others through perf)', matchOnDetail: true },
  );
  return pick ? { pid: pick.process.pid, label: `pid ${pick.process.pid} ${pick.process.command}` } : undefined;
}

async function profileRecent(session: LiveTopSession, seconds: number, pid: number, library: ProfileLibrary): Promise<void> {
  const profile = session.window.profile(seconds);
  if (!profile) {
    void vscode.window.showInformationMessage('Hotline: no window has been sampled yet.');
    return;
  }
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
  const file = join(library.store.folder(), `pid${pid}.live-top.${stamp}.speedscope.json`);
  const name = `pid ${pid}: the last ${seconds} s (live top) · ${new Date().toLocaleTimeString()}`;
  await vscode.workspace.fs.createDirectory(vscode.Uri.file(library.store.folder()));
  await writeFile(file, exportSpeedscope(profile, { name, exporter: 'hotline live top' }));
  const entry = await library.store.keep(file, { ...profileSummary(profile), name, capturedAt: profile.metadata.capturedAt });
  library.show(library.adopt(entry, profile));
}

export function liveTopArea(context: vscode.ExtensionContext, deps: { library: ProfileLibrary }): LiveTopArea {
  async function show(pidArg?: unknown): Promise<LiveTopOutcome | undefined> {
    if (!(await ensureTrustedToRun('attach a sampler to a process'))) return undefined;
    const chosen = typeof pidArg === 'number' && Number.isInteger(pidArg) && pidArg > 0 ? { pid: pidArg, label: `pid ${pidArg}` } : await pickProcess();
    if (!chosen) return undefined;
    const kind = liveTopKind(chosen.pid, attachKindOf(chosen.pid));
    // One live top at a time: a new one ends the previous sampler first.
    if (current) {
      const previous = current;
      current = undefined;
      previous.panel.dispose();
      await previous.session.stop().catch(() => undefined);
    }
    const s = runSettings();
    // The panel needs the session's first view, the session a place to draw the next ones.
    const drawn: { panel?: LiveTopPanel } = {};
    const session = startLiveTop(
      {
        pid: chosen.pid,
        kind,
        samplingIntervalMicros: s.nodeIntervalMicros,
        executables: { pyspy: executableSetting('pyspy.executable') },
        log: (l) => hotlineLog().info(l),
      },
      { target: chosen.label, onView: (view) => drawn.panel?.show(view) },
    );
    const panel = (drawn.panel = new LiveTopPanel(context, `Live Top: pid ${chosen.pid}`, session.view(), {
      onMessage: (msg) => {
        if (msg.type === 'stop') void session.stop();
        else void profileRecent(session, msg.seconds, chosen.pid, deps.library).catch((err) => hotlineLog().error(`live top: ${(err as Error).message}`));
      },
      onClosed: () => void session.stop(),
    }));
    const mine = { session, panel };
    current = mine;
    hotlineLog().info(`live top: ${session.view().sampler}`);
    const ended = (message: string): LiveTopView => {
      const view = { ...session.view(), ended: message };
      panel.show(view);
      if (current === mine) current = undefined;
      hotlineLog().info(`live top of pid ${chosen.pid}: ${message}`);
      return view;
    };
    try {
      const end = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Hotline: live top of pid ${chosen.pid} (Cancel to stop sampling)`, cancellable: true },
        (_progress, token) => {
          token.onCancellationRequested(() => void session.stop());
          return session.done;
        },
      );
      return { end, view: ended(end.message) };
    } catch (err) {
      // The panel keeps what was sampled and says why it stopped; the wrapper shows the error.
      ended((err as Error).message);
      throw err;
    }
  }

  return {
    commands: { 'hotline.liveTop.show': (pid?: unknown) => show(pid) },
    disposables: [{ dispose: () => void current?.session.stop() }],
  };
}

/** The Live Top panel's last view, or undefined when no live top runs (extension-host tests). */
export function liveTopShown(): LiveTopView | undefined {
  return current?.panel.shown;
}

/** Hands the running Live Top panel a message as its webview sends it, e.g. `{ type: 'stop' }` (extension-host tests); false when none runs. */
export function liveTopMessage(message: unknown): boolean {
  if (!current) return false;
  current.panel.receive(message);
  return true;
}
