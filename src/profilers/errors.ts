/** Errors a profiling run reports to the user; each message says what to do next. */

/** A tool the plan needs is not installed (detected before anything runs). */
export class ProfilerNotFoundError extends Error {
  override readonly name = 'ProfilerNotFoundError';
  constructor(
    readonly tool: string,
    readonly installHint: string,
    readonly command: string = tool,
  ) {
    super(`${tool} was not found (looked for "${command}"). Install it with: ${installHint}`);
  }
}

/** The kernel refused ptrace (py-spy) or perf events (perf); `fix` is the command that allows it. */
export class ProfilerPermissionError extends Error {
  override readonly name = 'ProfilerPermissionError';
  constructor(
    readonly tool: string,
    readonly detail: string,
    readonly fix: string,
  ) {
    super(`${tool} is not permitted here: ${detail}. Fix: ${fix}`);
  }
}

/** A build step (go test -c, cargo build, gcc, transpile) failed: nothing was profiled. */
export class ProfileBuildError extends Error {
  override readonly name = 'ProfileBuildError';
  constructor(
    readonly step: string,
    readonly exitCode: number | null,
    readonly stderrTail: string,
  ) {
    super(`${step} failed${exitCode !== null ? ` (exit code ${exitCode})` : ''}${stderrTail ? `:\n${stderrTail}` : ''}`);
  }
}

/** The run ended without a profile file (the program died before the profiler wrote anything). */
export class ProfileMissingError extends Error {
  override readonly name = 'ProfileMissingError';
  constructor(
    message: string,
    readonly exitCode: number | null,
    readonly stderrTail: string,
  ) {
    super(`${message}${stderrTail ? `\nLast output of the program:\n${stderrTail}` : ''}`);
  }
}

/** The user cancelled: the process tree was killed and temporary files removed. */
export class ProfileCancelledError extends Error {
  override readonly name = 'ProfileCancelledError';
  constructor() {
    super('profiling was cancelled; the program and the profiler were stopped');
  }
}

/** Attaching to a running Node process through its inspector failed; the message says why and what to do. */
export class NodeInspectorError extends Error {
  override readonly name = 'NodeInspectorError';
}
