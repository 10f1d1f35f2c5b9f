/** `hotline leaks <program> [--call fn] [--runs N] [--json]`: what grows when one operation repeats. */
import { runLeakFinder } from '../../profilers/memory/index';
import { formatLeakReport } from '../../core/memory/leakReportText';
import type { CliCommand } from '../command';
import { CliUsageError } from '../command';

const usage = `Usage: hotline leaks <program.py|program.js> [--call <function>] [--runs N] [--warmup N]
                     [--timeout <seconds>] [--json] [-- program args...]

Finds memory leaks by repeating one operation: the program is loaded (its "__main__" /
"require.main === module" block does not run), the function named by --call (default: main) runs
--warmup times, a baseline snapshot is taken, it runs --runs times more, a second snapshot is taken,
and the difference is ranked: the allocation sites and object kinds that grew, what holds them, and
the common leak pattern they match (listener not removed, cache without eviction, closure holding
a large scope, cycle with __del__).
  Python: a top-level function, e.g.  def handle_request(): ...
  Node:   an exported function, e.g.  module.exports = { handleRequest }  (async functions are awaited)
Exit code: 0 when no steady growth, 1 when memory grew, 2 on bad input.`;

export interface LeaksArgs {
  program: string;
  call?: string;
  runs?: number;
  warmup?: number;
  timeoutMs?: number;
  json: boolean;
  args: string[];
}

export function parseLeaksArgs(argv: string[]): LeaksArgs {
  const a: Partial<LeaksArgs> & { json: boolean; args: string[] } = { json: false, args: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new CliUsageError(`${arg} needs a value`);
      return v;
    };
    const count = (name: string, min: number) => {
      const v = Number(value());
      if (!Number.isInteger(v) || v < min) throw new CliUsageError(`${name} must be a whole number >= ${min}`);
      return v;
    };
    if (arg === '--') {
      a.args.push(...argv.slice(i + 1));
      break;
    } else if (arg === '--json') a.json = true;
    else if (arg === '--call') a.call = value();
    else if (arg === '--runs') a.runs = count('--runs', 1);
    else if (arg === '--warmup') a.warmup = count('--warmup', 0);
    else if (arg === '--timeout') a.timeoutMs = count('--timeout', 1) * 1000;
    else if (arg.startsWith('-')) throw new CliUsageError(`unknown option ${arg} for leaks`);
    else if (a.program === undefined) a.program = arg;
    else a.args.push(arg);
  }
  if (!a.program) throw new CliUsageError('leaks needs a program: hotline leaks <program.py|program.js> [--call <function>]');
  return a as LeaksArgs;
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
      const run = await runLeakFinder(
        { program: args.program, args: args.args, call: args.call, runs: args.runs, warmup: args.warmup, cwd: io.cwd },
        { signal: controller.signal, timeoutMs: args.timeoutMs ?? 300_000 },
      );
      if (args.json) io.stdout(JSON.stringify({ ...run.report, files: run.files, series: run.series }, null, 2) + '\n');
      else io.stdout(formatLeakReport(run.report) + (run.files.length ? `\n\nsnapshots: ${run.files.join(', ')}\n` : '\n'));
      return run.report.grew ? 1 : 0;
    } finally {
      process.removeListener('SIGINT', onSigint);
    }
  },
};
