/**
 * Samples the resident memory (VmRSS) of a process group while it runs: every process whose
 * process group is the launched one (the launcher puts the program in a group of its own), summed,
 * so a Python or Node program's children count too. Linux /proc only; elsewhere the series stays empty.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { MemorySeries } from '../../core/memory/memorySeries';

export interface RssSampler {
  /** Stops sampling and returns the series. */
  stop(): MemorySeries;
}

/** Pids of the live processes in process group `pgid` (empty when none or not Linux). */
export function groupMembers(pgid: number): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  const out: number[] = [];
  for (const e of entries) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = readFileSync(`/proc/${e}/stat`, 'latin1');
      // Fields after the parenthesised command name: state ppid pgrp ...
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]) === pgid) out.push(Number(e));
    } catch {
      // The process ended between listing and reading.
    }
  }
  return out;
}

/** Sum of VmRSS over `pids`, in bytes. */
function rssOf(pids: readonly number[]): number {
  let total = 0;
  for (const pid of pids) {
    try {
      const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'latin1'));
      if (m) total += Number(m[1]) * 1024;
    } catch {
      // ended
    }
  }
  return total;
}

/** RSS in bytes of every live process in process group `pgid` (0 when none or not Linux). */
export function groupRssBytes(pgid: number): number {
  return rssOf(groupMembers(pgid));
}

/**
 * The process group of the process whose command line contains `marker` (a unique output path
 * the launcher passes), or undefined while it has not started. The launcher does not expose its
 * child's pid while the child runs, so the group is found this way.
 */
function findGroupByMarker(marker: string): number | undefined {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return undefined;
  }
  for (const e of entries) {
    if (!/^\d+$/.test(e) || Number(e) === process.pid) continue;
    try {
      // The marker is an argument or an environment value (the heap-profile preload takes its path by env).
      if (!readFileSync(`/proc/${e}/cmdline`, 'utf8').includes(marker) && !readFileSync(`/proc/${e}/environ`, 'utf8').includes(marker)) continue;
      const stat = readFileSync(`/proc/${e}/stat`, 'latin1');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
    } catch {
      // ended meanwhile
    }
  }
  return undefined;
}

/** Samples the RSS of the process group of the process started with `marker` in its argv. */
export function startRssSampler(marker: string, intervalMs = 50): RssSampler {
  const start = Date.now();
  const timesMs: number[] = [];
  const bytes: number[] = [];
  let pgid: number | undefined;
  let members: number[] = [];
  let tick = 0;
  const sample = () => {
    pgid ??= findGroupByMarker(marker);
    if (pgid === undefined) return;
    // Listing all of /proc is the costly part: refresh the group's members every 10th sample.
    if (tick++ % 10 === 0 || members.length === 0) members = groupMembers(pgid);
    const rss = rssOf(members);
    if (rss > 0) {
      timesMs.push(Date.now() - start);
      bytes.push(rss);
    }
  };
  const timer = setInterval(sample, Math.max(10, intervalMs));
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      return { name: 'rss', unit: 'bytes', timesMs, bytes };
    },
  };
}
