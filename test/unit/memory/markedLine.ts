import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..', '..');

/** 1-based line of the first line in `file` (relative to the repo) containing `marker`. */
export function markedLine(file: string, marker: string): number {
  const lines = readFileSync(join(ROOT, file), 'utf8').split('\n');
  const i = lines.findIndex((l) => l.includes(marker));
  if (i < 0) throw new Error(`${file} has no line marked ${marker}`);
  return i + 1;
}

/** A fixture with its /ROOT placeholder replaced by this checkout. */
export function fixtureText(name: string): string {
  return readFileSync(join(ROOT, 'test', 'fixtures', 'memory', name), 'utf8').replaceAll('/ROOT', ROOT);
}
