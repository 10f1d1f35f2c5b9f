import { CliCommand, CliIO, CliUsageError } from './command';
import { version } from '../../package.json';
import { flamegraphCommand } from './commands/flamegraph';
import { diffCommand } from './commands/diff';
import { reportCommand } from './commands/report';
import { benchCommand } from './commands/bench';
import { profileCommand } from './commands/profile';
import { leaksCommand } from './commands/leaks';
import { lintCommand } from './commands/lint';
import { lspCommand } from './commands/lsp';
import { pageCommand } from './commands/page';
import { loadCommand } from './commands/load';
import { tracesCommand } from './commands/traces';
import { topCommand } from './commands/top';

// Each command lives in its own module under ./commands; add one import and one entry per command.
const commands: CliCommand[] = [
  flamegraphCommand,
  diffCommand,
  reportCommand,
  benchCommand,
  profileCommand,
  leaksCommand,
  lintCommand,
  lspCommand,
  pageCommand,
  loadCommand,
  tracesCommand,
  topCommand,
];

function help(): string {
  const width = Math.max(...commands.map((c) => c.name.length), 8);
  return [
    `hotline ${version} — measure first, optimize second, measure again`,
    '',
    'Usage: hotline <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Options:',
    '  --help, -h     show help (also: hotline <command> --help)',
    '  --version, -v  print the version',
  ].join('\n');
}

export async function main(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(help() + '\n');
    return 0;
  }
  if (name === '--version' || name === '-v') {
    io.stdout(`${version}\n`);
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.stderr(`hotline: unknown command "${name}"; run "hotline --help" for the list\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(command.usage + '\n');
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    if (err instanceof CliUsageError) {
      io.stderr(`hotline: ${err.message}\n`);
      return err.exitCode;
    }
    const e = err as Error;
    // Typed errors from importers/profilers carry a user-facing message; anything else is a bug.
    io.stderr(`hotline: ${e?.message ?? String(err)}\n`);
    if (process.env.HOTLINE_DEBUG) io.stderr(`${e?.stack}\n`);
    return e && 'exitCode' in e && typeof (e as { exitCode: unknown }).exitCode === 'number' ? (e as unknown as { exitCode: number }).exitCode : 2;
  }
}

/** Entry used by bin/hotline.js (and tests): runs argv, sets the exit code. */
export function runFromProcess(): void {
  main(process.argv.slice(2), {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    cwd: process.cwd(),
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(`hotline: ${String(err)}\n`);
      process.exitCode = 2;
    },
  );
}
