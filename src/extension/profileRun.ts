/**
 * Runs a profiler plan from the editor: tool check with an "Install" button, progress notification
 * with Cancel (an AbortController handed to the runner, which ends the whole process tree), live
 * output in the log, then keeps the profile, makes it active, opens the flame graph and the source.
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import * as vscode from 'vscode';
import { contentHash } from '../core/annotations/contentHash';
import type { Profile } from '../core/model/profile';
import type { ProfilerPlan } from '../core/plan/types';
import { ProfileCancelledError, ProfilerNotFoundError, ProfilerPermissionError, runProfile, type PlanFallback, type PreparedPlan } from '../profilers/index';
import { errorMessage, hotlineLog, showError } from './log';
import { profileSummary, type ProfileLibrary } from './profileLibrary';
import type { KeptProfile } from './profileStore';
import { ensureTrustedToRun } from './workspaceTrust';

export interface RunOptions {
  /** Shown in the progress notification: "Profiling hot.py". */
  title: string;
  /** The file the user profiled (annotated and opened afterwards). */
  sourceFile?: string;
  /** How to run it again, stored with the profile for "Measure again". */
  request?: unknown;
  /** Name in the Profiles view. */
  name: string;
  /** Open the flame graph after the run (default true). */
  showPanel?: boolean;
  /** Baseline to compare with in the panel (Measure again). */
  baseline?: KeptProfile;
}

/** Plans the run with its fallback (preparePlan, prepareAttach, prepareGoPprof from src/profilers). */
export type PlanPreparation = () => PreparedPlan;

async function offerInstall(tool: string, installHint: string, why?: string): Promise<void> {
  const choice = await vscode.window.showErrorMessage(
    `Hotline: ${tool} is not installed${why ? ` (${why})` : ''}. Install it with: ${installHint}`,
    'Install',
    'Copy Command',
  );
  if (choice === 'Install') {
    // Nothing is installed before this click; the terminal shows exactly what runs.
    const terminal = vscode.window.createTerminal({ name: `Install ${tool}` });
    terminal.show();
    terminal.sendText(installHint, true);
  } else if (choice === 'Copy Command') {
    await vscode.env.clipboard.writeText(installHint);
  }
}

async function showPermissionProblem(err: ProfilerPermissionError): Promise<void> {
  const choice = await vscode.window.showErrorMessage(`Hotline: ${err.message}`, 'Copy Fix', 'Show Log');
  if (choice === 'Copy Fix') await vscode.env.clipboard.writeText(err.fix);
  if (choice === 'Show Log') hotlineLog().show(true);
}

/** A fallback was chosen: say so, and offer the better tool without blocking the run. */
function showFallback(plan: ProfilerPlan, fallback: PlanFallback): void {
  const m = fallback.missing;
  void vscode.window
    .showInformationMessage(`Hotline: ${fallback.reason}, so ${plan.profilerLabel} is used. ${plan.notes.join(' ')}`, ...(m ? [`Install ${m.tool}`] : []))
    .then((c) => {
      if (c && m) void offerInstall(m.tool, m.installHint);
    });
}

/** Hashes of the workspace sources the profile touches, so later edits are detected as stale. */
async function sourceHashes(profile: Profile, cwd: string, before: Map<string, string>): Promise<Record<string, string>> {
  const roots = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
  const files = new Set<string>();
  for (const f of profile.frames) {
    if (f.kind !== 'user' || !f.file || f.file.startsWith('<')) continue;
    const abs = isAbsolute(f.file) ? f.file : resolve(cwd, f.file);
    if (roots.length === 0 || roots.some((r) => abs.startsWith(r))) files.add(abs);
    if (files.size >= 500) break;
  }
  const out: Record<string, string> = Object.fromEntries(before);
  await Promise.all(
    [...files]
      .filter((f) => !(f in out))
      .map(async (f) => {
        try {
          out[f] = contentHash(await readFile(f, 'utf8'));
        } catch {
          // deleted or unreadable since the run: nothing to compare against later
        }
      }),
  );
  return out;
}

export async function runAndShow(library: ProfileLibrary, prepare: PlanPreparation, options: RunOptions): Promise<KeptProfile | undefined> {
  if (!(await ensureTrustedToRun('run a profiler'))) return undefined;
  const log = hotlineLog();
  let prepared: PreparedPlan;
  try {
    prepared = prepare();
  } catch (err) {
    if (err instanceof ProfilerNotFoundError) void offerInstall(err.tool, err.installHint);
    else if (err instanceof ProfilerPermissionError) void showPermissionProblem(err);
    else await showError('cannot profile this', err);
    return undefined;
  }
  const chosen = prepared.plan;
  if (prepared.fallback) showFallback(chosen, prepared.fallback);
  // The profiled file as it is now: edits made while the program runs must not hide staleness.
  const before = new Map<string, string>();
  if (options.sourceFile) {
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === options.sourceFile);
    try {
      before.set(options.sourceFile, contentHash(doc ? doc.getText() : await readFile(options.sourceFile, 'utf8')));
    } catch {
      // a folder (Go package, crate) or a vanished file: hashes come from the profile's frames
    }
  }
  log.info(`profiling ${chosen.target} with ${chosen.profilerLabel}`);
  for (const note of chosen.notes) log.info(`note: ${note}`);
  for (const step of chosen.steps)
    log.info(`step: ${step.label}${step.kind === 'exec' ? ` — ${step.argv.map((a) => (typeof a === 'string' ? a : '<built executable>')).join(' ')}` : ''}`);

  const run = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Hotline: ${options.title}`, cancellable: true },
    async (progress, token) => {
      const abort = new AbortController();
      const sub = token.onCancellationRequested(() => {
        log.info('cancel requested: stopping the run and its child processes');
        abort.abort();
      });
      progress.report({ message: `${chosen.profilerLabel}…` });
      try {
        return await runProfile(chosen, {
          signal: abort.signal,
          timeoutMs: chosen.timeoutMs,
          onStep: (label: string) => progress.report({ message: label }),
          onOutput: (line: string) => {
            log.info(line);
            progress.report({ message: line.length > 80 ? `${line.slice(0, 77)}…` : line });
          },
        });
      } catch (err) {
        if (abort.signal.aborted || err instanceof ProfileCancelledError) {
          void vscode.window.showInformationMessage('Hotline: profiling cancelled; nothing was kept and no process is left running.');
          return undefined;
        }
        if (err instanceof ProfilerNotFoundError) {
          void offerInstall(err.tool, err.installHint);
          return undefined;
        }
        if (err instanceof ProfilerPermissionError) {
          void showPermissionProblem(err);
          return undefined;
        }
        void showError('profiling failed', err);
        return undefined;
      } finally {
        sub.dispose();
      }
    },
  );
  if (!run) return undefined;
  log.info(`recorded ${run.profilePath} in ${(run.durationMs / 1000).toFixed(1)} s; program exit code ${run.exitCode}`);
  for (const note of run.notes) log.info(`note: ${note}`);
  if (run.timedOut) {
    void vscode.window.showWarningMessage(`Hotline: the run hit its time limit (hotline.profile.timeoutSeconds); showing what was recorded until then.`);
  }
  if (run.exitCode !== 0) {
    log.warn(`program stderr (tail):\n${run.stderrTail}`);
    void vscode.window
      .showWarningMessage(
        `Hotline: the program exited with ${run.exitCode === null ? 'a signal' : `code ${run.exitCode}`}; showing the partial profile. ${firstLine(run.stderrTail)}`,
        'Show Log',
      )
      .then((c) => c && log.show(true));
  }
  let entry: KeptProfile;
  try {
    entry = await library.store.keep(run.profilePath, {
      ...profileSummary(run.profile),
      name: options.name,
      sourceFile: options.sourceFile,
      request: options.request,
      sourceHashes: await sourceHashes(run.profile, chosen.cwd, before),
      capturedAt: run.profile.metadata.capturedAt,
      durationMs: run.durationMs,
    });
  } catch (err) {
    await showError(`the profile was recorded (${run.profilePath}) but could not be kept`, err);
    return undefined;
  }
  const loaded = library.adopt(entry, run.profile);
  const showPanel = options.showPanel ?? true;
  if (showPanel) {
    if (options.baseline) await library.compare(options.baseline, entry);
    else library.show(loaded);
  }
  if (options.sourceFile && /\.[A-Za-z0-9]+$/.test(options.sourceFile)) {
    // The annotated source beside the flame graph, so both are in view.
    try {
      const doc = await vscode.workspace.openTextDocument(options.sourceFile);
      await vscode.window.showTextDocument(doc, { viewColumn: showPanel ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active, preview: false });
    } catch (err) {
      log.warn(`could not open ${options.sourceFile}: ${errorMessage(err)}`);
    }
  }
  return entry;
}

function firstLine(text: string): string {
  const line = text.trim().split('\n').pop() ?? '';
  return line.length > 160 ? `${line.slice(0, 157)}…` : line;
}
