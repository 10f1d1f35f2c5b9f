/**
 * Which profiler attaches to a running process, from what it runs (Linux /proc): Python through
 * py-spy, Node through its inspector, anything else through perf. The extension's process picker
 * decides the same from `ps` output.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { PlanError } from '../core/plan';

export type AttachKind = 'py-spy' | 'node-inspector' | 'perf';

/** The kind for a command (its executable, then its arguments). */
export function attachKindOfCommand(name: string, command: string): AttachKind {
  const exe = basename(command.trim().split(/\s+/)[0] ?? '');
  if (/python/i.test(name) || /^python[\d.]*$/.test(exe)) return 'py-spy';
  if (name === 'node' || /^node(js)?$/.test(exe)) return 'node-inspector';
  return 'perf';
}

/** The kind for a live pid; throws with a clear message when there is no such process. */
export function attachKindOf(pid: number): AttachKind {
  let name: string;
  let command: string;
  try {
    name = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
    command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    throw new PlanError(`no process ${pid} (or it is not readable: attaching needs a process of yours, on Linux)`);
  }
  return attachKindOfCommand(name, command);
}
