/**
 * The port a running Node process opens its inspector on when it gets SIGUSR1, and taking turns for
 * it. Node binds its debug port (9229 unless `--inspect-port` says otherwise) and, when that port is
 * taken, prints "Starting inspector on 127.0.0.1:9229 failed: address already in use" and carries on
 * without one: two processes attached at once (two Hotline commands, or a debugger holding 9229)
 * would make the second attach fail. So the signal is sent only while the port is free, and Hotline
 * processes signalling for the same port take turns through a lock directory in the temp folder.
 */
import { mkdirSync, readFileSync, rmSync, statSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NodeInspectorError } from './errors';
import { portOpen } from './ports';
import { sleep } from './sleep';

/** Node's default debug port. */
export const NODE_DEBUG_PORT = 9229;

/** The `--inspect-port` (or `--debug-port`) of an argument list, or null. */
export function inspectPortArg(args: string[]): number | null {
  let port: number | null = null;
  args.forEach((a, i) => {
    const m = /^--(?:inspect-port|debug-port)(?:=(.*))?$/.exec(a);
    if (!m) return;
    const value = (m[1] ?? args[i + 1] ?? '').split(':').pop()!;
    if (/^\d+$/.test(value)) port = Number(value);
  });
  return port;
}

/** The port `pid` will open its inspector on: its command line's or NODE_OPTIONS' `--inspect-port`, else 9229. */
export function inspectorPortOf(pid: number): number {
  const read = (file: string) => {
    try {
      return readFileSync(`/proc/${pid}/${file}`, 'utf8').split('\0');
    } catch {
      return [];
    }
  };
  const nodeOptions = read('environ').find((v) => v.startsWith('NODE_OPTIONS='));
  return inspectPortArg(read('cmdline')) ?? inspectPortArg(nodeOptions?.slice('NODE_OPTIONS='.length).split(/\s+/) ?? []) ?? NODE_DEBUG_PORT;
}

/** A lock older than this was left by a Hotline process that died holding it. */
const STALE_MS = 15_000;

export interface PortTurnOptions {
  signal?: AbortSignal;
  log?: (line: string) => void;
  /** How long to wait for the port to be free (default 120 s). */
  waitMs?: number;
}

/**
 * Runs `signalAndWait` (send SIGUSR1, wait for the inspector) once no other Hotline process is doing
 * the same for `port` and the port is free. Throws when the port stays taken for `waitMs`.
 */
export async function inTurnForPort<T>(port: number, opts: PortTurnOptions, signalAndWait: () => Promise<T>): Promise<T> {
  const lock = join(tmpdir(), `hotline-inspector-port-${port}.lock`);
  const deadline = Date.now() + (opts.waitMs ?? 120_000);
  let said = false;
  const waiting = (why: string) => {
    if (!said) opts.log?.(`waiting: ${why}`);
    said = true;
    if (Date.now() > deadline)
      throw new NodeInspectorError(
        `127.0.0.1:${port}, where Node opens its inspector on SIGUSR1, stayed in use for ${Math.round((opts.waitMs ?? 120_000) / 1000)} s: ` +
          `stop what listens there (another debugger or attach), or start the process with --inspect-port=0`,
      );
  };
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      try {
        if (Date.now() - statSync(lock).mtimeMs > STALE_MS) rmSync(lock, { recursive: true, force: true });
      } catch {
        // released meanwhile
      }
      waiting(`another Hotline attach is opening an inspector on 127.0.0.1:${port}`);
      await sleep(100, opts.signal);
    }
  }
  try {
    while (port !== 0 && (await portOpen('127.0.0.1', port))) {
      waiting(`127.0.0.1:${port} is in use (another inspector?); Node opens its inspector there on SIGUSR1`);
      const now = new Date();
      utimesSync(lock, now, now);
      await sleep(200, opts.signal);
    }
    return await signalAndWait();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
