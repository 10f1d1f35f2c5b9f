// What runs below the extension host, read from /proc: for the checks that no program, helper or
// sampler Hotline started outlives its run (on Cancel and Stop too).
import { readdirSync, readFileSync } from 'node:fs';

export interface LiveProcess {
  pid: number;
  ppid: number;
  cmd: string;
}

function stat(pid: string): { ppid: number; state: string } | undefined {
  try {
    // comm may hold spaces and parentheses: the fields after it start past the last ')'.
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const [state, ppid] = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(ppid), state: state! };
  } catch {
    return undefined; // ended while being read
  }
}

/** Every running (not zombie) process descending from `root` (default: this process, the extension host). */
export function descendants(root = process.pid): LiveProcess[] {
  const all: LiveProcess[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const s = stat(name);
    if (!s || s.state === 'Z') continue;
    let cmd = '';
    try {
      cmd = readFileSync(`/proc/${name}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
    } catch {
      continue;
    }
    all.push({ pid: Number(name), ppid: s.ppid, cmd });
  }
  const below = new Set([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const p of all)
      if (!below.has(p.pid) && below.has(p.ppid)) {
        below.add(p.pid);
        grew = true;
      }
  }
  return all.filter((p) => p.pid !== root && below.has(p.pid));
}

/** Descendants whose command line matches `what` (a program, a helper, a sampler). */
export function descendantsRunning(what: RegExp, root = process.pid): LiveProcess[] {
  return descendants(root).filter((p) => what.test(p.cmd));
}
