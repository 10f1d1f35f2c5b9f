/**
 * The service under load: started in a process group of its own (so it and everything it starts end
 * together), waited for until it answers HTTP on the load URL's port, and found again among its
 * group's processes as the one that listens on that port (npm, sh or a launcher may sit in between).
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { basename } from 'node:path';
import { listeningPorts } from '../nodeInspector';
import { execInGroup, killGroup, type ExecResult } from '../processTree';

export class ServiceError extends Error {
  override readonly name: string = 'ServiceError';
  constructor(
    message: string,
    readonly stderrTail: string,
  ) {
    super(`${message}${stderrTail ? `\nLast output of the service:\n${stderrTail}` : ' (it printed nothing on stderr)'}`);
  }
}

export interface Service {
  /** Process group id (the pid of the command Hotline started). */
  readonly pgid: number;
  /** Settles when the service's command exits (by itself or stopped). */
  readonly exited: Promise<ExecResult>;
  /** Whether the command itself has exited (what it started may live on until `stop`). */
  hasExited(): boolean;
  /** "exit code 3" / "signal SIGSEGV" once it has exited. */
  exitDescription(): string;
  /** The last ~40 lines it wrote on stderr so far. */
  stderrTail(): string;
  /** Ends the whole group (SIGTERM, then SIGKILL after `graceMs`) and waits for the command. */
  stop(graceMs?: number): Promise<ExecResult>;
}

export function startService(
  argv: readonly string[],
  opts: { cwd: string; env?: Record<string, string>; onOutput?: (line: string, stream: 'stdout' | 'stderr') => void },
): Promise<Service> {
  const tail: string[] = [];
  let exited = false;
  let leaderExit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  return new Promise((resolve, reject) => {
    const kill = new AbortController();
    const done = execInGroup(argv, {
      cwd: opts.cwd,
      env: opts.env,
      signal: kill.signal,
      onOutput: (line, stream) => {
        if (stream === 'stderr') {
          tail.push(line);
          if (tail.length > 40) tail.shift();
        }
        opts.onOutput?.(line, stream);
      },
      onExit: (code, signal) => (leaderExit = { code, signal }),
      onSpawn: (pgid) =>
        resolve({
          pgid,
          exited: done,
          hasExited: () => exited || leaderExit !== null,
          exitDescription: () =>
            leaderExit === null ? 'still running' : leaderExit.code !== null ? `exit code ${leaderExit.code}` : `signal ${leaderExit.signal}`,
          stderrTail: () => tail.join('\n'),
          async stop(graceMs = 2000) {
            if (!exited) {
              killGroup(pgid, 'SIGTERM');
              const timer = setTimeout(() => kill.abort(), graceMs);
              await done.finally(() => clearTimeout(timer));
            }
            return done;
          },
        }),
    });
    done.then(
      (r) => {
        exited = true;
        if (r.pid === undefined) reject(new ServiceError(`cannot start the service "${argv.join(' ')}"`, r.stderrTail));
      },
      (err: Error) => reject(new ServiceError(`cannot start the service "${argv.join(' ')}": ${err.message}`, tail.join('\n'))),
    );
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resolves once `url` answers with any HTTP status; a ServiceError when the service exits or time is up. */
export async function waitUntilAnswering(service: Service, url: string, timeoutMs: number, signal?: AbortSignal): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (signal?.aborted) throw new ServiceError('cancelled while waiting for the service', service.stderrTail());
    if (service.hasExited()) {
      // What it started may still hold its output open: end the group, then report.
      const r = await service.stop();
      throw new ServiceError(`the service exited (${service.exitDescription()}) before it answered ${url}`, r.stderrTail);
    }
    try {
      await fetch(url, { signal: AbortSignal.timeout(Math.max(200, Math.min(2000, deadline - Date.now()))), redirect: 'manual' });
      return;
    } catch {
      // Not listening yet (or too slow to answer): try again until the deadline.
    }
    if (Date.now() >= deadline) {
      throw new ServiceError(
        `the service did not answer ${url} within ${(timeoutMs / 1000).toFixed(0)} s (is it listening on that port, on 127.0.0.1?)`,
        service.stderrTail(),
      );
    }
    await sleep(100);
  }
}

/** Pids whose process group is `pgid` (from /proc). */
export function groupMembers(pgid: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // Fields after the parenthesised command: state ppid pgrp ...
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid) out.push(Number(name));
    } catch {
      // ended meanwhile
    }
  }
  return out;
}

export type ServerRuntime = 'python' | 'node' | 'other';

/** The process of the group that listens on `port`, and what runs it (from its executable's name). */
export function findServerProcess(pgid: number, port: number): { pid: number; runtime: ServerRuntime; exe: string } | null {
  for (const pid of groupMembers(pgid)) {
    let ports: number[];
    try {
      ports = listeningPorts(pid);
    } catch {
      continue;
    }
    if (!ports.includes(port)) continue;
    return { pid, ...runtimeOf(pid) };
  }
  return null;
}

/** What runs process `pid`, from its executable's name. */
export function runtimeOf(pid: number): { runtime: ServerRuntime; exe: string } {
  let exe = '';
  try {
    exe = readlinkSync(`/proc/${pid}/exe`);
  } catch {
    // not ours to read: runtime unknown
  }
  const name = basename(exe);
  return { exe, runtime: /^python/.test(name) ? 'python' : /^node/.test(name) ? 'node' : 'other' };
}
