import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { LintOptions } from './engine';
import { grammarForPath, type GrammarSet } from './grammars';
import { lintText } from './lint';
import type { Finding } from './rule';

export interface FileFindings {
  path: string;
  text: string;
  findings: Finding[];
}

/** Folders that hold dependencies, build output or VCS data, never the user's own code. */
const SKIPPED_DIRS = new Set([
  'node_modules',
  '.git',
  '.hg',
  '.svn',
  'target',
  'dist',
  'out',
  'build',
  'vendor',
  '__pycache__',
  '.venv',
  'venv',
  '.tox',
  '.mypy_cache',
  '.next',
]);

/** Expands files and folders into the lintable source files under them (sorted, de-duplicated). */
export async function collectSourceFiles(paths: readonly string[]): Promise<string[]> {
  const out = new Set<string>();
  async function walk(dir: string): Promise<void> {
    for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name) && !entry.name.startsWith('.')) await walk(p);
      } else if (entry.isFile() && grammarForPath(entry.name)) out.add(p);
    }
  }
  for (const p of paths) {
    const s = await stat(p); // throws ENOENT for a missing path: the caller reports it
    if (s.isDirectory()) await walk(p);
    else out.add(p); // an explicit file is linted when its extension is known, reported otherwise
  }
  return [...out];
}

export async function lintFile(grammars: GrammarSet, path: string, options: LintOptions): Promise<FileFindings> {
  const grammar = grammarForPath(path);
  if (!grammar) throw new Error(`${path}: not a Python, JavaScript, TypeScript, Go or Rust file (by its extension)`);
  const text = await readFile(path, 'utf8');
  return { path, text, findings: await lintText(grammars, text, grammar, { ...options, path }) };
}
