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
 * Native processes (C, C++, Rust, Go): `perf top` is interactive too, so each window is one
 * `perf record -p PID -- sleep 1` (Attach to Process's own recording, cpu-clock with DWARF stacks)
 * and `perf script` of it; the conversion (source lines through addr2line) runs between windows, so
 * a window covers about 1 s of every 1.5–3 s, as the view says.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { activeSamples, type SampleWindow } from '../../core/liveTop/rollingWindow';
import { cpuProfileBuilder, type CpuProfileDoc } from '../../core/importers/cpuprofileImporter';
import { importProfileBytes } from '../../core/importers/index';
import { ProfileBuilder } from '../../core/model/profile';
import { PlanError, type Executables } from '../../core/plan';
import type { Arg } from '../../core/plan/types';
import { planAttach } from '../../core/plan/attach';
import { executable, requirement } from '../../core/plan/tools';
import { attachKindOf, type AttachKind } from '../attachKind';
import { ProfileCancelledError } from '../errors';
import { connectInspector, sleep } from '../nodeInspector';
import { execInGroup } from '../processTree';
import { assertTools, permissionFromStderr } from '../toolCheck';

/** The processes live top samples: all that Attach to Process reaches. */
export type LiveTopKind = AttachKind;

export interface LiveTopRequest {
  pid: number;
  kind: LiveTopKind;
  /** py-spy (default 100) or perf (default 999) samples per second. */
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
  if (req.kind === 'py-spy') return `py-spy record --pid ${req.pid}, 1 s windows at ${req.rateHz ?? 100} Hz`;
  if (req.kind === 'perf') return `perf record -p ${req.pid}, 1 s windows at ${req.rateHz ?? 999} Hz`;
  return `Node inspector (V8 CPU profiler, ${req.samplingIntervalMicros ?? 1000} µs), every second`;
}

/** The sampler for `pid`: `kind` when the caller knows it, else from what the process runs (py-spy, the Node inspector, else perf). */
export function liveTopKind(pid: number, kind: AttachKind = attachKindOf(pid)): LiveTopKind {
  if (!Number.isInteger(pid) || pid <= 0) throw new PlanError(`not a process id: ${pid}`);
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
  if (req.kind === 'py-spy') return pySpyWindows(req, opts);
  if (req.kind === 'perf') return perfWindows(req, opts);
  return inspectorWindows(req, opts);
}

/** An attach plan's argv: plain strings (it builds nothing, so it names no artifact). */
function strings(argv: readonly Arg[]): string[] {
  return argv.map((a) => {
    if (typeof a !== 'string') throw new Error('the perf attach plan names a build artifact');
    return a;
  });
}

async function perfWindows(req: LiveTopRequest, opts: LiveTopRunOptions): Promise<LiveTopEnd> {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-top-'));
  try {
    // Attach to Process's own perf recording and conversion, run once per second.
    const plan = planAttach({ kind: 'perf', pid: req.pid, seconds: 1, rateHz: req.rateHz, outDir: dir, tempDir: dir, executables: req.executables });
    assertTools(plan);
    const [record, convert] = plan.steps.filter((s) => s.kind === 'exec');
    if (!record || !convert || record.kind !== 'exec' || convert.kind !== 'exec') throw new Error('the perf attach plan has no record and convert steps');
    const recordArgv = strings(record.argv);
    const convertArgv = strings(convert.argv);
    for (let n = 0; ; n++) {
      if (opts.signal?.aborted) return stopped();
      const startMs = Date.now();
      const r = await execInGroup(recordArgv, { cwd: dir, signal: opts.signal, deadline: Date.now() + 30_000 });
      const endMs = Math.min(Date.now(), startMs + 1000);
      const data = join(dir, 'perf.data');
      // Stop during the second: perf is ended with its group and its data is incomplete; the window is dropped.
      if (r.cancelled) return stopped();
      if (!existsSync(data)) {
        if (!alive(req.pid)) return exited(req.pid);
        throw (
          permissionFromStderr('perf', r.stderrTail) ??
          new Error(`perf recorded nothing from pid ${req.pid} (exit code ${r.exitCode}): ${r.stderrTail || 'no output'}`)
        );
      }
      const script = join(dir, `window-${n}.perf-script.txt`);
      const c = await execInGroup(convertArgv, { cwd: dir, signal: opts.signal, deadline: Date.now() + 60_000, stdoutFile: script });
      rmSync(data, { force: true });
      if (c.cancelled) return stopped();
      const text = existsSync(script) ? readFileSync(script) : new Uint8Array();
      rmSync(script, { force: true });
      // A second in which the process never ran (asleep, waiting) has no samples: an empty window, not an error.
      const profile = text.length
        ? await importProfileBytes(script, text, { format: 'perf-script' })
        : new ProfileBuilder({ format: 'perf-script', profiler: 'perf' }).build();
      opts.onWindow({ startMs, endMs, profile: { ...profile, metadata: { ...profile.metadata, profiler: 'perf' } } });
      if (!alive(req.pid)) return exited(req.pid);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
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
  assertTools({ tools: [requirement('py-spy', req.executables)] });
  const pyspy = executable('py-spy', req.executables);
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
      const bytes = readFileSync(file);
      // A second in which every thread was idle (py-spy leaves idle threads out) writes an empty file: an empty window.
      const profile = bytes.length
        ? await importProfileBytes(file, bytes, { format: 'folded' })
        : new ProfileBuilder({ format: 'folded', profiler: 'py-spy' }).build();
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
