/**
 * `hotline load`: start the service, wait until it answers, drive it with autocannon on the loopback,
 * and record a CPU profile of the server process during exactly the load window. The service and
 * everything it started are stopped afterwards, on error and on cancel (one process group).
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { urlPort, urlProblem, type LoadResult } from '../../core/load';
import type { Executables } from '../../core/plan';
import { portOpen } from '../ports';
import { LoadRunError, runAutocannon, type LoadOptions } from './autocannon';
import { findServerProcess, ServiceError, startService, waitUntilAnswering, type Service } from './service';
import { collectTraces, tracedLaunch, type CollectedTraces, type TraceTarget } from './traced';
import { PROFILE_EXTENSION, PROFILER_LABEL, startWindowProfiler, type WindowProfiler } from './windowProfiler';

export interface LoadRequest {
  /** The service's command (argv); it is started, loaded, profiled and stopped. */
  readonly server: readonly string[];
  readonly load: LoadOptions;
  readonly cwd: string;
  /** Load addresses other than loopback (the user typed them and said so). */
  readonly allowRemote?: boolean;
  /** Where the CPU profile goes, without its extension (.speedscope.json / .cpuprofile is added); null: none. */
  readonly profileBase: string | null;
  /** Copy the runner's result file (a baseline for --baseline) here. */
  readonly saveResult?: string;
  readonly readyTimeoutMs?: number;
  readonly executables?: Executables;
  readonly signal?: AbortSignal;
  readonly log?: (line: string) => void;
  /** Run the service under OpenTelemetry, exporting to this Zipkin, and read its traces back afterwards. */
  readonly trace?: TraceTarget;
  /** Called with the service's process group id once it is started. */
  readonly onServiceStarted?: (pgid: number) => void;
}

export interface LoadProfile {
  readonly file: string | null;
  readonly profiler: string;
  /** Why there is no profile (runtime not supported, the profiler failed), or null. */
  readonly problem: string | null;
}

export interface LoadSession {
  readonly result: LoadResult;
  readonly profile: LoadProfile | null;
  readonly serverPid: number;
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

/** The listening server among the group's processes (a launcher may fork it a moment after the port opens). */
async function serverProcess(service: Service, port: number) {
  for (let i = 0; i < 20; i++) {
    const found = findServerProcess(service.pgid, port);
    if (found) return found;
    await sleep(100);
  }
  return { pid: service.pgid, exe: '', runtime: 'other' as const };
}

export async function runLoadSession(req: LoadRequest): Promise<LoadSession> {
  const problem = urlProblem(req.load.url, !!req.allowRemote);
  if (problem) throw new LoadRunError(problem);
  const port = urlPort(req.load.url);
  if (await portOpen(new URL(req.load.url).hostname.replace(/^\[|\]$/g, ''), port)) {
    throw new LoadRunError(`port ${port} is already in use before the service started: stop whatever listens there or give the service another port`);
  }
  const work = mkdtempSync(join(tmpdir(), 'hotline-load-'));
  const launch = req.trace ? tracedLaunch(req.server, req.trace) : { argv: [...req.server], env: undefined };
  const startedAt = Date.now();
  const service = await startService(launch.argv, { cwd: req.cwd, env: launch.env, onOutput: (l, s) => req.log?.(`[service ${s}] ${l}`) });
  req.onServiceStarted?.(service.pgid);
  let profiler: WindowProfiler | null = null;
  try {
    await waitUntilAnswering(service, req.load.url, req.readyTimeoutMs ?? 15_000, req.signal);
    const server = await serverProcess(service, port);
    if (req.trace && server.runtime !== 'python') {
      throw new LoadRunError(
        `--trace runs the service under opentelemetry-instrument, which traces Python; the process on port ${port} is ${server.exe || `pid ${server.pid}`}`,
      );
    }
    let profile: LoadProfile | null = null;
    if (req.profileBase !== null) {
      if (server.runtime === 'other') {
        profile = {
          file: null,
          profiler: 'none',
          problem: `no CPU profile: the process on port ${port} (${server.exe || `pid ${server.pid}`}) is neither Python nor Node`,
        };
      } else {
        const file = req.profileBase + PROFILE_EXTENSION[server.runtime];
        mkdirSync(dirname(file), { recursive: true });
        profiler = await startWindowProfiler(server.runtime, server.pid, file, { executables: req.executables, log: req.log });
        profile = { file, profiler: PROFILER_LABEL[server.runtime], problem: null };
      }
    }
    const run = await runAutocannon(req.load, { resultFile: join(work, 'load.autocannon.json'), cwd: req.cwd, signal: req.signal }).catch((err: Error) => {
      if (service.hasExited()) throw new ServiceError(`the service exited during the load (${err.message.split('\n')[0]})`, service.stderrTail());
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
    if (service.hasExited()) {
      const session: LoadSession = { result: run.result, profile, serverPid: server.pid, traces: null };
      const r = await service.stop();
      throw new ServiceCrashedError(
        `the service exited (${service.exitDescription()}) during the load: ${run.result.errors} requests failed`,
        r.stderrTail,
        session,
      );
    }
    // Stopped first: the exporter flushes its last spans as the service exits.
    await service.stop();
    const traces = req.trace ? await collectTraces(req.trace, startedAt, run.result.requests) : null;
    return { result: run.result, profile, serverPid: server.pid, traces };
  } finally {
    await profiler?.finish();
    await service.stop();
    rmSync(work, { recursive: true, force: true });
  }
}
