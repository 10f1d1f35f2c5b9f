/**
 * `hotline profile <program> [options] [-- args…]`: the same plan and runner as "Profile Current
 * File" in the editor; saves the profile and prints its report (or JSON for machines).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { isAbsolute, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCliArgs, positiveNumber, wholeNumber } from '../args';
import { CliCommand, CliIO, CliUsageError } from '../command';
import { describePlan, forBenchmark, PlanError, PROFILER_IDS, type ProfilerId, type ProfileRequest } from '../../core/plan';
import { buildReport } from '../../core/report';
import { runEventLoopMode } from './eventLoopMode';
import { attachKindOf as attachKindOfPid } from '../../profilers/attachKind';
import { filterFrames } from '../../core/model/views';
import type { Profile } from '../../core/model/profile';
import { ProfileFormatError } from '../../core/model/profile';

const USAGE = `Usage: hotline profile <program> [--profiler ID] [--rate HZ] [--timeout S] [--mode cpu|memory|event-loop]
                       [--threshold MS] [--benchmark NAME] [--out DIR] [--json] [--top N] [-- args…]
       hotline profile --pid PID [--seconds N] [--rate HZ] [--out DIR] [--json] [--top N]
       hotline profile --mode event-loop --pid PID [--seconds N] [--threshold MS] [--json]

Runs <program> under the right profiler for its language, saves the profile and prints the top
functions and hot lines. <program> is a script (.py, .js, .ts, .c, .cpp), any file of a Go package
or Cargo crate (or its folder): a Go _test.go file runs its tests/benchmarks with -cpuprofile, a Go
main package runs under runtime/pprof, a Rust crate is built in release mode with line tables and
recorded with perf. Benchmark files run under their tool: a pytest file (test_*.py) under pytest,
a *.bench.mjs file through Hotline's tinybench runner, a Rust benches/ target under cargo bench.
  --profiler ID  ${PROFILER_IDS.filter((p) => p !== 'pprof-http').join(', ')} (default: per language;
                 py-spy falls back to cprofile when py-spy is missing, perf to callgrind)
  --rate HZ      samples per second (py-spy default 200, perf 999)
  --timeout S    stop the whole run after S seconds (default 300); what was recorded is kept
  --mode MODE    cpu (default), memory (allocation profile: Python, JavaScript, Go) or event-loop
                 (Node: event-loop delay per second and the lines whose synchronous stretches
                 blocked the loop longer than --threshold, with count and worst ms; the program
                 runs for --timeout seconds, default 300, then Hotline ends it; with --pid, a
                 running Node process is watched for --seconds, default 10, over its inspector:
                 the recorder is injected, then removed, and the process keeps running)
  --threshold MS event-loop: shortest blocking stretch reported (default 20)
  --pid PID      attach to a running process instead, for --seconds (default 10): Python through
                 py-spy, Node through its inspector (opened with SIGUSR1, closed after), others
                 through perf; the process keeps running (Linux)
  --benchmark NAME  in a benchmark or test file, only this one: a pytest test, a tinybench
                 benchmark, a Go benchmark (a Rust bench target always runs whole)
  --out DIR      folder for the saved profile (default: <workspace>/.hotline/profiles)
  --json         print one JSON object: the "hotline report --json" fields plus
                 language, profiler, profile (saved path) and exitCode (the program's own)
  --top N        functions and lines in the report (default 20)
Exit code: the program's own exit code when the profile was recorded, 2 for bad input or a
missing tool (with the command that installs it).`;

interface Parsed {
  program: string;
  profiler: ProfilerId | 'auto';
  rate?: number;
  timeout?: number;
  mode: 'cpu' | 'memory' | 'event-loop';
  thresholdMs?: number;
  out?: string;
  json: boolean;
  top: number;
  benchmark?: string;
  pid?: number;
  seconds?: number;
  args: string[];
}

function parse(argv: string[]): Parsed {
  const { values, positionals, rest } = parseCliArgs(
    'profile',
    argv,
    {
      json: { type: 'boolean' },
      profiler: { type: 'string' },
      rate: { type: 'string' },
      timeout: { type: 'string' },
      top: { type: 'string' },
      mode: { type: 'string' },
      out: { type: 'string' },
      benchmark: { type: 'string' },
      pid: { type: 'string' },
      seconds: { type: 'string' },
      threshold: { type: 'string' },
    },
    { rest: true },
  );
  const profiler = values.profiler ?? 'auto';
  if (profiler !== 'auto' && !(PROFILER_IDS as readonly string[]).includes(profiler))
    throw new CliUsageError(`unknown profiler "${profiler}"; expected one of ${PROFILER_IDS.join(', ')}`);
  const mode = values.mode ?? 'cpu';
  if (mode !== 'cpu' && mode !== 'memory' && mode !== 'event-loop') throw new CliUsageError(`--mode is cpu, memory or event-loop, got "${mode}"`);
  if (values.threshold !== undefined && mode !== 'event-loop') throw new CliUsageError('--threshold goes with --mode event-loop');
  const [program, ...args] = positionals;
  const parsed: Omit<Parsed, 'program'> = {
    profiler: profiler as ProfilerId | 'auto',
    rate: values.rate === undefined ? undefined : positiveNumber(values.rate, '--rate'),
    timeout: values.timeout === undefined ? undefined : positiveNumber(values.timeout, '--timeout'),
    mode,
    thresholdMs: values.threshold === undefined ? undefined : positiveNumber(values.threshold, '--threshold'),
    out: values.out,
    json: !!values.json,
    top: values.top === undefined ? 20 : wholeNumber(values.top, '--top'),
    benchmark: values.benchmark,
    pid: values.pid === undefined ? undefined : wholeNumber(values.pid, '--pid'),
    seconds: values.seconds === undefined ? undefined : wholeNumber(values.seconds, '--seconds'),
    args: [...args, ...rest],
  };
  if (parsed.pid !== undefined) {
    if (program) throw new CliUsageError('give a program or --pid, not both; see "hotline profile --help"');
    return { ...parsed, program: '' };
  }
  if (parsed.seconds !== undefined) throw new CliUsageError('--seconds goes with --pid (a launched program runs until it ends or --timeout)');
  if (!program) throw new CliUsageError('profile needs a program (a script, or a Go package / Cargo crate file or folder); see "hotline profile --help"');
  return { ...parsed, program };
}

async function runMemory(parsed: Parsed, io: CliIO): Promise<number> {
  const memory = await import('../../profilers/memory');
  const outDir = parsed.out ? resolve(io.cwd, parsed.out) : undefined;
  if (outDir) mkdirSync(outDir, { recursive: true });
  const run = await memory.runMemoryProfile(
    { program: resolve(io.cwd, parsed.program), args: parsed.args, cwd: io.cwd, outDir },
    { timeoutMs: parsed.timeout ? parsed.timeout * 1000 : undefined, onOutput: parsed.json ? undefined : (l) => io.stderr(`${l}\n`) },
  );
  const report = buildReport(run.profile, { top: parsed.top });
  if (parsed.json)
    io.stdout(`${JSON.stringify({ ...report, language: run.language, profiler: 'memory', profile: run.profilePath, exitCode: run.exitCode })}\n`);
  else io.stdout(renderText(report, run.profilePath, run.exitCode));
  return run.exitCode ?? 1;
}

/**
 * The profile with every frame outside the workspace's own sources folded into its caller:
 * files under the workspace root that exist, minus dependencies and build output. (Frame kinds
 * alone are not enough here: perf marks std code inlined into the user's binary as the user's.)
 */
function workspaceCode(profile: Profile, root: string): { profile: Profile; mine: (file: string | null) => boolean } {
  const prefix = root.endsWith(sep) ? root : root + sep;
  const cache = new Map<string, boolean>();
  const mine = (file: string | null) => {
    if (!file) return false;
    const path = file.startsWith('file://') ? fileURLToPath(file) : file;
    let ok = cache.get(path);
    if (ok === undefined) {
      ok =
        isAbsolute(path) &&
        path.startsWith(prefix) &&
        !/[\\/](node_modules|target|\.venv|venv|site-packages|vendor|\.hotline)[\\/]/.test(path.slice(prefix.length - 1)) &&
        existsSync(path);
      cache.set(path, ok);
    }
    return ok;
  };
  return { profile: filterFrames(profile, (f) => mine(f.file), 'code outside the workspace folded into its callers'), mine };
}

function renderText(
  report: ReturnType<typeof buildReport>,
  path: string,
  exitCode: number | null,
  yours: ReturnType<typeof buildReport>['lines'] = [],
): string {
  const pct = (v: number) => (report.total > 0 ? `${((100 * v) / report.total).toFixed(1)}%` : '-');
  const out = [`profile: ${path}`, `exit code: ${exitCode === null ? 'killed by a signal' : exitCode}`, `total: ${report.total} ${report.unit}`];
  if (yours.length > 0) {
    out.push('', 'hot lines in your code (library, runtime and native time counted at the line that called it):');
    for (const l of yours.slice(0, 10)) out.push(`  ${pct(l.self).padStart(6)}  ${l.file}:${l.line}`);
  }
  out.push('', 'hot lines (self):');
  for (const l of report.lines.slice(0, 10)) out.push(`  ${pct(l.self).padStart(6)}  ${l.file}:${l.line}`);
  out.push('', 'top functions (self / total):');
  for (const f of report.functions.slice(0, 10))
    out.push(`  ${pct(f.self).padStart(6)} ${pct(f.total).padStart(6)}  ${f.name}${f.file ? `  ${f.file}:${f.line ?? ''}` : ''}`);
  return `${out.join('\n')}\n`;
}

/** What attaches to `pid`, a missing process as bad input. */
function nodePid(pid: number): ReturnType<typeof attachKindOfPid> {
  try {
    return attachKindOfPid(pid);
  } catch (e) {
    if (e instanceof PlanError) throw new CliUsageError(e.message);
    throw e;
  }
}

/** --profiler with --pid: the attach kinds there are. */
function attachKindFor(profiler: ProfilerId): 'py-spy' | 'node-inspector' | 'perf' {
  if (profiler === 'py-spy' || profiler === 'perf') return profiler;
  if (profiler === 'node-cpu-prof') return 'node-inspector';
  throw new CliUsageError(`--profiler ${profiler} cannot attach to a process; with --pid use py-spy, node-cpu-prof or perf (or leave it out)`);
}

export const profileCommand: CliCommand = {
  name: 'profile',
  summary: 'run a program under the right profiler, save the profile, print its hot lines',
  usage: USAGE,
  async run(argv, io) {
    const parsed = parse(argv);
    if (parsed.mode === 'memory') return runMemory(parsed, io);
    if (parsed.mode === 'event-loop') {
      if (parsed.pid !== undefined && nodePid(parsed.pid) !== 'node-inspector')
        throw new CliUsageError(
          `--mode event-loop --pid attaches to Node processes (over the inspector); pid ${parsed.pid} is not one. A Python asyncio program: run it with "hotline profile --mode event-loop program.py"`,
        );
      return runEventLoopMode(parsed, io);
    }
    // The runner is loaded lazily: it pulls in execa (ESM), which only the bundle loads eagerly.
    const { preparePlan, prepareAttach, attachKindOf, runProfile, ProfilerNotFoundError, ProfilerPermissionError, ProfileBuildError, ProfileMissingError } =
      await import('../../profilers');
    const base: ProfileRequest = {
      program: resolve(io.cwd, parsed.program),
      args: parsed.args,
      profiler: parsed.profiler,
      rateHz: parsed.rate,
      timeoutSeconds: parsed.timeout,
      outDir: parsed.out ? resolve(io.cwd, parsed.out) : undefined,
      executables: { python: process.env.HOTLINE_PYTHON, node: process.env.HOTLINE_NODE ?? process.execPath },
    };
    const request = parsed.benchmark ? forBenchmark(base, parsed.benchmark) : base;
    try {
      // The plan's notes say which fallback was taken and how to install the better tool.
      const { plan } =
        parsed.pid !== undefined
          ? prepareAttach({
              kind: parsed.profiler === 'auto' ? attachKindOf(parsed.pid) : attachKindFor(parsed.profiler),
              pid: parsed.pid,
              seconds: parsed.seconds ?? 10,
              rateHz: parsed.rate,
              outDir: resolve(io.cwd, parsed.out ?? '.hotline/profiles'),
              workspaceRoot: io.cwd,
              executables: base.executables,
            })
          : preparePlan(request);
      const log = (l: string) => io.stderr(`${l}\n`);
      for (const n of plan.notes) log(`hotline: ${n}`);
      // The commands themselves are echoed by the runner as they start ("$ …"); the rest of the plan here.
      if (!parsed.json) for (const l of describePlan(plan)) if (!l.startsWith('$ ')) log(l);
      const ac = new AbortController();
      const onSigint = () => ac.abort();
      process.once('SIGINT', onSigint);
      try {
        const run = await runProfile(plan, { signal: ac.signal, onOutput: parsed.json ? undefined : log });
        const report = buildReport(run.profile, { top: parsed.top });
        for (const n of run.notes.slice(plan.notes.length)) log(`hotline: ${n}`);
        if (parsed.json) {
          io.stdout(`${JSON.stringify({ ...report, language: plan.language, profiler: plan.profiler, profile: run.profilePath, exitCode: run.exitCode })}\n`);
        } else {
          if (run.exitCode !== 0 && run.stderrTail) log(run.stderrTail);
          const ws = workspaceCode(run.profile, plan.workspaceRoot);
          const yours = buildReport(ws.profile, { top: 10_000 })
            .lines.filter((l) => l.self > 0 && ws.mine(l.file))
            .slice(0, parsed.top);
          io.stdout(renderText(report, run.profilePath, run.exitCode, yours));
        }
        return run.exitCode ?? 1;
      } finally {
        process.removeListener('SIGINT', onSigint);
      }
    } catch (e) {
      if (e instanceof ProfilerNotFoundError || e instanceof ProfilerPermissionError || e instanceof PlanError || e instanceof ProfileFormatError) {
        throw new CliUsageError(e.message.replace(/[\r\n]+/g, ' '));
      }
      if (e instanceof ProfileBuildError || e instanceof ProfileMissingError) {
        io.stderr(`hotline: ${e.message}\n`);
        return 2;
      }
      throw e;
    }
  },
};
