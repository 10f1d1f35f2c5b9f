/**
 * Leaks in a Go service, from its net/http/pprof endpoint: goroutine and heap profiles (?gc=1)
 * taken every interval, analysed by src/core/memory/goLeakReport.ts.
 *   A running service: its base URL (`--pprof-url http://127.0.0.1:6060`).
 *   A program: its main package directory is built (`go build`), run with HOTLINE_PPROF_ADDR set to
 *   a free loopback address (the program serves net/http/pprof there, as
 *   examples/long-running/go does) and GODEBUG=gctrace=1 (its stderr lines become the GC events),
 *   snapshotted, then its whole process group is ended.
 */
import { existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { importProfileFile } from '../../core/importers/index';
import { goPprofUrl } from '../../core/plan/index';
import { requirement } from '../../core/plan/tools';
import { GcEvent, heapAfterGcSeries } from '../../core/memory/gcLog';
import { goLeakReport, GoLeakReport, GoSnapshot } from '../../core/memory/goLeakReport';
import { isGoGctraceLine, parseGoGctrace } from '../../core/memory/goGctrace';
import { LeakFinderError } from '../../core/memory/leakAnalysis';
import type { MemorySeries } from '../../core/memory/memorySeries';
import { ProfileBuildError, ProfileCancelledError, ProfileMissingError } from '../errors';
import { fetchToFile } from '../fetchToFile';
import { portOpen } from '../ports';
import { execInGroup, ExecResult } from '../processTree';
import { assertTools } from '../toolCheck';
import { claimPort } from '../ports';
import type { MemoryRunOptions } from './allocationProfile';
import { readSource } from './leakFinder';

/** The environment variable naming the address a program run by `hotline leaks` serves /debug/pprof on. */
export const PPROF_ADDR_ENV = 'HOTLINE_PPROF_ADDR';

export interface GoLeakRequest {
  /** A Go main package: its directory or one of its .go files. */
  program?: string;
  /** Or the base URL of a service already serving net/http/pprof. */
  url?: string;
  args?: string[];
  cwd?: string;
  go?: string;
  /** Time between snapshots (default 2000 ms). */
  intervalMs?: number;
  /** Snapshots to take, at least 3 (default 4). */
  snapshots?: number;
  outDir?: string;
}

export interface GoLeakRun {
  report: GoLeakReport;
  files: string[];
  series: MemorySeries[];
  gc?: GcEvent[];
  exitCode?: number | null;
  stderrTail?: string;
}

/** A Go program for `hotline leaks`: a .go file, or a directory holding .go files. */
export function isGoProgram(path: string): boolean {
  if (path.endsWith('.go')) return true;
  try {
    return statSync(path).isDirectory() && readdirSync(path).some((f) => f.endsWith('.go'));
  } catch {
    return false;
  }
}

export async function runGoLeaks(request: GoLeakRequest, options: MemoryRunOptions = {}): Promise<GoLeakRun> {
  const snapshots = request.snapshots ?? 4;
  if (snapshots < 3) throw new LeakFinderError('steady growth needs at least 3 snapshots', 2);
  const outDir = request.outDir ?? mkdtempSync(join(tmpdir(), 'hotline-go-leaks-'));
  const intervalMs = request.intervalMs ?? 2000;
  const deadline = Date.now() + (options.timeoutMs ?? 300_000);
  if (request.url) {
    const files: string[] = [];
    const taken = await takeSnapshots(request.url, { snapshots, intervalMs, outDir, files, deadline, signal: options.signal });
    return { report: goLeakReport(taken, { program: request.url, url: request.url, intervalMs, readSource }), files, series: [] };
  }
  if (!request.program) throw new LeakFinderError('a Go leak run needs a program directory or a --pprof-url', 2);
  return runGoProgram(request.program, request, { snapshots, intervalMs, outDir, deadline, signal: options.signal, onOutput: options.onOutput });
}

interface Watch {
  snapshots: number;
  intervalMs: number;
  outDir: string;
  deadline: number;
  signal?: AbortSignal;
}

async function runGoProgram(program: string, request: GoLeakRequest, w: Watch & { onOutput?: (line: string) => void }): Promise<GoLeakRun> {
  const cwd = request.cwd ?? process.cwd();
  const target = resolve(cwd, program);
  if (!existsSync(target)) throw new ProfileMissingError(`${program} does not exist`, null, '');
  const dir = target.endsWith('.go') ? dirname(target) : target;
  const go = request.go ?? 'go';
  const tool = requirement('go', { go });
  assertTools({ tools: [tool] });
  const binary = join(w.outDir, basename(dir) || 'program');
  const build = await execInGroup([go, 'build', '-o', binary, '.'], { cwd: dir, signal: w.signal, deadline: w.deadline, onOutput: w.onOutput });
  if (build.cancelled) throw new ProfileCancelledError();
  if (build.exitCode !== 0) throw new ProfileBuildError(`go build in ${dir}`, build.exitCode, build.stderrTail);

  const addr = `127.0.0.1:${await claimPort(0)}`;
  const stop = new AbortController();
  const onCancel = () => stop.abort();
  w.signal?.addEventListener('abort', onCancel, { once: true });
  const gcLines: string[] = [];
  let exited = false;
  const godebug = [process.env.GODEBUG, 'gctrace=1'].filter(Boolean).join(',');
  const running: Promise<ExecResult> = execInGroup([binary, ...(request.args ?? [])], {
    cwd: dir,
    env: { [PPROF_ADDR_ENV]: addr, GODEBUG: godebug },
    signal: stop.signal,
    deadline: w.deadline,
    interruptSignal: 'SIGKILL',
    onOutput: (line) => (isGoGctraceLine(line) ? gcLines.push(line) : w.onOutput?.(line)),
    onExit: () => void (exited = true),
  });
  const files: string[] = [];
  let taken: GoSnapshot[] = [];
  let failure: unknown;
  try {
    await waitForPprof(addr, () => exited, w);
    taken = await takeSnapshots(`http://${addr}`, { ...w, files });
  } catch (e) {
    failure = e;
  } finally {
    stop.abort();
    w.signal?.removeEventListener('abort', onCancel);
  }
  const result = await running;
  if (w.signal?.aborted) throw new ProfileCancelledError();
  if (failure instanceof ProfileMissingError && exited && !result.cancelled) {
    throw new ProfileMissingError(
      `${program} ended (exit code ${result.exitCode ?? result.signal}) before ${taken.length === 0 ? 'serving /debug/pprof' : `the last of ${w.snapshots} snapshots`}: it must import net/http/pprof and serve it on $${PPROF_ADDR_ENV} (the address Hotline gives it) and keep running`,
      result.exitCode,
      result.stderrTail,
    );
  }
  if (failure) throw failure;
  const gc = parseGoGctrace(gcLines.join('\n'));
  const report = goLeakReport(taken, { program, url: `http://${addr}/debug/pprof/`, intervalMs: w.intervalMs, readSource });
  return { report, files, series: gc.length ? [heapAfterGcSeries(gc)] : [], gc, exitCode: result.exitCode, stderrTail: result.stderrTail };
}

/** Until the program answers on its pprof address (or ends, or the time is up). */
async function waitForPprof(addr: string, exited: () => boolean, w: Watch): Promise<void> {
  const [host, port] = [addr.slice(0, addr.lastIndexOf(':')), Number(addr.slice(addr.lastIndexOf(':') + 1))];
  const until = Math.min(w.deadline, Date.now() + 30_000);
  while (!(await portOpen(host, port, 500))) {
    if (exited()) throw new ProfileMissingError('the program ended before serving /debug/pprof', null, '');
    if (Date.now() > until)
      throw new ProfileMissingError(`nothing answered on ${addr} within 30 s: the program must serve net/http/pprof on $${PPROF_ADDR_ENV}`, null, '');
    await pause(100, w.signal);
  }
}

async function pause(ms: number, signal?: AbortSignal): Promise<void> {
  try {
    await sleep(ms, undefined, { signal });
  } catch {
    throw new ProfileCancelledError();
  }
}

/** `snapshots` goroutine and heap profiles `intervalMs` apart, saved in outDir and read by the pprof importer. */
async function takeSnapshots(url: string, w: Watch & { files: string[] }): Promise<GoSnapshot[]> {
  const goroutineUrl = goPprofUrl(url, 'goroutine', 0);
  // ?gc=1: a collection first, so live bytes are those of now, not of the last GC.
  const heapUrl = `${goPprofUrl(url, 'heap', 0)}?gc=1`;
  const started = Date.now();
  const out: GoSnapshot[] = [];
  for (let i = 1; i <= w.snapshots; i++) {
    if (i > 1) await pause(Math.max(0, started + (i - 1) * w.intervalMs - Date.now()), w.signal);
    if (Date.now() > w.deadline) throw new ProfileMissingError(`the time limit was reached after ${out.length} of ${w.snapshots} snapshots`, null, '');
    const atMs = Date.now() - started;
    const goroutineFile = join(w.outDir, `goroutine-${i}.pb.gz`);
    const heapFile = join(w.outDir, `heap-${i}.pb.gz`);
    await fetchToFile(goroutineUrl, goroutineFile, 30_000, w.signal);
    await fetchToFile(heapUrl, heapFile, 30_000, w.signal);
    w.files.push(goroutineFile, heapFile);
    out.push({ atMs, goroutine: await importProfileFile(goroutineFile), heap: await importProfileFile(heapFile) });
  }
  return out;
}
