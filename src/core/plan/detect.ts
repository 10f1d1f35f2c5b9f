/**
 * Language and project-layout detection: which language a file or folder is, where its Go
 * package / Cargo crate / npm package starts, and which folder is the workspace. Reads the file
 * system (node:fs is allowed in core) but starts no process.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { LANGUAGE_IDS, languageOfExtension, languageOfShebang, languageSpec } from '../languages';
import { Language, PlanError } from './types';

export interface Detected {
  readonly language: Language;
  /** The file that names the program (a script), or null when a folder/package was given. */
  readonly file: string | null;
  /** Go package folder, Cargo crate root, npm package root, or the script's folder. */
  readonly projectRoot: string;
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** Nearest folder from `start` upwards that holds `marker`; null when none. */
export function findUp(start: string, marker: string): string | null {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, marker))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/** Reads the first line of a script for a `#!` interpreter line (python, node). */
function shebangLanguage(file: string): Language | null {
  let head = '';
  try {
    head = readFileSync(file, { encoding: 'utf8', flag: 'r' }).slice(0, 200);
  } catch {
    return null;
  }
  return languageOfShebang(head.split('\n', 1)[0]!);
}

/**
 * Detects the language of a file or folder: by extension, then shebang; a folder by its layout
 * (Cargo.toml, go files, package.json, a single C file, Python __main__.py).
 */
export function detectProgram(program: string): Detected {
  const abs = resolve(program);
  if (!existsSync(abs)) throw new PlanError(`${abs} does not exist`);
  if (isDir(abs)) return detectFolder(abs);
  const language = languageOfExtension(abs) ?? shebangLanguage(abs);
  if (!language) {
    throw new PlanError(
      `cannot tell the language of ${basename(abs)}: expected ${LANGUAGE_IDS.map((l) => languageSpec(l).extensions.join('/')).join(', ')} (or a #! line naming python or node)`,
    );
  }
  const marker = languageSpec(language).projectMarker;
  const project = marker && findUp(dirname(abs), marker.file);
  if (marker?.required && !project) throw new PlanError(`${basename(abs)} ${marker.required}`);
  return { language, file: abs, projectRoot: project || dirname(abs) };
}

function detectFolder(dir: string): Detected {
  const names = readdirSync(dir);
  if (names.includes('Cargo.toml')) return { language: 'rust', file: null, projectRoot: dir };
  if (names.some((n) => n.endsWith('.go'))) return { language: 'go', file: null, projectRoot: dir };
  if (names.includes('__main__.py')) return { language: 'python', file: join(dir, '__main__.py'), projectRoot: dir };
  if (names.includes('package.json')) {
    const main = packageMain(dir);
    if (main) return detectProgram(main);
  }
  const cFiles = names.filter((n) => ['c', 'cpp'].includes(languageOfExtension(n) ?? ''));
  if (cFiles.length === 1) return detectProgram(join(dir, cFiles[0]!));
  const crate = findUp(dir, 'Cargo.toml');
  if (crate) return { language: 'rust', file: null, projectRoot: crate };
  throw new PlanError(`cannot tell what to run in ${dir}: expected a Cargo.toml, .go files, a __main__.py, a package.json with "main", or one C/C++ file`);
}

function packageMain(dir: string): string | null {
  try {
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { main?: unknown };
    if (typeof pkg.main === 'string') {
      const p = resolve(dir, pkg.main);
      if (existsSync(p)) return p;
    }
  } catch {
    // Not a readable package.json: fall through to the other layouts.
  }
  return null;
}

/** Nearest folder with .git, .vscode or .hotline above `start`; else `fallback`. */
export function findWorkspaceRoot(start: string, fallback: string): string {
  let dir = resolve(start);
  for (;;) {
    for (const marker of ['.hotline', '.vscode', '.git']) if (existsSync(join(dir, marker))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return fallback;
    dir = parent;
  }
}

/** The package clause of a Go file ("main", "foo"), or null when there is none. */
export function goPackageName(source: string): string | null {
  const stripped = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/[^\n]*/g, '');
  return /^\s*package\s+([A-Za-z_][A-Za-z0-9_]*)/m.exec(stripped)?.[1] ?? null;
}

/** Top-level Test/Benchmark function names declared in a Go test file. */
export function goTestNames(source: string): { tests: string[]; benchmarks: string[] } {
  const tests: string[] = [];
  const benchmarks: string[] = [];
  for (const m of source.matchAll(/^func\s+((Test|Benchmark)[A-Z0-9_]\w*|Test|Benchmark)\s*\(\s*\w+\s+\*testing\.([TB])\s*\)/gm)) {
    (m[3] === 'B' ? benchmarks : tests).push(m[1]!);
  }
  return { tests, benchmarks };
}

/** Minimal Cargo.toml reading: the [package] name and the [[bin]] / [[bench]] target names. */
export function cargoTargets(toml: string): { packageName: string | null; bins: string[]; benches: string[] } {
  let section = '';
  let packageName: string | null = null;
  const bins: string[] = [];
  const benches: string[] = [];
  for (const raw of toml.split(/\r?\n/)) {
    const line = raw.replace(/#.*$/, '').trim();
    const header = /^\[\[?\s*([A-Za-z0-9_.-]+)\s*\]\]?$/.exec(line);
    if (header) {
      section = line.startsWith('[[') ? `[[${header[1]}]]` : header[1]!;
      continue;
    }
    const kv = /^name\s*=\s*"([^"]*)"/.exec(line);
    if (!kv) continue;
    if (section === 'package') packageName = kv[1]!;
    else if (section === '[[bin]]') bins.push(kv[1]!);
    else if (section === '[[bench]]') benches.push(kv[1]!);
  }
  return { packageName, bins, benches };
}
