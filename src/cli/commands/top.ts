/** `hotline top --pid N`: the hottest functions of a running process (Python, Node, native through perf), refreshed every second. */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { exportSpeedscope } from '../../core/export/speedscopeExport';
import { formatLiveTop } from '../../core/liveTop/liveTopText';
import { liveTopKind } from '../../profilers/liveTop/index';
import { startLiveTop } from '../../profilers/liveTop/session';
import { parseCliArgs, wholeNumber } from '../args';
import type { CliCommand } from '../command';
import { CliUsageError } from '../command';

const usage = `Usage: hotline top --pid N [--seconds S] [--span S] [--rate HZ] [--save FILE [--last N]] [--json]

Attaches to a running process and prints its hottest functions every second: the share of the
samples of the last --span seconds (default 5) where the function runs itself (self) and where it
is on the stack (total). Python through py-spy (one 1 s \`py-spy record\` per window: the
attach between windows is not sampled, the status line says how much was), Node through its
inspector (opened with SIGUSR1 when closed, and closed again), any other process (C, C++, Rust, Go)
through perf (one 1 s \`perf record -p\` per window, converted by \`perf script\` between windows,
which the status line counts as not sampled). Ends on Ctrl-C, after --seconds S,
or when the process exits; nothing is left attached.
  --save FILE   then write the last --last N seconds (default all, up to 300) as one profile
                (speedscope JSON) for \`hotline flamegraph\` or the editor's flame graph
  --json        one JSON view per window instead of the table
Exit code: 0, 2 on bad input or when the sampler cannot attach.`;

export const topCommand: CliCommand = {
  name: 'top',
  summary: 'live top of a running process: Python, Node, or native through perf (hottest functions, refreshed every second)',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCliArgs('top', argv, {
      pid: { type: 'string' },
      seconds: { type: 'string' },
      span: { type: 'string' },
      rate: { type: 'string' },
      save: { type: 'string' },
      last: { type: 'string' },
      json: { type: 'boolean' },
    });
    if (positionals.length > 0 || values.pid === undefined) throw new CliUsageError('give the process as --pid N; see "hotline top --help"');
    if (values.last !== undefined && values.save === undefined) throw new CliUsageError('--last N says how much --save FILE writes; give --save too');
    const pid = wholeNumber(values.pid, '--pid', { min: 1 });
    const seconds = values.seconds !== undefined ? wholeNumber(values.seconds, '--seconds', { min: 1 }) : undefined;
    const spanSeconds = values.span !== undefined ? wholeNumber(values.span, '--span', { min: 1, max: 300 }) : 5;
    const rateHz = values.rate !== undefined ? wholeNumber(values.rate, '--rate', { min: 1, max: 1000 }) : undefined;
    const last = values.last !== undefined ? wholeNumber(values.last, '--last', { min: 1, max: 300 }) : 300;
    const kind = liveTopKind(pid);
    const tty = !values.json && process.stdout.isTTY === true;
    const session = startLiveTop(
      { pid, kind, rateHz, log: (l) => io.stderr(`${l}\n`) },
      {
        spanSeconds,
        onView: (view) => io.stdout(values.json ? `${JSON.stringify(view)}\n` : `${tty ? '\x1b[H\x1b[2J' : ''}${formatLiveTop(view)}\n\n`),
      },
    );
    const stop = () => void session.stop();
    process.once('SIGINT', stop);
    const timer = seconds !== undefined ? setTimeout(stop, seconds * 1000) : undefined;
    try {
      const end = await session.done;
      io.stderr(`hotline top: ${end.message}\n`);
    } finally {
      clearTimeout(timer);
      process.removeListener('SIGINT', stop);
    }
    if (values.save !== undefined) {
      const profile = session.window.profile(last);
      if (!profile) throw new CliUsageError(`no window was sampled from pid ${pid}: nothing to save`, 1);
      const out = resolve(io.cwd, values.save);
      writeFileSync(out, exportSpeedscope(profile, { name: `pid ${pid}: the last ${last} s`, exporter: 'hotline top' }));
      io.stderr(`saved the last ${last} s to ${out}\n`);
    }
    return 0;
  },
};
