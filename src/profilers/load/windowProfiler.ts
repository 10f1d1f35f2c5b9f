/**
 * A CPU profile of the server process during exactly the load window, with the language's own
 * profiler: `py-spy record --pid --gil` (stopped with SIGINT, which makes it write what it has) for Python,
 * counting the thread that holds the GIL (threads parked on queues and sockets would otherwise show up),
 * the Node inspector (src/profilers/nodeInspector.ts) for Node, a Go service's net/http/pprof CPU
 * profile of the load's seconds (`/debug/pprof/profile?seconds=N`), and `perf record -p` (stopped with
 * SIGINT) for a Go service without a pprof endpoint and for native ones (Rust, C, C++).
 * `start` resolves once sampling runs.
 */
import { createReadStream, existsSync, mkdtempSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { goPprofUrl, planAttach } from '../../core/plan';
import { executable } from '../../core/plan/tools';
import type { Executables } from '../../core/plan';
import { fetchToFile } from '../fetchToFile';
import { recordNodeInspector } from '../nodeInspector';
import { normalizePerfScriptFile } from '../postprocess';
import { execInGroup, killGroup } from '../processTree';
import { assertTools, permissionFromStderr, permissionProblem } from '../toolCheck';
import type { ServerRuntime } from './service';

export type ProfiledRuntime = Exclude<ServerRuntime, 'other'>;

export interface WindowResult {
  readonly file: string | null;
  readonly problem: string | null;
  /** Replaces the profiler's `note` when the recording taught more (perf found no source lines). */
  readonly note?: string | null;
}

export interface WindowProfiler {
  /** Where the profile goes (the base and the profiler's extension). */
  readonly file: string;
  /** The profiler, as shown with the profile. */
  readonly label: string;
  /** How the profile was taken when that is not the runtime's first choice (perf instead of pprof, and why). */
  readonly note: string | null;
  /** Ends the recording and resolves with the profile file, or with why there is none. */
  finish(): Promise<WindowResult>;
}

/** The extensions the load profiles get (`hotline load --profile FILE` takes FILE with or without one). */
export const PROFILE_EXTENSIONS = ['.speedscope.json', '.cpuprofile', '.pprof', '.perf-script.txt'] as const;

const ATTACH_TIMEOUT_MS = 15_000;

async function startPySpy(pid: number, base: string, opts: { executables?: Executables; rateHz?: number }): Promise<WindowProfiler> {
  const file = `${base}.speedscope.json`;
  const argv = [
    executable('py-spy', opts.executables),
    'record',
    '--pid',
    String(pid),
    '--rate',
    String(opts.rateHz ?? 200),
    '--gil',
    '--format',
    'speedscope',
    '--full-filenames',
    '--output',
    file,
  ];
  let pyspyGroup: number | undefined;
  let sampling!: () => void;
  const started = new Promise<void>((r) => (sampling = r));
  const run = execInGroup(argv, {
    cwd: process.cwd(),
    onSpawn: (p) => (pyspyGroup = p),
    onOutput: (line) => {
      if (/Sampling process/.test(line)) sampling();
    },
  });
  const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), ATTACH_TIMEOUT_MS).unref());
  const first = await Promise.race([started.then(() => 'started' as const), run.then(() => 'exited' as const), timer]);
  if (first !== 'started') {
    if (pyspyGroup !== undefined) killGroup(pyspyGroup, 'SIGKILL');
    const r = await run;
    throw new Error(`py-spy could not attach to pid ${pid}${first === 'timeout' ? ' in time' : ` (exit code ${r.exitCode})`}: ${r.stderrTail || 'no output'}`);
  }
  return {
    file,
    label: 'py-spy',
    note: null,
    async finish() {
      if (pyspyGroup !== undefined) killGroup(pyspyGroup, 'SIGINT');
      const r = await run;
      // py-spy may exit 1 after a complete recording (RECIPES.md): judge by the file.
      return existsSync(file) ? { file, problem: null } : { file: null, problem: `py-spy wrote no profile (exit code ${r.exitCode}): ${r.stderrTail}` };
    },
  };
}

async function startInspector(pid: number, base: string, opts: { log?: (line: string) => void }): Promise<WindowProfiler> {
  const file = `${base}.cpuprofile`;
  let endWindow!: () => void;
  const stop = new Promise<void>((r) => (endWindow = r));
  let sampling!: () => void;
  const started = new Promise<void>((r) => (sampling = r));
  // The window's end is `stop`; the hour is only a cap.
  const recording = recordNodeInspector({ pid, seconds: 3600, samplingIntervalMicros: 1000, outputFile: file }, { stop, onStarted: sampling, log: opts.log });
  await Promise.race([started, recording]);
  return {
    file,
    label: 'node inspector (V8 CPU profiler)',
    note: null,
    async finish() {
      endWindow();
      try {
        await recording;
        return { file, problem: null };
      } catch (err) {
        return { file: null, problem: `the Node inspector recorded nothing: ${(err as Error).message}` };
      }
    },
  };
}

/**
 * The Go service's own CPU profile of the load window: net/http/pprof records for the seconds asked
 * for, from when the request arrives, and answers with the whole profile at the end.
 */
function startPprof(url: string, base: string, seconds: number, signal?: AbortSignal): WindowProfiler {
  const file = `${base}.pprof`;
  const profileUrl = goPprofUrl(url, 'cpu', seconds);
  const download = fetchToFile(profileUrl, file, (Math.ceil(seconds) + 30) * 1000, signal).then(
    () => null,
    (err: Error) => err,
  );
  return {
    file,
    label: 'net/http/pprof cpu',
    note: null,
    async finish() {
      const err = await download;
      if (!err) return { file, problem: null };
      const detail = (err as { stderrTail?: string }).stderrTail;
      return { file: null, problem: `the Go service's pprof endpoint gave no profile: ${err.message}${detail ? ` (${detail.trim()})` : ''}` };
    },
  };
}

/** Whether `url` serves net/http/pprof (its goroutine profile answers). */
async function servesPprof(url: string): Promise<boolean> {
  try {
    const res = await fetch(goPprofUrl(url, 'goroutine', 0), { signal: AbortSignal.timeout(2000) });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}

const PERF_START_TIMEOUT_MS = 15_000;

/**
 * `perf record -p PID` (the attach plan's own recording, src/core/plan/attach.ts) from now until
 * `finish`, which stops it with SIGINT (perf writes what it has), then `perf script` with source lines.
 * A process that ends during the window ends the recording too: what was sampled until then is kept.
 */
async function startPerf(
  runtime: 'go' | 'native',
  pid: number,
  base: string,
  opts: { executables?: Executables; rateHz?: number; log?: (line: string) => void },
  note: string | null,
): Promise<WindowProfiler> {
  let exe = '';
  try {
    exe = readlinkSync(`/proc/${pid}/exe`);
  } catch {
    // ended meanwhile: perf says so below
  }
  const file = `${base}.perf-script.txt`;
  const work = mkdtempSync(join(tmpdir(), 'hotline-load-perf-'));
  const plan = planAttach({ kind: 'perf', pid, seconds: 1, rateHz: opts.rateHz ?? 999, outDir: work, tempDir: work, executables: opts.executables });
  assertTools(plan);
  const refused = permissionProblem(plan);
  if (refused) throw refused;
  const [record, script] = plan.steps;
  if (record?.kind !== 'exec' || script?.kind !== 'exec') throw new Error('the perf attach plan has no record and script steps');
  const words = (argv: readonly unknown[]) => argv.map((a) => (typeof a === 'string' ? a : String(JSON.stringify(a))));
  // The plan bounds its recording with `-- sleep N`; the window's end is `finish` instead.
  const recordArgv = words(record.argv.slice(0, record.argv.indexOf('--')));
  // Go keeps frame pointers (amd64, arm64) but its .debug_frame is not what perf's DWARF unwinder reads.
  const callGraph = recordArgv.indexOf('--call-graph');
  if (runtime === 'go' && callGraph >= 0) recordArgv.splice(callGraph, 2, '--call-graph', 'fp');
  const scriptArgv = words(script.argv);
  const data = recordArgv[recordArgv.indexOf('-o') + 1]!;
  opts.log?.(`$ ${recordArgv.join(' ')}`);
  let perfGroup: number | undefined;
  const run = execInGroup(recordArgv, { cwd: work, onSpawn: (g) => (perfGroup = g), onOutput: (line) => opts.log?.(`[perf] ${line}`) });
  let ended = false;
  void run.finally(() => (ended = true));
  // perf writes the file's header once its events are open on every thread of the process.
  const deadline = Date.now() + PERF_START_TIMEOUT_MS;
  while (!ended && !(existsSync(data) && statSync(data).size > 0) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  if (ended || Date.now() >= deadline) {
    if (perfGroup !== undefined) killGroup(perfGroup, 'SIGKILL');
    const r = await run;
    rmSync(work, { recursive: true, force: true });
    throw (
      permissionFromStderr('perf', r.stderrTail) ??
      new Error(`perf record could not attach to pid ${pid}${ended ? ` (exit code ${r.exitCode})` : ' in time'}: ${r.stderrTail || 'no output'}`)
    );
  }
  let finished: Promise<WindowResult> | null = null;
  const finish = async (): Promise<WindowResult> => {
    try {
      if (perfGroup !== undefined && !ended) killGroup(perfGroup, 'SIGINT');
      const r = await run;
      if (!existsSync(data) || statSync(data).size === 0)
        return { file: null, problem: `perf record wrote no data (exit code ${r.exitCode}): ${r.stderrTail}` };
      const converted = await execInGroup(scriptArgv, { cwd: work, stdoutFile: file });
      if (converted.exitCode !== 0 || !existsSync(file) || statSync(file).size === 0) {
        return { file: null, problem: `perf script could not read the recording (exit code ${converted.exitCode}): ${converted.stderrTail}` };
      }
      await normalizePerfScriptFile(file);
      if (exe && !(await hasSourceLines(file, exe))) {
        const why =
          runtime === 'go'
            ? 'Go 1.25 and later write DWARF 5, which the addr2line perf uses here cannot read: build it with GOEXPERIMENT=nodwarf5 for lines, or serve net/http/pprof (HOTLINE_PPROF_ADDR, --pprof), whose lines are exact'
            : 'build it with debug information (-g; for Rust, debug = true or "line-tables-only" in the profile of Cargo.toml)';
        const lines = `perf found no source lines in ${exe}, only its functions: ${why}`;
        return { file, problem: null, note: note ? `${note}; ${lines}` : lines };
      }
      return { file, problem: null };
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  };
  return { file, label: 'perf record -p', note, finish: () => (finished ??= finish()) };
}

/** Whether some frame in `exe` got a source line (`  /path/file.go:12`, not `??:0` or a made-up name with line 0). */
async function hasSourceLines(file: string, exe: string): Promise<boolean> {
  const rl = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let inExe = false;
  try {
    for await (const line of rl) {
      if (inExe && /^\s+\/.*:[1-9]\d*$/.test(line)) return true;
      inExe = line.endsWith(` (${exe})`);
    }
    return false;
  } finally {
    rl.close();
  }
}

export interface WindowOptions {
  readonly executables?: Executables;
  readonly rateHz?: number;
  readonly log?: (line: string) => void;
  /** A Go service's net/http/pprof address (http://127.0.0.1:6060); without one, perf records it. */
  readonly pprofUrl?: string;
  /** The user gave `pprofUrl`: it must answer (else it is only where Hotline asked the service to serve it). */
  readonly pprofRequired?: boolean;
  /** The load window's length when it is known in advance (a load by duration): pprof records this long. */
  readonly seconds?: number;
  readonly signal?: AbortSignal;
}

/** Starts the runtime's profiler on `pid`; the profile goes to `base` plus the profiler's extension. */
export async function startWindowProfiler(runtime: ProfiledRuntime, pid: number, base: string, opts: WindowOptions = {}): Promise<WindowProfiler> {
  if (runtime === 'python') return startPySpy(pid, base, opts);
  if (runtime === 'node') return startInspector(pid, base, opts);
  if (runtime === 'native') return startPerf('native', pid, base, opts, null);
  if (!opts.pprofUrl) return startPerf('go', pid, base, opts, 'no pprof address was given (--pprof URL), so perf recorded the Go service');
  if (!(await servesPprof(opts.pprofUrl))) {
    if (opts.pprofRequired)
      throw new Error(
        `nothing serves net/http/pprof at ${opts.pprofUrl} (import _ "net/http/pprof" and serve it there, or leave out --pprof to record with perf)`,
      );
    return startPerf(
      'go',
      pid,
      base,
      opts,
      `the Go service serves no net/http/pprof at HOTLINE_PPROF_ADDR (${new URL(opts.pprofUrl).host}), so perf recorded it`,
    );
  }
  if (opts.seconds === undefined)
    return startPerf(
      'go',
      pid,
      base,
      opts,
      'pprof records a fixed number of seconds and a load by --amount has no known length, so perf recorded the Go service',
    );
  return startPprof(opts.pprofUrl, base, opts.seconds, opts.signal);
}
