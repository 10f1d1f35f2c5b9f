/** One `hotline <name>` subcommand. `run` returns the process exit code. */
export interface CliCommand {
  readonly name: string;
  /** One line for `hotline --help`. */
  readonly summary: string;
  /** Full usage text for `hotline <name> --help`. */
  readonly usage: string;
  run(argv: string[], io: CliIO): Promise<number>;
}

export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  readonly cwd: string;
}

/** An error the user can act on: printed as one line `hotline: <message>`, exit code 2. */
export class CliUsageError extends Error {
  override readonly name = 'CliUsageError';
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}
