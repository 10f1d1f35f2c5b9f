/**
 * Attach plans: record a process that is already running, for a chosen number of seconds.
 * Python through `py-spy record --pid`, Node through its inspector (V8's own sampler, as
 * `node --cpu-prof` uses), any native process through `perf record -p`, and a Go program through
 * its net/http/pprof endpoint (downloaded by the runner, no process started).
 */
import { join } from 'node:path';
import { defaultTempDir, stampOf } from './context';
import { executable, requirement } from './tools';
import { Executables, Language, PlanError, ProfilerPlan } from './types';

export type GoPprofKind = 'cpu' | 'heap' | 'goroutine' | 'block' | 'mutex' | 'allocs' | 'trace';

export interface AttachRequest {
  readonly kind: 'py-spy' | 'node-inspector' | 'perf';
  readonly pid: number;
  readonly seconds: number;
  readonly rateHz?: number;
  /** Folder the profile is saved in. */
  readonly outDir: string;
  readonly workspaceRoot?: string;
  readonly tempDir?: string;
  readonly executables?: Executables;
  /** Shown in the profile's metadata and file name (e.g. the process's command line). */
  readonly label?: string;
  readonly language?: Language;
  readonly python?: { native?: boolean; subprocesses?: boolean };
  readonly node?: { samplingIntervalMicros?: number };
  readonly startedAt?: Date;
}

export interface GoPprofRequest {
  /** Base URL of the program's server (http://localhost:6060) or a full /debug/pprof/... URL. */
  readonly url: string;
  readonly kind: GoPprofKind;
  /** CPU: how long to record. heap/allocs/block/mutex: a delta over this many seconds when > 0. */
  readonly seconds: number;
  readonly outDir: string;
  readonly workspaceRoot?: string;
  readonly tempDir?: string;
  readonly startedAt?: Date;
}

function checkSeconds(seconds: number): number {
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 24 * 3600)
    throw new PlanError(`recording time must be between 1 second and 24 hours, got ${seconds}`);
  return Math.max(1, Math.round(seconds));
}

export function planAttach(req: AttachRequest): ProfilerPlan {
  if (!Number.isInteger(req.pid) || req.pid <= 0) throw new PlanError(`not a process id: ${req.pid}`);
  const seconds = checkSeconds(req.seconds);
  const stamp = stampOf(req.startedAt ?? new Date());
  const tempDir = req.tempDir ?? defaultTempDir(stamp);
  const common = {
    mode: 'attach' as const,
    target: `pid ${req.pid}`,
    cwd: tempDir,
    workspaceRoot: req.workspaceRoot ?? req.outDir,
    programCommand: req.label ? [req.label] : [`pid ${req.pid}`],
    tempDir,
    tempPaths: [],
    // The recording ends by itself after `seconds`; allow time for symbolization on top.
    timeoutMs: (seconds + 120) * 1000,
    interruptSignal: 'SIGINT' as const,
  };
  if (req.kind === 'py-spy') {
    const raw = join(tempDir, 'py-spy.speedscope.json');
    const argv = [
      executable('py-spy', req.executables),
      'record',
      '--pid',
      String(req.pid),
      '--duration',
      String(seconds),
      '--rate',
      String(Math.round(req.rateHz ?? 200)),
      '--format',
      'speedscope',
      '--full-filenames',
      '--output',
      raw,
    ];
    if (req.python?.subprocesses) argv.push('--subprocesses');
    if (req.python?.native) argv.push('--native');
    return {
      ...common,
      language: 'python',
      profiler: 'py-spy',
      profilerLabel: 'py-spy',
      steps: [{ kind: 'exec', role: 'record', label: `py-spy record --pid ${req.pid} (${seconds} s)`, argv, cwd: tempDir }],
      rawOutput: raw,
      transform: { kind: 'none' },
      profilePath: join(req.outDir, `pid${req.pid}.py-spy.${stamp}.speedscope.json`),
      format: 'speedscope',
      tools: [requirement('py-spy', req.executables)],
      notes: ['Attaching needs ptrace permission: run as the same user with kernel.yama.ptrace_scope=0, or as root (sudo).'],
    };
  }
  if (req.kind === 'node-inspector') {
    const raw = join(tempDir, 'profile.cpuprofile');
    return {
      ...common,
      language: req.language === 'typescript' ? 'typescript' : 'javascript',
      profiler: 'node-cpu-prof',
      profilerLabel: 'node inspector (V8 CPU profiler)',
      steps: [
        {
          kind: 'node-inspector',
          label: `V8 CPU profile of pid ${req.pid} through its inspector (${seconds} s)`,
          pid: req.pid,
          seconds,
          samplingIntervalMicros: Math.max(10, Math.round(req.node?.samplingIntervalMicros ?? 1000)),
          outputFile: raw,
        },
      ],
      rawOutput: raw,
      transform: { kind: 'none' },
      profilePath: join(req.outDir, `pid${req.pid}.node.${stamp}.cpuprofile`),
      format: 'cpuprofile',
      tools: [],
      notes: ['A process not started with --inspect gets its inspector opened with SIGUSR1 (on 127.0.0.1) for the recording, and closed again after.'],
    };
  }
  const perf = executable('perf', req.executables);
  const data = join(tempDir, 'perf.data');
  const script = join(tempDir, 'perf-script.txt');
  return {
    ...common,
    language: req.language ?? 'c',
    profiler: 'perf',
    profilerLabel: 'perf',
    steps: [
      {
        kind: 'exec',
        role: 'record',
        label: `perf record -p ${req.pid} (${seconds} s)`,
        // `-- sleep N` bounds the recording; perf follows the pid, not sleep.
        argv: [
          perf,
          'record',
          '-e',
          'cpu-clock',
          '-F',
          String(Math.round(req.rateHz ?? 999)),
          '--call-graph',
          'dwarf',
          '-q',
          '-p',
          String(req.pid),
          '-o',
          data,
          '--',
          'sleep',
          String(seconds),
        ],
        cwd: tempDir,
      },
      {
        kind: 'exec',
        role: 'convert',
        label: 'perf script (stacks with source lines)',
        argv: [perf, 'script', '-i', data, '-F', 'comm,pid,tid,time,event,ip,sym,dso,srcline', '--full-source-path'],
        cwd: tempDir,
        stdoutFile: script,
      },
    ],
    rawOutput: script,
    transform: { kind: 'none' },
    profilePath: join(req.outDir, `pid${req.pid}.perf.${stamp}.perf-script.txt`),
    format: 'perf-script',
    tools: [requirement('perf', req.executables)],
    notes: [],
  };
}

const PPROF_PATH: Record<GoPprofKind, string> = {
  cpu: 'profile',
  heap: 'heap',
  allocs: 'allocs',
  goroutine: 'goroutine',
  block: 'block',
  mutex: 'mutex',
  trace: 'trace',
};

/** The URL to download: `<base>/debug/pprof/<kind>[?seconds=N]`. Only http(s) URLs are accepted. */
export function goPprofUrl(url: string, kind: GoPprofKind, seconds: number): string {
  let u: URL;
  try {
    u = new URL(/^[a-z]+:\/\//i.test(url) ? url : `http://${url}`);
  } catch {
    throw new PlanError(`not a URL: ${url}`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new PlanError(`only http and https pprof endpoints are supported, got ${u.protocol}`);
  const idx = u.pathname.indexOf('/debug/pprof');
  const base = idx >= 0 ? u.pathname.slice(0, idx) : u.pathname.replace(/\/+$/, '');
  u.pathname = `${base}/debug/pprof/${PPROF_PATH[kind]}`;
  u.search = '';
  // CPU profiles and execution traces are recorded over the seconds asked for.
  if (kind === 'cpu' || kind === 'trace') u.searchParams.set('seconds', String(checkSeconds(seconds)));
  else if (kind !== 'goroutine' && seconds > 0) u.searchParams.set('seconds', String(checkSeconds(seconds)));
  return u.toString();
}

export function planGoPprof(req: GoPprofRequest): ProfilerPlan {
  const url = goPprofUrl(req.url, req.kind, req.seconds);
  const stamp = stampOf(req.startedAt ?? new Date());
  const tempDir = req.tempDir ?? defaultTempDir(stamp);
  // An execution trace is events, not a profile: read as go-trace (go tool trace -pprof=sync).
  const trace = req.kind === 'trace';
  const raw = join(tempDir, trace ? 'go.trace' : `${req.kind}.pprof`);
  const waitS = req.kind === 'goroutine' ? 0 : Math.max(0, req.seconds);
  const notes: string[] = [];
  if (req.kind === 'block' || req.kind === 'mutex') {
    notes.push(
      `The program must enable ${req.kind} profiling (runtime.Set${req.kind === 'block' ? 'BlockProfileRate' : 'MutexProfileFraction'}), or the profile is empty.`,
    );
  }
  return {
    language: 'go',
    profiler: 'pprof-http',
    profilerLabel: `net/http/pprof ${req.kind}`,
    mode: 'attach',
    target: url,
    cwd: tempDir,
    workspaceRoot: req.workspaceRoot ?? req.outDir,
    programCommand: [url],
    steps: [{ kind: 'fetch', label: `download ${req.kind} profile${waitS ? ` (${waitS} s)` : ''}`, url, outputFile: raw, timeoutMs: (waitS + 60) * 1000 }],
    rawOutput: raw,
    transform: { kind: 'none' },
    profilePath: join(req.outDir, `go-${req.kind}.pprof-http.${stamp}.${trace ? 'trace' : 'pprof'}`),
    format: trace ? 'go-trace' : 'pprof',
    tempDir,
    tempPaths: [],
    tools: [],
    timeoutMs: (waitS + 90) * 1000,
    notes,
    interruptSignal: 'SIGINT',
  };
}
