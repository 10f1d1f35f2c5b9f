/**
 * The service under load: started in a process group of its own (so it and everything it starts end
 * together), waited for until it answers HTTP on the load URL's port, and found again among its
 * group's processes as the one that listens on that port (npm, sh or a launcher may sit in between).
 */
import { closeSync, fstatSync, openSync, readdirSync, readFileSync, readlinkSync, readSync } from 'node:fs';
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

/** python / node: by the executable's name; go: a Go build-info record in the executable; native: any other ELF program (Rust, C, C++). */
export type ServerRuntime = 'python' | 'node' | 'go' | 'native' | 'other';

/** The process of the group that listens on `port`, and what runs it (from its executable). */
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

/** What runs process `pid`: its executable's name (python, node), else what the executable holds (Go, other ELF). */
export function runtimeOf(pid: number): { runtime: ServerRuntime; exe: string } {
  let exe = '';
  try {
    exe = readlinkSync(`/proc/${pid}/exe`);
  } catch {
    // not ours to read: runtime unknown
  }
  const name = basename(exe);
  if (/^python/.test(name)) return { exe, runtime: 'python' };
  if (/^node/.test(name)) return { exe, runtime: 'node' };
  // /proc/PID/exe opens the executable even when its file was deleted or replaced since it started.
  return { exe, runtime: exe ? executableKind(`/proc/${pid}/exe`) : 'other' };
}

/** The build-info record the Go linker writes into every Go executable (its .go.buildinfo section starts with it). */
const GO_BUILDINFO_MAGIC = Buffer.from('\xff Go buildinf:', 'latin1');

/**
 * 'go' for an ELF executable with a .go.buildinfo section (or, when its section headers were
 * stripped, the build-info magic anywhere in it), 'native' for any other ELF file, else 'other'.
 */
export function executableKind(file: string): 'go' | 'native' | 'other' {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return 'other';
  }
  try {
    const read = (offset: number, length: number) => {
      const buf = Buffer.alloc(length);
      return buf.subarray(0, readSync(fd, buf, 0, length, offset));
    };
    const sections = elfSectionNames(read);
    if (sections === null) return 'other';
    if (sections.length > 0) return sections.includes('.go.buildinfo') ? 'go' : 'native';
    return containsBytes(read, fstatSync(fd).size, GO_BUILDINFO_MAGIC) ? 'go' : 'native';
  } catch {
    return 'other';
  } finally {
    closeSync(fd);
  }
}

/** The section names of an ELF file (32 or 64 bit, either byte order); [] without section headers; null when not ELF. */
export function elfSectionNames(read: (offset: number, length: number) => Buffer): string[] | null {
  const h = read(0, 64);
  if (h.length < 52 || h.readUInt32BE(0) !== 0x7f454c46) return null;
  const is64 = h[4] === 2;
  const le = h[5] === 1;
  const u16 = (b: Buffer, o: number) => (le ? b.readUInt16LE(o) : b.readUInt16BE(o));
  const u32 = (b: Buffer, o: number) => (le ? b.readUInt32LE(o) : b.readUInt32BE(o));
  const addr = (b: Buffer, o: number) => (is64 ? Number(le ? b.readBigUInt64LE(o) : b.readBigUInt64BE(o)) : u32(b, o));
  const shoff = addr(h, is64 ? 0x28 : 0x20);
  const shentsize = u16(h, is64 ? 0x3a : 0x2e);
  const shnum = u16(h, is64 ? 0x3c : 0x30);
  const shstrndx = u16(h, is64 ? 0x3e : 0x32);
  if (shoff === 0 || shnum === 0 || shstrndx >= shnum || shentsize < (is64 ? 64 : 40)) return [];
  const table = read(shoff, shnum * shentsize);
  if (table.length < shnum * shentsize) return [];
  const field = (i: number, off64: number, off32: number) => addr(table, i * shentsize + (is64 ? off64 : off32));
  const strings = read(field(shstrndx, 0x18, 0x10), Math.min(field(shstrndx, 0x20, 0x14), 1 << 20));
  const names: string[] = [];
  for (let i = 0; i < shnum; i++) {
    const start = u32(table, i * shentsize);
    if (start >= strings.length) continue;
    const end = strings.indexOf(0, start);
    names.push(strings.toString('latin1', start, end < 0 ? strings.length : end));
  }
  return names;
}

function containsBytes(read: (offset: number, length: number) => Buffer, size: number, needle: Buffer): boolean {
  const chunk = 1 << 20;
  for (let offset = 0; offset < size; offset += chunk - needle.length) {
    if (read(offset, chunk).includes(needle)) return true;
  }
  return false;
}
