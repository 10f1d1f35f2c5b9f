/**
 * Starts the page's server — the user's `--server "npm run preview"` (through sh) or one of the
 * workspace's own npm scripts or launch configurations (an argv) — in a process group of its own,
 * waits until the page's port accepts connections, and stops the whole tree afterwards. When the
 * address is not known beforehand (a workspace script), it is the first one the server prints.
 */
import { servedUrl } from '../../core/page/devServers';
import { portOpen } from '../ports';
import { execInGroup } from '../processTree';
import { PageInputError } from './errors';

export interface RunningServer {
  /** Where the page is served (the URL given, or the one the server printed). */
  readonly url: URL;
  /** Kills the server's process group and waits for it to end. */
  stop(): Promise<void>;
}

export interface ServerOptions {
  readonly cwd: string;
  readonly env?: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
  readonly onOutput?: (line: string) => void;
}

function portOf(url: URL): number {
  return Number(url.port || (url.protocol === 'https:' ? 443 : 80));
}

const hostOf = (url: URL) => url.hostname.replace(/^\[|\]$/g, '');

/** Runs `command` through sh and waits for the port of `url`. */
export async function startServer(command: string, url: URL, opts: ServerOptions): Promise<RunningServer> {
  if (await portOpen(hostOf(url), portOf(url)))
    throw new PageInputError(`port ${portOf(url)} is already in use before "${command}" started; stop whatever listens there or audit it without --server`);
  return launch(['sh', '-c', command], `"${command}"`, url, opts);
}

/** Runs `argv` (a workspace script) and waits for the port of the first address it prints. */
export function startWorkspaceServer(argv: readonly string[], label: string, opts: ServerOptions): Promise<RunningServer> {
  return launch(argv, label, undefined, opts);
}

async function launch(argv: readonly string[], label: string, given: URL | undefined, opts: ServerOptions): Promise<RunningServer> {
  const abort = new AbortController();
  let url = given;
  let exited: { code: number | null; stderr: string } | undefined;
  const done = execInGroup(argv, {
    cwd: opts.cwd,
    env: opts.env,
    signal: abort.signal,
    onOutput: (line) => {
      url ??= servedUrl(line);
      opts.onOutput?.(line);
    },
  }).then((r) => {
    exited = { code: r.exitCode, stderr: r.stderrTail };
  });
  const stop = async () => {
    abort.abort();
    await done;
  };
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const deadline = Date.now() + timeoutMs;
  while (!exited && Date.now() < deadline) {
    if (url && (await portOpen(hostOf(url), portOf(url), 500))) return { url, stop };
    await new Promise((r) => setTimeout(r, 200));
  }
  const early = exited;
  await stop();
  const port = url ? `port ${portOf(url)}` : 'a port (it printed no http:// address)';
  if (early)
    throw new PageInputError(`the server command ${label} exited (code ${early.code}) before opening ${port}${early.stderr ? `:\n${early.stderr}` : ''}`);
  throw new PageInputError(`the server command ${label} did not open ${port} within ${Math.round(timeoutMs / 1000)} s; it was stopped`);
}
