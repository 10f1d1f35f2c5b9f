/**
 * Reading a profile file in a child process (dist/profileLoader.js, a `node` of its own), so the
 * parse's working memory — input chunks, the importer's tables, garbage a 300 MB file leaves — is
 * never the caller's: only the finished Profile comes back (V8 serialization over the IPC channel;
 * its typed arrays stay typed arrays). The extension host opens profiles through this: a worker
 * thread would share the host's process, so its peak would still count in the host's RSS, and an
 * importer running out of memory would take the host down with it.
 */
import { fork } from 'node:child_process';
import { dirname, resolve as absolute } from 'node:path';
import { ProfileFormatError, type Profile } from '../core/model/profile';
import { distPath } from './helperPath';
import { loadProfileSource } from './profileLoader';

export interface ChildLoadRequest {
  path: string;
  format?: string;
  /** The thread to show, for files that hold several (see LoadProfileOptions.thread). */
  thread?: string;
  /** No converter may run (Restricted Mode): the child stops before one would and the caller's `beforeConvert` says why. */
  refuseConverters?: boolean;
}

type ChildLoadReply =
  | { profile: Profile }
  | { refused: { format: string; name: string } }
  | { error: { message: string; format?: string; detail?: string; source?: string; where?: string } };

/** Marks the stop before a refused converter, in the child. */
class ConverterRefused extends Error {
  constructor(
    readonly format: string,
    readonly source: string,
  ) {
    super(`the ${format} converter is refused`);
  }
}

/**
 * Loads `req.path` in a child process; errors come back as the ones loadProfileSource throws
 * (ProfileFormatError kept). `beforeConvert` runs here when the child stopped before a refused converter.
 */
export function loadProfileInChild(
  req: ChildLoadRequest,
  opts: { signal?: AbortSignal; beforeConvert?: (format: string, name: string) => void } = {},
): Promise<Profile> {
  const script = distPath('profileLoader.js');
  const child = fork(script, [], {
    serialization: 'advanced',
    // Not the workspace: the loader runs no workspace code (the path it is sent is absolute).
    cwd: dirname(script),
    // In VS Code the extension host's executable is Electron's (or code-server's) node: run as node.
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    execArgv: [],
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-4000)));
  return new Promise<Profile>((resolve, reject) => {
    let reply: ChildLoadReply | null = null;
    const abort = () => child.kill('SIGKILL');
    opts.signal?.addEventListener('abort', abort, { once: true });
    child.once('message', (m: ChildLoadReply) => (reply = m));
    child.once('error', (e) => reject(new Error(`cannot start Hotline's profile loader: ${e.message}`)));
    child.once('close', (code, signal) => {
      opts.signal?.removeEventListener('abort', abort);
      if (reply && 'profile' in reply) return resolve(reply.profile);
      if (reply && 'refused' in reply) {
        const { format, name } = reply.refused;
        try {
          opts.beforeConvert?.(format, name);
        } catch (e) {
          return reject(e as Error);
        }
        return reject(new ProfileFormatError(format, 'reading it needs a converter, which was refused', name));
      }
      if (reply) {
        const e = reply.error;
        return reject(e.format && e.detail !== undefined ? new ProfileFormatError(e.format, e.detail, e.source, e.where) : new Error(e.message));
      }
      if (opts.signal?.aborted) return reject(new Error(`reading ${req.path} was cancelled`));
      const tail = stderr.trim().split('\n').slice(-3).join(' ');
      const oom = /heap out of memory|Allocation failed/.test(stderr);
      reject(
        new Error(
          `reading ${req.path} failed: the profile loader ${oom ? 'ran out of memory' : `exited (${signal ?? `code ${code}`})`}${tail ? `: ${tail}` : ''}`,
        ),
      );
    });
    child.send({ ...req, path: absolute(req.path) });
  });
}

/** The child's side (dist/profileLoader.js): one request, one reply, then exit; a parent gone means exit too. */
export function serveProfileLoad(): void {
  let replied = false;
  process.once('disconnect', () => process.exit(replied ? 0 : 1));
  process.once('message', (req: ChildLoadRequest) => {
    const send = (reply: ChildLoadReply) =>
      process.send!(reply, undefined, undefined, () => {
        replied = true;
        process.disconnect();
      });
    loadProfileSource(req.path, {
      ...(req.format ? { format: req.format } : {}),
      ...(req.thread ? { thread: req.thread } : {}),
      beforeConvert: (format, name) => {
        if (req.refuseConverters) throw new ConverterRefused(format, name);
      },
    }).then(
      (profile) => send({ profile }),
      (e: Error) =>
        e instanceof ConverterRefused
          ? send({ refused: { format: e.format, name: e.source } })
          : send({
              error:
                e instanceof ProfileFormatError
                  ? { message: e.message, format: e.format, detail: e.detail, source: e.source, where: e.where }
                  : { message: e.message },
            }),
    );
  });
}
