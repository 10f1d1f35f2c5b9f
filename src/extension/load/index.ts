/**
 * "Profile Service Under Load…": starts the user's service (picked among the workspace's npm scripts
 * and launch configurations, ../workspaceServers.ts, or a typed command; or a running pid), waits until it answers, drives it with
 * autocannon on the loopback and records a CPU profile of the server process during exactly the load
 * window (src/profilers/load), then shows the Load Results panel (latency percentiles, histogram,
 * latency over time, against the previous run of the same load) and opens the profile in the flame
 * graph with the hot lines annotated. Starting the service runs workspace code: refused in Restricted
 * Mode. The extension's wiring calls loadArea({ context, library }) and registers its commands with
 * every other table.
 */
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import * as vscode from 'vscode';
import {
  isLoopbackHost,
  parseLoadResult,
  parseLoadTargetsText,
  parseServiceChoice,
  type LoadResult,
  type LoadTargets,
  type ServiceChoice,
} from '../../core/load';
import { loadPageHtml } from '../../core/load/loadPage';
import type { ImportedTraces } from '../../core/traces/importers/index';
import type { ServerChoice } from '../../core/workspaceServers';
import type { LoadSession } from '../../profilers/load/runLoad';
import type { CommandTable } from '../commandIds';
import { hotlineLog } from '../log';
import { profileSummary, type ProfileLibrary } from '../profileLibrary';
import { executableSetting } from '../settings';
import { StaticPagePanel } from '../staticPagePanel';
import { ensureTrustedToRun } from '../workspaceTrust';
import { findServerChoice, workspaceServerChoices } from '../workspaceServers';

export interface LoadFeatureDeps {
  /** Where the last server command and URL are remembered. */
  state: vscode.Memento;
  /** Where the profile taken during the load is kept, made active (annotations) and shown (flame graph). */
  library?: ProfileLibrary;
  /** Shows the traces of a traced session in the Traces panel (with its line notes). */
  showTraces?: (source: string, imported: ImportedTraces) => unknown;
}

export interface LoadArea {
  commands: CommandTable<'load'>;
}

/** What tests and links pass instead of answering the picker and the input boxes. */
export interface ProfileServiceArgs {
  /** The command that starts the service; "pid N" profiles a running process, "" only loads the URL. */
  readonly server?: string;
  /** Instead of `server`: the picker's entry for one of the workspace's servers (an npm script or a launch configuration), by its label, optionally in the folder it runs in. */
  readonly service?: { readonly label: string; readonly folder?: string };
  /** One URL, or a mix: "URL, POST URL, …" on one host and port. */
  readonly url: string;
  /** The load's method, headers and body (every request of a mix; a method written before a URL wins). */
  readonly method?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly connections?: number;
  readonly duration?: number;
  /** Where the server command runs; the first workspace folder by default. */
  readonly cwd?: string;
  /** A result saved by `hotline load --save` to compare with (else the previous run of the same load). */
  readonly baseline?: string;
  /** Send load to a non-loopback URL (the input boxes ask the user to confirm instead). */
  readonly allowRemote?: boolean;
}

/** What the command returns: the session and the comparison shown, if any. */
export interface ProfiledService extends LoadSession {
  readonly baselineLabel: string | null;
}

interface Settings {
  /** The command typed, "pid N", "" (load only), or the label of the workspace server picked. */
  readonly server: string;
  /** The workspace server picked: its argv, folder and environment. */
  readonly picked?: ServerChoice;
  readonly url: string;
  readonly connections: number;
  readonly duration: number;
  readonly allowRemote: boolean;
}

const panel = new StaticPagePanel('hotline.loadResults', 'the load results');
const LAST = 'hotline.load.last';
/** The last result per load (server, URL, connections, duration): "the previous run" next time. */
const previous = new Map<string, LoadResult>();

function isArgs(x: unknown): x is ProfileServiceArgs {
  const a = x as ProfileServiceArgs;
  return !!a && typeof a === 'object' && typeof a.url === 'string' && (typeof a.server === 'string' || typeof a.service?.label === 'string');
}

const wholeNumber = (min: number, max: number) => (v: string) =>
  /^\d+$/.test(v.trim()) && Number(v) >= min && Number(v) <= max ? undefined : `a whole number from ${min} to ${max}`;

type ServicePick = { server: string; picked?: ServerChoice };

const TYPE_COMMAND = 'Type a command…';
const RUNNING_PID = 'A running process (pid)…';
const URL_ONLY = 'Only load a URL';

/** The service: one of the workspace's servers (npm scripts, launch configurations), a typed command, a running pid, or none. */
async function pickService(state: vscode.Memento, cwd: string, title: string): Promise<ServicePick | undefined> {
  const last = state.get<Partial<Settings>>(LAST) ?? {};
  const choices = await workspaceServerChoices();
  type Item = vscode.QuickPickItem & { choice?: ServerChoice };
  const items: Item[] = [
    ...(choices.length ? [{ label: "The workspace's servers", kind: vscode.QuickPickItemKind.Separator }] : []),
    ...choices.map((c) => ({ label: c.label, description: c.source === 'npm' ? c.cwd : 'launch configuration', detail: c.detail, choice: c })),
    { label: 'Other', kind: vscode.QuickPickItemKind.Separator },
    {
      label: TYPE_COMMAND,
      detail: `Run by sh in ${cwd}, e.g. node server.js 8080 or uvicorn app:app --port 8080${last.server && !last.picked ? ` (last: ${last.server})` : ''}`,
    },
    { label: RUNNING_PID, detail: 'Profile a service that already runs, and leave it running' },
    { label: URL_ONLY, detail: 'Load a service that already runs, without a profile' },
  ];
  const pick = await vscode.window.showQuickPick(items, {
    title: `${title} (1/4)`,
    placeHolder: 'Which service? Hotline starts it, waits until it answers, loads and profiles it, then stops it and everything it started',
    matchOnDetail: true,
    ignoreFocusOut: true,
  });
  if (!pick) return undefined;
  if (pick.choice) return { server: pick.choice.label, picked: pick.choice };
  if (pick.label === URL_ONLY) return { server: '' };
  const pid = pick.label === RUNNING_PID;
  const typed = await vscode.window.showInputBox({
    title: `${title} (1/4)`,
    prompt: pid ? 'The process id of the running service (Python or Node)' : `The command that starts the service, run by sh in ${cwd}`,
    value: pid ? '' : last.picked ? '' : (last.server ?? ''),
    ignoreFocusOut: true,
    validateInput: (v) => {
      if (pid) return /^[1-9]\d*$/.test(v.trim()) ? undefined : 'a process id, e.g. 4242';
      const choice = parseServiceChoice(v);
      return !v.trim() ? 'the command, e.g. node server.js 8080' : typeof choice === 'string' ? choice : undefined;
    },
  });
  if (typed === undefined) return undefined;
  return { server: pid ? `pid ${typed.trim()}` : typed.trim() };
}

/** Asks for the service (picker), the URL (confirming a non-loopback host), connections and duration. */
async function askSettings(state: vscode.Memento, cwd: string, title: string): Promise<Settings | undefined> {
  const last = state.get<Partial<Settings>>(LAST) ?? {};
  const service = await pickService(state, cwd, title);
  if (service === undefined) return undefined;
  const url = await vscode.window.showInputBox({
    title: `${title} (2/4)`,
    prompt:
      'The URL to load (the service listens on its port); several, separated by commas, are a mix each connection sends in turn; "POST http://…" gives a method',
    value: last.url ?? 'http://127.0.0.1:8080/',
    ignoreFocusOut: true,
    validateInput: (v) => {
      const targets = parseLoadTargetsText(v, true);
      return typeof targets === 'string' ? targets : undefined;
    },
  });
  if (url === undefined) return undefined;
  let allowRemote = false;
  const host = new URL((parseLoadTargetsText(url, true) as LoadTargets).url).hostname;
  if (!isLoopbackHost(host)) {
    const send = 'Send Load';
    const ok = await vscode.window.showWarningMessage(
      `${host} is not a loopback address. Send load to it anyway?`,
      { modal: true, detail: 'Hotline loads 127.0.0.1, ::1 and localhost unless you confirm another host.' },
      send,
    );
    if (ok !== send) return undefined;
    allowRemote = true;
  }
  const connections = await vscode.window.showInputBox({
    title: `${title} (3/4)`,
    prompt: 'Concurrent connections',
    value: String(last.connections ?? 10),
    validateInput: wholeNumber(1, 10_000),
  });
  if (connections === undefined) return undefined;
  const duration = await vscode.window.showInputBox({
    title: `${title} (4/4)`,
    prompt: 'Seconds of load',
    value: String(last.duration ?? 10),
    validateInput: wholeNumber(1, 3600),
  });
  if (duration === undefined) return undefined;
  const settings = { ...service, url: url.trim(), connections: Number(connections), duration: Number(duration), allowRemote };
  await state.update(LAST, { ...settings, allowRemote: undefined, picked: service.picked ? true : undefined });
  return settings;
}

async function baselineFor(key: string, file: string | undefined): Promise<{ label: string; result: LoadResult } | null> {
  if (file) return { label: basename(file), result: parseLoadResult(await readFile(file, 'utf8')) };
  const last = previous.get(key);
  return last ? { label: 'the previous run', result: last } : null;
}

async function keepProfile(session: LoadSession, s: Settings, targets: LoadTargets, library: ProfileLibrary): Promise<void> {
  const file = session.profile?.file;
  if (!file) return;
  const profile = await library.read(file);
  const entry = await library.store.reference(
    file,
    profileSummary(profile),
    `${s.server} under load · ${new URL(targets.url).pathname}${targets.requests ? ' (a mix)' : ''} · ${new Date().toLocaleTimeString()}`,
  );
  library.show(library.adopt(entry, profile));
}

function showResults(session: LoadSession, s: Settings, targets: LoadTargets, baseline: { label: string; result: LoadResult } | null): void {
  const u = new URL(targets.url);
  const server = s.picked ? `${s.picked.label} (${s.picked.detail})` : s.server.trim() || 'a running service (load only)';
  panel.show(`Load: ${u.host}${u.pathname}`, (nonce, cspSource) =>
    loadPageHtml({ result: session.result, server, profile: session.profile, baseline }, { nonce, cspSource }),
  );
}

/** The service part of the load request for the first box's answer. */
function serviceOf(choice: ServiceChoice): { server: string[] } | { pid: number } | Record<string, never> {
  if (choice.kind === 'command') return { server: ['sh', '-c', choice.command] };
  return choice.kind === 'pid' ? { pid: choice.pid } : {};
}

/** The settings a test or link passes; a named workspace server is looked up as the picker lists it. */
async function givenSettings(given: ProfileServiceArgs): Promise<Settings> {
  const base = { url: given.url, connections: given.connections ?? 10, duration: given.duration ?? 10, allowRemote: !!given.allowRemote };
  if (!given.service) return { ...base, server: given.server ?? '' };
  const picked = findServerChoice(await workspaceServerChoices(), given.service.label, given.service.folder);
  return { ...base, server: picked.label, picked };
}

/** Service name of a traced session's spans. */
const TRACED_SERVICE = 'hotline-load';

async function profileService(deps: LoadFeatureDeps, arg: unknown, traced: boolean): Promise<ProfiledService | undefined> {
  const refusal = traced ? 'start a service under OpenTelemetry and trace it under load' : 'start a service and profile it under load';
  if (!(await ensureTrustedToRun(refusal))) return undefined;
  const given = isArgs(arg) ? arg : undefined;
  const cwd = given?.cwd ?? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd();
  const s: Settings | undefined = given
    ? await givenSettings(given)
    : await askSettings(deps.state, cwd, traced ? 'Trace Service Under Load' : 'Profile Service Under Load');
  if (!s) return undefined;
  const choice: ServiceChoice | string = s.picked ? { kind: 'command', command: s.picked.argv.join(' ') } : parseServiceChoice(s.server);
  if (typeof choice === 'string') throw new Error(choice);
  const targets = parseLoadTargetsText(s.url, s.allowRemote);
  if (typeof targets === 'string') throw new Error(targets);
  const method = given?.method ?? targets.method;
  const key = JSON.stringify([s.server, s.url, s.connections, s.duration, method, given?.headers, given?.body]);
  const baseline = await baselineFor(key, given?.baseline);
  // Loaded lazily: it pulls in execa (ESM).
  const { runLoadSession, ServiceCrashedError } = await import('../../profilers/load/runLoad');
  const controller = new AbortController();
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const log = (line: string) => hotlineLog().info(`load: ${line}`);
  let session: LoadSession;
  try {
    session = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `Hotline: ${s.connections} connections on ${s.url} for ${s.duration} s${choice.kind === 'url' ? '' : traced ? ', tracing and profiling the service' : ', profiling the service'}…`,
        cancellable: true,
      },
      async (progress, token) => {
        token.onCancellationRequested(() => controller.abort());
        // A local Zipkin for the session (the service's spans go there), stopped with it.
        const { startLocalZipkin } = await import('../../profilers/tracing/index');
        if (traced) progress.report({ message: 'starting a local Zipkin' });
        const zipkin = traced ? await startLocalZipkin({ signal: controller.signal }) : null;
        try {
          return await runLoadSession({
            ...(zipkin ? { trace: { zipkin: { url: zipkin.url }, serviceName: TRACED_SERVICE } } : {}),
            ...(s.picked ? { server: [...s.picked.argv], ...(s.picked.env ? { serverEnv: s.picked.env } : {}) } : serviceOf(choice)),
            load: {
              url: targets.url,
              connections: s.connections,
              duration: s.duration,
              ...(targets.requests ? { requests: targets.requests } : {}),
              ...(method ? { method: method.toUpperCase() } : {}),
              ...(given?.headers ? { headers: given.headers } : {}),
              ...(given?.body !== undefined ? { body: given.body } : {}),
            },
            cwd: s.picked?.cwd ?? cwd,
            allowRemote: s.allowRemote,
            profileBase: choice.kind === 'url' ? null : join(cwd, '.hotline', 'profiles', `load-${stamp}`),
            executables: { pyspy: executableSetting('pyspy.executable') },
            signal: controller.signal,
            log,
          });
        } finally {
          await zipkin?.stop();
        }
      },
    );
  } catch (err) {
    if (controller.signal.aborted) {
      log('cancelled; the service and everything it started are stopped');
      return undefined;
    }
    // What was measured and profiled until the crash is shown; the error still reaches the user.
    if (err instanceof ServiceCrashedError) {
      if (deps.library) await keepProfile(err.partial, s, targets, deps.library);
      showResults(err.partial, s, targets, null);
    }
    throw err;
  }
  const l = session.result.latency;
  log(
    `${s.url}: ${session.result.requestsPerSecond.toFixed(1)} req/s, p50 ${l.p50} ms, p95 ${l.p95} ms, p99 ${l.p99} ms; profile ${session.profile?.file ?? session.profile?.problem ?? 'none'}`,
  );
  // The flame graph first, the results beside it: both stay in view.
  if (deps.library) await keepProfile(session, s, targets, deps.library);
  showResults(session, s, targets, baseline);
  if (session.traces) {
    if (session.traces.traces.length === 0)
      throw new Error(`no traces of the service reached Zipkin: is it Python or Node, started by python3 or node in "${s.server}"?`);
    deps.showTraces?.(`${s.server} under load (service ${TRACED_SERVICE})`, { format: 'zipkin', traces: [...session.traces.traces] });
  }
  previous.set(key, session.result);
  if (session.profile?.problem) void vscode.window.showWarningMessage(`Hotline: ${session.profile.problem}`);
  return { ...session, baselineLabel: baseline?.label ?? null };
}

export function loadArea(deps: LoadFeatureDeps): LoadArea {
  // "What is slow?" passes the active editor's URI (ignored: the service is asked for); tests pass ProfileServiceArgs.
  return {
    commands: {
      'hotline.load.profileService': (arg?: unknown) => profileService(deps, arg, false),
      // The same, with the service run under OpenTelemetry and its traces in the Traces panel.
      'hotline.load.traceService': (arg?: unknown) => profileService(deps, arg, true),
    },
  };
}

/** The Load Results panel's HTML, or undefined when it is not open (extension-host tests). */
export function loadResultsHtml(): string | undefined {
  return panel.html;
}
