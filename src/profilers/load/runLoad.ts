/**
 * `hotline load`: start the service, wait until it answers, drive it with autocannon on the loopback,
 * and record a CPU profile of the server process during exactly the load window. The service and
 * everything it started are stopped afterwards, on error and on cancel (one process group).
 * Or a service already running: load its URL only, or also profile its process (`pid`), which is left running.
 * A service Hotline starts gets HOTLINE_PPROF_ADDR, a free loopback host:port: a Go service that serves
 * net/http/pprof there is profiled through it; one that does not, and native services, with perf.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { urlPort, urlProblem, type LoadResult } from '../../core/load';
import type { Executables } from '../../core/plan';
import { claimPort, portOpen } from '../ports';
import { LoadRunError, runAutocannon, type LoadOptions } from './autocannon';
import { findServerProcess, runtimeOf, ServiceError, startService, waitUntilAnswering, type ServerRuntime, type Service } from './service';
import { collectTraces, tracedLaunch, checkTracedRuntime, type CollectedTraces, type TraceTarget } from './traced';
import { startWindowProfiler, type WindowProfiler } from './windowProfiler';

export interface LoadRequest {
  /** The service's command (argv); it is started, loaded, profiled and stopped. Without it the service already runs at the URL. */
  readonly server?: readonly string[];
  /** Variables the service's command gets besides Hotline's own environment (a launch configuration's `env`). */
  readonly serverEnv?: Readonly<Record<string, string>>;
  /** Without `server`: the running service's process, profiled during the load (and left running). */
  readonly pid?: number;
  /** With `pid` of a Go service: its net/http/pprof base URL (http://127.0.0.1:6060); without it perf records the process. */
  readonly pprof?: string;
  readonly load: LoadOptions;
  readonly cwd: string;
  /** Load addresses other than loopback (the user typed them and said so). */
  readonly allowRemote?: boolean;
  /** Where the CPU profile goes, without its extension (.speedscope.json / .cpuprofile / .pprof / .perf-script.txt is added); null: none. */
  readonly profileBase: string | null;
  /** Copy the runner's result file (a baseline for --baseline) here. */
  readonly saveResult?: string;
  readonly readyTimeoutMs?: number;
  readonly executables?: Executables;
  readonly signal?: AbortSignal;
  readonly log?: (line: string) => void;
  /** Run the service under OpenTelemetry, exporting to this Zipkin, and read its traces back afterwards (needs `server`). */
  readonly trace?: TraceTarget;
  /** Called with the service's process group id once it is started. */
  readonly onServiceStarted?: (pgid: number) => void;
}

export interface LoadProfile {
  readonly file: string | null;
  readonly profiler: string;
  /** Why there is no profile (runtime not supported, the profiler failed), or null. */
  readonly problem: string | null;
  /** How it was taken when that is not the runtime's first choice (a Go service recorded by perf, and why), or null. */
  readonly note?: string | null;
}

export interface LoadSession {
  readonly result: LoadResult;
  readonly profile: LoadProfile | null;
  /** The profiled server process; null when only the URL was loaded. */
  readonly serverPid: number | null;
  /** The service's traces from Zipkin (with `trace`), or null. */
  readonly traces: CollectedTraces | null;
}

/** The service ended during the load: what was measured and recorded up to then is kept. */
export class ServiceCrashedError extends ServiceError {
  override readonly name = 'ServiceCrashedError';
  constructor(
    message: string,
    stderrTail: string,
    readonly partial: LoadSession,
  ) {
    super(message, stderrTail);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface ServerProcess {
  readonly pid: number;
  readonly exe: string;
  readonly runtime: ServerRuntime;
}

/** The listening server among the group's processes (a launcher may fork it a moment after the port opens). */
async function serverProcess(service: Service, port: number): Promise<ServerProcess> {
  for (let i = 0; i < 20; i++) {
    const found = findServerProcess(service.pgid, port);
    if (found) return found;
    await sleep(100);
  }
  return { pid: service.pgid, exe: '', runtime: 'other' as const };
}

const processAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
};

interface Window {
  readonly result: LoadResult;
  readonly resultFile: string;
  readonly profile: LoadProfile | null;
}

/** Profiles `server` (when asked and it can) while autocannon loads the URL: exactly the load window. */
async function loadWindow(
  req: LoadRequest,
  server: ServerProcess | null,
  pprof: { url: string; required: boolean } | null,
  work: string,
  serviceExited: () => boolean,
  serviceOutput: () => string,
): Promise<Window> {
  let profiler: WindowProfiler | null = null;
  try {
    let profile: LoadProfile | null = null;
    if (req.profileBase !== null && server) {
      if (server.runtime === 'other') {
        profile = {
          file: null,
          profiler: 'none',
          problem: `no CPU profile: the process ${req.server ? `on port ${urlPort(req.load.url)}` : server.pid} (${server.exe || `pid ${server.pid}`}) is neither Python, Node, Go nor a native executable`,
        };
      } else {
        mkdirSync(dirname(req.profileBase), { recursive: true });
        profiler = await startWindowProfiler(server.runtime, server.pid, req.profileBase, {
          executables: req.executables,
          log: req.log,
          signal: req.signal,
          ...(pprof ? { pprofUrl: pprof.url, pprofRequired: pprof.required } : {}),
          ...(req.load.amount === undefined && req.load.duration !== undefined ? { seconds: req.load.duration } : {}),
        });
        profile = { file: profiler.file, profiler: profiler.label, problem: null, note: profiler.note };
      }
    }
    const run = await runAutocannon(req.load, { resultFile: join(work, 'load.autocannon.json'), cwd: req.cwd, signal: req.signal }).catch((err: Error) => {
      if (serviceExited()) throw new ServiceError(`the service exited during the load (${err.message.split('\n')[0]})`, serviceOutput());
      throw err;
    });
    if (profiler) {
      const recorded = await profiler.finish();
      profiler = null;
      profile = { ...profile!, ...recorded };
    }
    if (req.saveResult) {
      mkdirSync(dirname(req.saveResult), { recursive: true });
      copyFileSync(run.resultFile, req.saveResult);
    }
    return { result: run.result, resultFile: run.resultFile, profile };
  } finally {
    await profiler?.finish();
  }
}

export async function runLoadSession(req: LoadRequest): Promise<LoadSession> {
  const problem = urlProblem(req.load.url, !!req.allowRemote);
  if (problem) throw new LoadRunError(problem);
  if (req.server && req.pid !== undefined) throw new LoadRunError('give the command that starts the service or the pid of a running one, not both');
  if (req.trace && !req.server) throw new LoadRunError('tracing needs the command that starts the service: it runs under OpenTelemetry');
  if (req.pprof !== undefined && req.pid === undefined)
    throw new LoadRunError('a pprof address goes with the pid of the running Go service (a service Hotline starts gets HOTLINE_PPROF_ADDR)');
  const work = mkdtempSync(join(tmpdir(), 'hotline-load-'));
  try {
    return req.server ? await startedSession(req, req.server, work) : await runningSession(req, work);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** A service that already runs: the URL must answer now; `pid`, when given, is profiled and left running. */
async function runningSession(req: LoadRequest, work: string): Promise<LoadSession> {
  let server: ServerProcess | null = null;
  if (req.pid !== undefined) {
    if (!processAlive(req.pid)) throw new LoadRunError(`no process with pid ${req.pid} is running`);
    server = { pid: req.pid, ...runtimeOf(req.pid) };
  }
  try {
    await fetch(req.load.url, { signal: AbortSignal.timeout(req.readyTimeoutMs ?? 15_000), redirect: 'manual' });
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message;
    throw new LoadRunError(`nothing answers ${req.load.url} (${cause}): start the service first, or give the command that starts it`);
  }
  const pid = req.pid;
  const exited = () => pid !== undefined && !processAlive(pid);
  const w = await loadWindow(req, server, req.pprof ? { url: req.pprof, required: true } : null, work, exited, () => '');
  const session: LoadSession = { result: w.result, profile: w.profile, serverPid: pid ?? null, traces: null };
  if (exited()) throw new ServiceCrashedError(`the process ${pid} ended during the load: ${w.result.errors} requests failed`, '', session);
  return session;
}

async function startedSession(req: LoadRequest, argv: readonly string[], work: string): Promise<LoadSession> {
  const port = urlPort(req.load.url);
  if (await portOpen(new URL(req.load.url).hostname.replace(/^\[|\]$/g, ''), port)) {
    throw new LoadRunError(`port ${port} is already in use before the service started: stop whatever listens there or give the service another port`);
  }
  const launch = req.trace ? tracedLaunch(argv, req.trace, { ...process.env, ...req.serverEnv }) : { argv: [...argv], env: undefined };
  // Where a Go service may serve net/http/pprof (examples/services/go does when this is set).
  const pprofAddr = `127.0.0.1:${await claimPort(0)}`;
  const env = { ...req.serverEnv, ...launch.env, HOTLINE_PPROF_ADDR: pprofAddr };
  const startedAt = Date.now();
  const service = await startService(launch.argv, { cwd: req.cwd, env, onOutput: (l, s) => req.log?.(`[service ${s}] ${l}`) });
  req.onServiceStarted?.(service.pgid);
  try {
    await waitUntilAnswering(service, req.load.url, req.readyTimeoutMs ?? 15_000, req.signal);
    const server = await serverProcess(service, port);
    if (req.trace) checkTracedRuntime(server.runtime, `the process on port ${port} (${server.exe || `pid ${server.pid}`})`);
    const w = await loadWindow(
      req,
      server,
      { url: `http://${pprofAddr}`, required: false },
      work,
      () => service.hasExited(),
      () => service.stderrTail(),
    );
    if (service.hasExited()) {
      const r = await service.stop();
      throw new ServiceCrashedError(`the service exited (${service.exitDescription()}) during the load: ${w.result.errors} requests failed`, r.stderrTail, {
        result: w.result,
        profile: w.profile,
        serverPid: server.pid,
        traces: null,
      });
    }
    // Read while the service still runs: its exporter sends a batch every 200 ms, whereas a service
    // that ends at once on SIGTERM (as the Node example does) would drop its last batch.
    const traces = req.trace ? await collectTraces(req.trace, startedAt, w.result.requests) : null;
    return { result: w.result, profile: w.profile, serverPid: server.pid, traces };
  } finally {
    await service.stop();
  }
}
