/** `hotline leaks <program> [--call fn] [--runs N] [--json]`: what grows when one operation repeats. */
import { runLeakFinder } from '../../profilers/memory/index';
import { formatLeakReport } from '../../core/memory/leakReportText';
import { parseCliArgs, wholeNumber } from '../args';
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
  const { values, positionals, rest } = parseCliArgs(
    'leaks',
    argv,
    { json: { type: 'boolean' }, call: { type: 'string' }, runs: { type: 'string' }, warmup: { type: 'string' }, timeout: { type: 'string' } },
    { rest: true },
  );
  const [program, ...args] = positionals;
  const a: Omit<LeaksArgs, 'program'> = { json: !!values.json, args: [...args, ...rest] };
  if (values.call !== undefined) a.call = values.call;
  if (values.runs !== undefined) a.runs = wholeNumber(values.runs, '--runs', { min: 1 });
  if (values.warmup !== undefined) a.warmup = wholeNumber(values.warmup, '--warmup', { min: 0 });
  if (values.timeout !== undefined) a.timeoutMs = wholeNumber(values.timeout, '--timeout', { min: 1 }) * 1000;
  if (!program) throw new CliUsageError('leaks needs a program: hotline leaks <program.py|program.js> [--call <function>]');
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
