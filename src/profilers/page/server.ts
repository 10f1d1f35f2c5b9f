/**
 * Starts the page's server command (`--server "npm run preview"`, through sh in a process group of
 * its own), waits until the URL's port accepts connections, and stops the whole tree afterwards.
 */
import { portOpen } from '../ports';
import { execInGroup } from '../processTree';
import { PageInputError } from './errors';

export interface RunningServer {
  /** Kills the server's process group and waits for it to end. */
  stop(): Promise<void>;
}

function portOf(url: URL): number {
  return Number(url.port || (url.protocol === 'https:' ? 443 : 80));
}

export async function startServer(
  command: string,
  url: URL,
  opts: { cwd: string; timeoutMs?: number; onOutput?: (line: string) => void },
): Promise<RunningServer> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = portOf(url);
  if (await portOpen(host, port))
    throw new PageInputError(`port ${port} is already in use before "${command}" started; stop whatever listens there or audit it without --server`);
  const abort = new AbortController();
  let exited: { code: number | null; stderr: string } | undefined;
  const done = execInGroup(['sh', '-c', command], { cwd: opts.cwd, signal: abort.signal, onOutput: opts.onOutput }).then((r) => {
    exited = { code: r.exitCode, stderr: r.stderrTail };
  });
  const stop = async () => {
    abort.abort();
    await done;
  };
  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  while (!exited && Date.now() < deadline) {
    if (await portOpen(host, port, 500)) return { stop };
    await new Promise((r) => setTimeout(r, 200));
  }
  const early = exited;
  await stop();
  if (early)
    throw new PageInputError(
      `the server command "${command}" exited (code ${early.code}) before opening port ${port}${early.stderr ? `:\n${early.stderr}` : ''}`,
    );
  throw new PageInputError(
    `the server command "${command}" did not open port ${port} within ${Math.round((opts.timeoutMs ?? 60_000) / 1000)} s; it was stopped`,
  );
}
