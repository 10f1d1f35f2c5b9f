/** Shared helpers of the profiler integration tests: the examples' marked hot lines and the line report. */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Profile } from '../../../src/core/model/profile';
import { filterFrames } from '../../../src/core/model/views';
import { buildReport, type ReportLine } from '../../../src/core/report';

export const ROOT = resolve(__dirname, '..', '..', '..');
export const EXAMPLES = join(ROOT, 'examples');

/** 1-based line of the `HOT` marker comment (`// HOT`, `# HOT`, `/* HOT *\/`) in a file. */
export function hotLineOf(file: string): number {
  const lines = readFileSync(file, 'utf8').split('\n');
  const idx = lines.findIndex((l) => /(\/\/|#|\/\*)\s*HOT\b/.test(l));
  if (idx < 0) throw new Error(`${file} has no HOT marker`);
  return idx + 1;
}

/**
 * The line report of the example's own code: `hotline report`'s lines (self weight) after every
 * frame outside `dir` (runtime, libc, inlined std code) was folded into its caller in the example,
 * as "my code only" does for the user's workspace.
 */
export function exampleLines(profile: Profile, dir: string): ReportLine[] {
  const inDir = (file: string | null) => file !== null && resolve(file.replace(/^file:\/\//, '')).startsWith(dir + '/');
  const mine = filterFrames(profile, (f) => inDir(f.file), `frames outside ${dir} folded into their callers`);
  return buildReport(mine, { top: 10_000 }).lines.filter((l) => inDir(l.file));
}

export function tempOut(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `hotline-it-${prefix}-`));
}

/** Command lines of every process on the machine (from /proc), for leftover checks. */
export function processCommandLines(): { pid: number; cmd: string }[] {
  const out: { pid: number; cmd: string }[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const cmd = readFileSync(`/proc/${name}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      if (cmd) out.push({ pid: Number(name), cmd });
    } catch {
      // The process ended while we looked.
    }
  }
  return out;
}

export function exists(p: string): boolean {
  return existsSync(p);
}

export { dirname };
