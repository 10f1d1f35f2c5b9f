/**
 * Runs one command (argv array, never a shell) in a process group of its own, so Cancel and
 * timeouts can end the whole tree — the profiler, the program and anything the program started —
 * with one kill(-pgid). Every group still alive when Hotline's own process exits is killed too.
 */
export interface ExecOptions {
  readonly cwd: string;
  readonly env?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal;
  /** Absolute deadline (Date.now() ms); past it the tree gets `interruptSignal`, then SIGKILL. */
  readonly deadline?: number;
  readonly interruptSignal?: NodeJS.Signals;
  /** Called with each complete line of stdout/stderr. */
  readonly onOutput?: (line: string, stream: 'stdout' | 'stderr') => void;
  /** Write stdout to this file instead of onOutput. */
  readonly stdoutFile?: string;
  /** Keep the whole stdout (for cargo's JSON messages). */
  readonly captureStdout?: boolean;
  /** Called once the process is started, with its pid (= its process group id), for long-running servers. */
  readonly onSpawn?: (pid: number) => void;
  /** Called when the process itself exits (its children may still hold stdout/stderr open). */
  readonly onExit?: (exitCode: number | null, signal: NodeJS.Signals | null) => void;
}

export interface ExecResult {
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly timedOut: boolean;
  readonly cancelled: boolean;
  readonly stdout: string;
  /** The last ~40 lines of stderr. */
  readonly stderrTail: string;
  readonly pid: number | undefined;
}

const liveGroups = new Set<number>();
let exitHookInstalled = false;

export function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const pid of liveGroups) killGroup(pid, 'SIGKILL');
  });
}

/** Process groups started by Hotline and not yet ended (for tests and the extension's deactivate). */
export function liveProcessGroups(): number[] {
  return [...liveGroups];
}

/** Kills every process group Hotline started (extension deactivate). */
export function killAllProcessGroups(): void {
  for (const pid of liveGroups) killGroup(pid, 'SIGKILL');
}

class LineSplitter {
  private rest = '';
  constructor(private readonly emit: (line: string) => void) {}
  push(chunk: string): void {
    const parts = (this.rest + chunk).split(/\r?\n/);
    this.rest = parts.pop() ?? '';
    for (const p of parts) this.emit(p);
  }
  end(): void {
    if (this.rest) this.emit(this.rest);
    this.rest = '';
  }
}

const TAIL_LINES = 40;

export async function execInGroup(argv: readonly string[], opts: ExecOptions): Promise<ExecResult> {
  const { execa } = await import('execa');
  installExitHook();
  if (opts.signal?.aborted) return { exitCode: null, signal: null, timedOut: false, cancelled: true, stdout: '', stderrTail: '', pid: undefined };
  const [file, ...args] = argv;
  const stdoutTarget = opts.stdoutFile ? { file: opts.stdoutFile } : 'pipe';
  const child = execa(file!, args, {
    cwd: opts.cwd,
    env: { ...opts.env },
    extendEnv: true,
    detached: true, // a process group of its own: kill(-pid) reaches every descendant
    stdin: 'ignore',
    stdout: stdoutTarget,
    stderr: 'pipe',
    buffer: false,
    reject: false,
    stripFinalNewline: false,
  });
  const pid = child.pid;
  if (pid !== undefined) {
    liveGroups.add(pid);
    opts.onSpawn?.(pid);
  }
  if (opts.onExit) child.once('exit', opts.onExit);
  const tail: string[] = [];
  let stdout = '';
  const out = new LineSplitter((l) => opts.onOutput?.(l, 'stdout'));
  const err = new LineSplitter((l) => {
    tail.push(l);
    if (tail.length > TAIL_LINES) tail.shift();
    opts.onOutput?.(l, 'stderr');
  });
  child.stdout?.setEncoding('utf8');
  child.stdout?.on('data', (c: string) => {
    if (opts.captureStdout) stdout += c;
    else out.push(c);
  });
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (c: string) => err.push(c));

  let timedOut = false;
  let cancelled = false;
  const timers: NodeJS.Timeout[] = [];
  const onAbort = () => {
    cancelled = true;
    if (pid !== undefined) killGroup(pid, 'SIGKILL');
  };
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  if (opts.deadline !== undefined) {
    const ms = Math.max(0, opts.deadline - Date.now());
    timers.push(
      setTimeout(() => {
        timedOut = true;
        if (pid === undefined) return;
        // Interrupt first so py-spy/perf/cProfile write what they have, then make sure.
        killGroup(pid, opts.interruptSignal ?? 'SIGINT');
        timers.push(setTimeout(() => killGroup(pid, 'SIGKILL'), 5000));
      }, ms),
    );
  }
  try {
    const result = await child;
    out.end();
    err.end();
    return {
      exitCode: typeof result.exitCode === 'number' ? result.exitCode : null,
      signal: result.signal ?? null,
      timedOut,
      cancelled,
      stdout,
      stderrTail: tail.join('\n'),
      pid,
    };
  } finally {
    for (const t of timers) clearTimeout(t);
    opts.signal?.removeEventListener('abort', onAbort);
    // Whatever the program left behind in its group (daemons, children) ends with it.
    if (pid !== undefined) {
      killGroup(pid, 'SIGKILL');
      liveGroups.delete(pid);
    }
  }
}
