// Finds the benchmark suites under a folder, by the files each tool uses: Cargo.toml with criterion,
// Go *_test.go with func BenchmarkX, Python tests using the `benchmark` fixture, *.bench.mjs for node.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { findBenchmarks, languageOfBenchFile, type BenchTool } from '../../core/bench';

export interface BenchSuite {
  tool: BenchTool;
  /** Where the tool runs (crate root, Go module/package dir, pytest rootdir, node cwd). */
  cwd: string;
  /** Benchmark files, relative to cwd. */
  files: string[];
}

const SKIP = new Set(['node_modules', '.git', 'target', '.venv', 'venv', '__pycache__', 'dist', 'out', '.hotline', 'vendor']);
const MAX_FILES = 20_000;

function walk(root: string): string[] {
  const out: string[] = [];
  const stack = [root];
  while (stack.length && out.length < MAX_FILES) {
    const dir = stack.pop()!;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      if (e.isDirectory()) {
        if (!SKIP.has(e.name) && !e.name.startsWith('.')) stack.push(join(dir, e.name));
      } else if (e.isFile()) out.push(join(dir, e.name));
    }
  }
  return out.sort();
}

function hasBenchmarks(file: string): boolean {
  const lang = languageOfBenchFile(file);
  if (!lang) return false;
  try {
    return findBenchmarks(readFileSync(file, 'utf8'), lang).length > 0;
  } catch {
    return false;
  }
}

/** The nearest folder at or above `dir` (not above `stop`) that holds `marker`. */
function upTo(dir: string, stop: string, marker: string): string | null {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, marker))) return d;
    if (d === stop || dirname(d) === d || relative(stop, d).startsWith('..')) return null;
  }
}

/** Every benchmark suite below `root` (a file path selects that file's suite). */
export function detectBenchSuites(root: string): BenchSuite[] {
  const isFile = existsSync(root) && statSync(root).isFile();
  const base = isFile ? dirname(root) : root;
  const files = isFile ? [root] : walk(root);
  const suites = new Map<string, BenchSuite>();
  const add = (tool: BenchTool, cwd: string, file: string) => {
    const key = `${tool}\0${cwd}`;
    const s = suites.get(key) ?? { tool, cwd, files: [] };
    const rel = relative(cwd, file);
    if (!s.files.includes(rel)) s.files.push(rel);
    suites.set(key, s);
  };
  for (const f of files) {
    if (!hasBenchmarks(f)) continue;
    const lang = languageOfBenchFile(f)!;
    if (lang === 'rust') {
      const crate = upTo(dirname(f), isFile ? '/' : base, 'Cargo.toml');
      if (crate && /criterion/.test(readFileSync(join(crate, 'Cargo.toml'), 'utf8'))) add('criterion', crate, f);
    } else if (lang === 'go') add('go-test', dirname(f), f);
    else if (lang === 'python') add('pytest-benchmark', upTo(dirname(f), isFile ? '/' : base, 'pyproject.toml') ?? dirname(f), f);
    else add('tinybench', dirname(f), f);
  }
  return [...suites.values()];
}
