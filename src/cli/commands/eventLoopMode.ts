/**
 * `hotline profile --mode event-loop <program.js|program.py>`, or `--pid PID` for a running Node
 * process: event-loop delay and the lines that block it.
 */
import { resolve } from 'node:path';
import type { CliIO } from '../command';
import { formatEventLoopReport } from '../../core/eventLoop/eventLoopLag';
import { ProfileMissingError } from '../../profilers/errors';

export interface EventLoopModeArgs {
  program: string;
  args: string[];
  /** Run length in seconds: the recorder ends the program then (default 300). */
  timeout?: number;
  thresholdMs?: number;
  json: boolean;
  /** Attach to this running Node process instead of running `program`. */
  pid?: number;
  /** With `pid`: how long to record (default 10). */
  seconds?: number;
}

/** Exit code: the program's own (0 when the recorder ended it on time), 2 for bad input. */
export async function runEventLoopMode(a: EventLoopModeArgs, io: CliIO): Promise<number> {
  const { runEventLoopProfile } = await import('../../profilers/eventLoop');
  const seconds = a.timeout ?? 300;
  const ac = new AbortController();
  const onSigint = () => ac.abort();
  process.once('SIGINT', onSigint);
  try {
    if (a.pid !== undefined) {
      const { attachEventLoopProfile } = await import('../../profilers/eventLoop/attach');
      const run = await attachEventLoopProfile(
        { pid: a.pid, seconds: a.seconds ?? 10, thresholdMs: a.thresholdMs },
        { signal: ac.signal, log: a.json ? undefined : (l) => io.stderr(`${l}\n`) },
      );
      if (a.json) io.stdout(`${JSON.stringify({ ...run.report, pid: a.pid, files: run.files })}\n`);
      else io.stdout(`${formatEventLoopReport(run.report)}\nrecorded: ${run.files.join(', ')}\n`);
      return 0;
    }
    const run = await runEventLoopProfile(
      { program: a.program, args: a.args, cwd: io.cwd, seconds, thresholdMs: a.thresholdMs, node: process.env.HOTLINE_NODE ?? process.execPath },
      // The recorder ends the program at `seconds`; the hard limit only catches a wedged process.
      { signal: ac.signal, timeoutMs: (seconds + 30) * 1000, onOutput: a.json ? undefined : (l) => io.stderr(`${l}\n`) },
    );
    if (a.json) io.stdout(`${JSON.stringify({ ...run.report, program: resolve(io.cwd, a.program), files: run.files, exitCode: run.exitCode })}\n`);
    else io.stdout(`${formatEventLoopReport(run.report)}\nrecorded: ${run.files.join(', ')}\n`);
    return run.exitCode ?? 1;
  } catch (e) {
    // Attach failures (no inspector, port taken, recorder refused): one message, the process left as it was.
    if (e instanceof Error && e.name === 'NodeInspectorError') {
      io.stderr(`hotline: ${e.message}\n`);
      return 2;
    }
    if (!(e instanceof ProfileMissingError)) throw e;
    io.stderr(`hotline: ${e.message}\n${e.stderrTail ? `${e.stderrTail}\n` : ''}`);
    return 2;
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}
