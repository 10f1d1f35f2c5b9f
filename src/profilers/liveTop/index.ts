/**
 * Live top's samplers: attached to a running process, they hand one short profile per window
 * (about a second) to `onWindow` until the signal aborts or the process exits, then leave nothing
 * behind — no py-spy process, no inspector Hotline opened.
 *
 * Python: `py-spy top` is a terminal UI with no machine-readable output, and `py-spy record`
 * writes only when it ends, so each window is one `py-spy record --duration 1 --format raw` run
 * (folded stacks with file:line, idle threads left out as `py-spy top` does). What that loses:
 * the attach between windows (py-spy reads the interpreter's symbols again each time, a few
 * hundred ms), so a window covers about 1 s of every ~1.3 s; the view says how much it sampled.
 * Node: one inspector session (opened with SIGUSR1 when the process has none), Profiler.start /
 * Profiler.stop every second — V8's own sampler, no gap to speak of; (idle) samples left out.
 * Native processes (perf) are not sampled live: Attach to Process records them with perf.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { activeSamples, type SampleWindow } from '../../core/liveTop/rollingWindow';
import { cpuProfileBuilder, type CpuProfileDoc } from '../../core/importers/cpuprofileImporter';
import { importProfileBytes } from '../../core/importers/index';
import { PlanError, type Executables } from '../../core/plan';
import { executable, requirement } from '../../core/plan/tools';
import { attachKindOf, type AttachKind } from '../attachKind';
import { ProfileCancelledError, ProfilerNotFoundError } from '../errors';
import { connectInspector, sleep } from '../nodeInspector';
import { execInGroup } from '../processTree';
import { findExecutable, permissionFromStderr } from '../toolCheck';

/** The processes live top samples. */
export type LiveTopKind = Exclude<AttachKind, 'perf'>;

export interface LiveTopRequest {
  pid: number;
  kind: LiveTopKind;
  /** py-spy samples per second (default 100). */
  rateHz?: number;
  /** V8's sampling interval (default 1000 µs). */
  samplingIntervalMicros?: number;
  executables?: Executables;
  log?: (line: string) => void;
}

export interface LiveTopRunOptions {
  signal?: AbortSignal;
  onWindow(window: SampleWindow): void;
}

/** How a run ended: Stop/Cancel, or the process exited. */
export interface LiveTopEnd {
  reason: 'stopped' | 'exited';
  message: string;
}

/** What the view shows as the sampler, e.g. "py-spy record --pid 42, 1 s windows at 100 Hz". */
export function liveTopSamplerLabel(req: Pick<LiveTopRequest, 'kind' | 'pid' | 'rateHz' | 'samplingIntervalMicros'>): string {
  return req.kind === 'py-spy'
    ? `py-spy record --pid ${req.pid}, 1 s windows at ${req.rateHz ?? 100} Hz`
    : `Node inspector (V8 CPU profiler, ${req.samplingIntervalMicros ?? 1000} µs), every second`;
}

/** The sampler for `pid` (`kind` when the caller knows it, else from what the process runs); refuses native processes. */
export function liveTopKind(pid: number, kind: AttachKind = attachKindOf(pid)): LiveTopKind {
  if (!Number.isInteger(pid) || pid <= 0) throw new PlanError(`not a process id: ${pid}`);
  if (kind === 'perf')
    throw new PlanError(
      `live top samples Python (py-spy) and Node (inspector) processes; pid ${pid} runs neither: record it with Attach to Process (perf record -p) instead`,
    );
  return kind;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const stopped = (): LiveTopEnd => ({ reason: 'stopped', message: 'sampling stopped' });
const exited = (pid: number): LiveTopEnd => ({ reason: 'exited', message: `pid ${pid} exited` });

/** Samples `req.pid` window by window until `opts.signal` aborts or the process exits. */
export function runLiveTop(req: LiveTopRequest, opts: LiveTopRunOptions): Promise<LiveTopEnd> {
  return req.kind === 'py-spy' ? pySpyWindows(req, opts) : inspectorWindows(req, opts);
}

async function inspectorWindows(req: LiveTopRequest, opts: LiveTopRunOptions): Promise<LiveTopEnd> {
  const { signal } = opts;
  const inspector = await connectInspector(req.pid, { signal, log: req.log });
  const { session } = inspector;
  try {
    await session.send('Profiler.enable');
    await session.send('Profiler.setSamplingInterval', { interval: req.samplingIntervalMicros ?? 1000 });
    for (;;) {
      const startMs = Date.now();
      await session.send('Profiler.start');
      let cancelled = false;
      try {
        await sleep(1000, signal);
      } catch (err) {
        if (!(err instanceof ProfileCancelledError)) throw err;
        cancelled = true;
      }
      // The samples of a window cut short by Stop are kept too.
      const { profile } = await session.send<{ profile: CpuProfileDoc }>('Profiler.stop');
      const built = cpuProfileBuilder(profile, `pid ${req.pid}`, { format: 'cpuprofile', profiler: 'node inspector' }).build();
      // py-spy samples for --duration from its "Sampling process" line; writing the file after is no sampling.
      opts.onWindow({ startMs, endMs: Math.min(Date.now(), startMs + 1000), profile: activeSamples(built) });
      if (cancelled) break;
    }
    await session.send('Profiler.disable');
    return stopped();
  } catch (err) {
    if (!alive(req.pid)) return exited(req.pid);
    throw err;
  } finally {
    await inspector.release();
  }
}

async function pySpyWindows(req: LiveTopRequest, opts: LiveTopRunOptions): Promise<LiveTopEnd> {
  const pyspy = executable('py-spy', req.executables);
  if (!findExecutable(pyspy)) {
    const r = requirement('py-spy', req.executables);
    throw new ProfilerNotFoundError('py-spy', r.installHint, pyspy);
  }
  const dir = mkdtempSync(join(tmpdir(), 'hotline-top-'));
  try {
    for (let n = 0; ; n++) {
      if (opts.signal?.aborted) return stopped();
      const file = join(dir, `window-${n}.txt`);
      const argv = [pyspy, 'record', '--pid', String(req.pid), '--duration', '1', '--rate', String(req.rateHz ?? 100)];
      argv.push('--format', 'raw', '--full-filenames', '--output', file);
      let startMs = Date.now();
      const r = await execInGroup(argv, {
        cwd: dir,
        signal: opts.signal,
        // One second of sampling plus the attach; a py-spy that hangs is ended.
        deadline: Date.now() + 30_000,
        onOutput: (line) => {
          if (/Sampling process/.test(line)) startMs = Date.now();
        },
      });
      if (r.cancelled) return stopped();
      if (!existsSync(file)) {
        if (!alive(req.pid)) return exited(req.pid);
        throw (
          permissionFromStderr('py-spy', r.stderrTail) ??
          new Error(`py-spy sampled nothing from pid ${req.pid} (exit code ${r.exitCode}): ${r.stderrTail || 'no output'}`)
        );
      }
      const profile = await importProfileBytes(file, readFileSync(file), { format: 'folded' });
      rmSync(file, { force: true });
      // py-spy samples for --duration from its "Sampling process" line; writing the file after is no sampling.
      opts.onWindow({
        startMs,
        endMs: Math.min(Date.now(), startMs + 1000),
        profile: { ...profile, metadata: { ...profile.metadata, profiler: 'py-spy', language: 'python' } },
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
