// Resident memory of processes this bench did not start itself but whose ancestor it is (Chromium's
// renderers, code-server's extension host and the profile loader it forks), read from /proc (Linux).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

const read = (path: string): string | null => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null; // the process has exited
  }
};

/** The process's command line, arguments joined by spaces ('' once it has exited). */
export const cmdline = (pid: number): string => (read(`/proc/${pid}/cmdline`) ?? '').split('\0').join(' ');

/** Every live descendant of `root` (children, their children, …), from each process's parent in /proc/<pid>/stat. */
export function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = read(`/proc/${name}/stat`);
    // "pid (comm) state ppid …": comm may hold spaces and parentheses, so read after the last ')'.
    const ppid = stat ? Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) : NaN;
    if (Number.isFinite(ppid)) children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
  }
  const out: number[] = [];
  for (let todo = [root]; todo.length;) {
    const next = children.get(todo.pop()!) ?? [];
    out.push(...next);
    todo.push(...next);
  }
  return out;
}

/** VmHWM (the kernel's peak RSS of the process) and VmRSS in bytes, or null once it has exited. */
export function memory(pid: number): { hwm: number; rss: number } | null {
  const status = read(`/proc/${pid}/status`);
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status ?? '')?.[1] ?? NaN) * 1024;
  const m = { hwm: kb('VmHWM'), rss: kb('VmRSS') };
  return Number.isFinite(m.hwm) && Number.isFinite(m.rss) ? m : null;
}

/** Resets the process's VmHWM to its current RSS ("5" to /proc/<pid>/clear_refs, see proc(5)). */
export function resetPeak(pid: number): void {
  writeFileSync(`/proc/${pid}/clear_refs`, '5');
}

/** The highest VmHWM seen among the processes `pids()` names, sampled on each call (a process that exits keeps its last sample). */
export class PeakSampler {
  peak: number | null = null;
  constructor(private readonly pids: () => number[]) {}
  sample(): void {
    for (const pid of this.pids()) {
      const m = memory(pid);
      if (m && (this.peak === null || m.hwm > this.peak)) this.peak = m.hwm;
    }
  }
}
