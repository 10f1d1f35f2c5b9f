/**
 * `hotline leaks <program> [--call fn] [--runs N] [--json]`: what grows when one operation repeats;
 * a Python or JavaScript program without --call runs as itself and is snapshotted at intervals,
 * a running Node process (--pid) through its inspector.
 */
import { isGoProgram, PPROF_ADDR_ENV, runAttachedLeaks, runGoLeaks, runLeakFinder, runProgramLeaks } from '../../profilers/memory/index';
import { formatLeakReport } from '../../core/memory/leakReportText';
import { formatGoLeakReport } from '../../core/memory/goLeakReport';
import { formatGcSummary, summarizeGc } from '../../core/memory/gcLog';
import { parseCliArgs, positiveNumber, wholeNumber } from '../args';
import type { CliCommand, CliIO } from '../command';
import { resolve } from 'node:path';
import { CliUsageError } from '../command';

const usage = `Usage: hotline leaks <program.py|program.js> [--call <function>] [--runs N] [--warmup N]
                     [--timeout <seconds>] [--json] [-- program args...]
       hotline leaks <program.py|program.js> [--interval <seconds>] [--snapshots N] [--timeout <seconds>] [--json]
       hotline leaks <go-main-dir|main.go> [--interval <seconds>] [--snapshots N] [--timeout <seconds>] [--json] [-- program args...]
       hotline leaks --pprof-url <http://host:port> [--interval <seconds>] [--snapshots N] [--json]
       hotline leaks --pid N [--interval <seconds>] [--snapshots N] [--json]

A program given without --call runs as itself (a server, a worker: no function to export): its
heap is snapshotted every --interval seconds (default 2; Node: heap snapshots over the inspector,
Python: tracemalloc snapshots from a thread inside it), --snapshots times (default 4, at least 3),
then Hotline ends it, and what grew in every interval is ranked (count per snapshot, what holds it,
where it was allocated, the leak pattern it matches).

Go: a main package (its directory or a .go file) is built with go build and run with
${PPROF_ADDR_ENV}=127.0.0.1:PORT (a free port: the program must serve net/http/pprof there) and
GODEBUG=gctrace=1; --pprof-url watches a service already running instead. Each snapshot is a
goroutine profile and a heap profile (?gc=1): goroutine stacks whose count rose in every interval
are named by what they wait on (chan receive, chan send, select, mutex...) and the line they wait
at; allocation sites whose live bytes rose in every interval by their line and the package-level
map or slice it grows. The profiles are kept (go tool pprof -diff_base first last reads them).

--pid N does the same for a Node process already running, through its inspector (opened with
SIGUSR1 when closed, and closed again after); the process keeps running. Allocation sites are
known for what was allocated after the attach. A Python process cannot be attached to: start it
with "hotline leaks program.py" (or use memray attach).

With --call, leaks are found by repeating one operation instead: the program is loaded (its "__main__" /
"require.main === module" block does not run), the function named by --call runs
--warmup times, a baseline snapshot is taken, it runs --runs times more, a second snapshot is taken,
and the difference is ranked: the allocation sites and object kinds that grew, what holds them, and
the common leak pattern they match (listener not removed, cache without eviction, closure holding
a large scope, cycle with __del__).
  Python: a top-level function, e.g.  def handle_request(): ...
  Node:   an exported function, e.g.  module.exports = { handleRequest }  (async functions are awaited)
  TypeScript: a program without --call repeats main() (whole-program watching is not there yet).
Exit code: 0 when no steady growth, 1 when memory grew, 2 on bad input.`;

export interface LeaksArgs {
  /** "" with --pprof-url or --pid. */
  program: string;
  pprofUrl?: string;
  pid?: number;
  call?: string;
  runs?: number;
  warmup?: number;
  timeoutMs?: number;
  intervalMs?: number;
  snapshots?: number;
  json: boolean;
  args: string[];
}

export function parseLeaksArgs(argv: string[]): LeaksArgs {
  const { values, positionals, rest } = parseCliArgs(
    'leaks',
    argv,
    {
      json: { type: 'boolean' },
      call: { type: 'string' },
      runs: { type: 'string' },
      warmup: { type: 'string' },
      timeout: { type: 'string' },
      interval: { type: 'string' },
      snapshots: { type: 'string' },
      'pprof-url': { type: 'string' },
      pid: { type: 'string' },
    },
    { rest: true },
  );
  const [program, ...args] = positionals;
  const a: Omit<LeaksArgs, 'program'> = { json: !!values.json, args: [...args, ...rest] };
  if (values.call !== undefined) a.call = values.call;
  if (values.runs !== undefined) a.runs = wholeNumber(values.runs, '--runs', { min: 1 });
  if (values.warmup !== undefined) a.warmup = wholeNumber(values.warmup, '--warmup', { min: 0 });
  if (values.timeout !== undefined) a.timeoutMs = wholeNumber(values.timeout, '--timeout', { min: 1 }) * 1000;
  if (values.interval !== undefined) a.intervalMs = positiveNumber(values.interval, '--interval') * 1000;
  if (values.snapshots !== undefined) a.snapshots = wholeNumber(values.snapshots, '--snapshots', { min: 3 });
  if ((a.intervalMs !== undefined || a.snapshots !== undefined) && (a.call !== undefined || a.runs !== undefined || a.warmup !== undefined)) {
    throw new CliUsageError('--interval and --snapshots watch a whole program; --call, --runs and --warmup repeat one function: give one or the other');
  }
  if (values['pprof-url'] !== undefined) {
    if (program || a.call !== undefined || a.runs !== undefined || a.warmup !== undefined)
      throw new CliUsageError('--pprof-url watches a Go service already running: give no program, --call, --runs or --warmup with it');
    return { program: '', pprofUrl: values['pprof-url'], ...a };
  }
  if (values.pid !== undefined) {
    if (program || a.call !== undefined || a.runs !== undefined || a.warmup !== undefined)
      throw new CliUsageError('--pid watches a running process: give no program, --call, --runs or --warmup with it');
    return { program: '', pid: wholeNumber(values.pid, '--pid', { min: 1 }), ...a };
  }
  if (!program) throw new CliUsageError('leaks needs a program: hotline leaks <program.py|program.js|go-main-dir> [--call <function>]');
  return { program, ...a };
}

export const leaksCommand: CliCommand = {
  name: 'leaks',
  summary: 'find memory leaks: what grows when one operation runs again and again',
  usage,
  async run(argv, io) {
    const args = parseLeaksArgs(argv);
    const controller = new AbortController();
    const onSigint = () => controller.abort();
    process.once('SIGINT', onSigint);
    try {
      const options = { signal: controller.signal, timeoutMs: args.timeoutMs ?? 300_000 };
      if (args.pprofUrl !== undefined || (args.pid === undefined && isGoProgram(resolve(io.cwd, args.program)))) return await goLeaks(args, io, options);
      const run =
        args.pid !== undefined
          ? await runAttachedLeaks({ pid: args.pid, intervalMs: args.intervalMs, snapshots: args.snapshots }, options)
          : args.call === undefined && isWholeProgram(args)
            ? await runProgramLeaks({ program: args.program, args: args.args, cwd: io.cwd, intervalMs: args.intervalMs, snapshots: args.snapshots }, options)
            : await runLeakFinder({ program: args.program, args: args.args, call: args.call, runs: args.runs, warmup: args.warmup, cwd: io.cwd }, options);
      const gc = run.gc?.length ? summarizeGc(run.gc) : undefined;
      if (args.json) io.stdout(JSON.stringify({ ...run.report, files: run.files, series: run.series, gc }, null, 2) + '\n');
      else
        io.stdout(
          formatLeakReport(run.report) + (gc ? `\n\n${formatGcSummary(gc)}` : '') + (run.files.length ? `\n\nsnapshots: ${run.files.join(', ')}\n` : '\n'),
        );
      return run.report.grew ? 1 : 0;
    } finally {
      process.removeListener('SIGINT', onSigint);
    }
  },
};

async function goLeaks(args: LeaksArgs, io: CliIO, options: { signal: AbortSignal; timeoutMs: number }): Promise<number> {
  if (args.call !== undefined || args.runs !== undefined || args.warmup !== undefined)
    throw new CliUsageError('a Go program runs whole and is watched at intervals: --call, --runs and --warmup do not apply (use --interval and --snapshots)');
  const request = {
    url: args.pprofUrl,
    program: args.program || undefined,
    args: args.args,
    cwd: io.cwd,
    intervalMs: args.intervalMs,
    snapshots: args.snapshots,
  };
  const run = await runGoLeaks(request, options);
  const gc = run.gc?.length ? summarizeGc(run.gc) : undefined;
  if (args.json) io.stdout(JSON.stringify({ ...run.report, files: run.files, series: run.series, gc }, null, 2) + '\n');
  else io.stdout(formatGoLeakReport(run.report) + (gc ? `\n\n${formatGcSummary(gc)}` : '') + `\n\nprofiles: ${run.files.join(', ')}\n`);
  return run.report.grew ? 1 : 0;
}

/**
 * Without --call: a Python or JavaScript program runs whole (--interval/--snapshots ask for it for
 * any program), unless --runs/--warmup ask to repeat main(); TypeScript repeats main().
 */
function isWholeProgram(a: LeaksArgs): boolean {
  if (a.intervalMs !== undefined || a.snapshots !== undefined) return true;
  return /\.(?:[cm]?js|py)$/.test(a.program) && a.runs === undefined && a.warmup === undefined;
}
