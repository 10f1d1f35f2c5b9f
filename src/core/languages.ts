/**
 * The language registry: everything Hotline knows per language, in one entry each. Detection, the
 * language server's documents and grammars, the build's grammar list, "What is slow?", benchmark
 * files, memory modes, "my code only" and the editor's language ids are derived from it; the planner
 * of each language is bound in src/core/plan/index.ts (PLANNERS, checked by the compiler).
 * Pure data with no imports that run: the language server, the model and the build read it too.
 */
import type { BenchTool } from './bench/model';

/** A tree-sitter grammar the anti-pattern rules parse with. */
export interface GrammarSpec {
  readonly id: string;
  /** The .wasm file, as a package path (copied flat into dist/grammars/ by the build). */
  readonly wasm: string;
  /** File extensions it parses (the CLI and the server without a language id). */
  readonly extensions: readonly string[];
  /** VS Code language ids of the documents it parses (the language client's selector). */
  readonly vscodeIds: readonly string[];
}

export interface BenchSpec {
  /** The tool that runs the file's benchmarks. */
  readonly tool: BenchTool;
  /** Benchmark files, as a glob (the CodeLens selector; the file-name test is derived from it). */
  readonly glob: string;
  /** A line that defines a benchmark; group 1 is the name the tool reports. */
  readonly definitions: readonly RegExp[];
  /** One benchmark cannot be run alone: profiling it profiles the whole bench target. */
  readonly wholeTarget?: boolean;
}

export interface MemorySpec {
  /** How allocations are recorded: Python's tracer (memray/tracemalloc), V8's heap profiler, `go test -memprofile`. */
  readonly runner: 'python' | 'node' | 'go';
  /** The program is TypeScript: transpiled first, results mapped back to the sources. */
  readonly transpile?: boolean;
  /** Programs it runs, by name (the runner decides; these differ a little from CPU profiling's extensions). */
  readonly files: RegExp;
  /** A folder holding one of `files` is a program too (a Go package). */
  readonly folders?: boolean;
  /** The leak finder can repeat one of its functions and compare heap snapshots. */
  readonly leaks: boolean;
}

export interface LanguageSpec {
  /** Extensions of the programs Hotline profiles (lower case, with the dot). */
  readonly extensions: readonly string[];
  /** For a file without a known extension: a `#!` line naming one of these interpreters (a regexp source). */
  readonly shebang?: string;
  /** VS Code language ids; the first is the language's own (menus of per-language modes), the rest are dialects. */
  readonly vscodeIds: readonly string[];
  /** The project starts at the nearest folder above holding this file; `required`: why a program outside one cannot run. */
  readonly projectMarker?: { readonly file: string; readonly required?: string };
  /** The program runs in its project root (a package, a crate), not in the file's folder. */
  readonly runsInProjectRoot?: true;
  /**
   * "My code only": folders of installed libraries and toolchain sources (regexp sources matched
   * between path separators), and absolute prefixes of system libraries (regexp sources).
   */
  readonly libraryDirs: readonly string[];
  readonly libraryRoots?: readonly string[];
  readonly grammars: readonly GrammarSpec[];
  readonly bench?: BenchSpec;
  readonly memory?: MemorySpec;
  /** Has an event loop whose lag a CPU profile's timeline shows ("What is slow?"). */
  readonly eventLoop?: true;
  /** How "Find Event-Loop Blocking" records a run of it: Node's async_hooks recorder, or asyncio's debug-mode slow callbacks. */
  readonly eventLoopRecorder?: 'node-hooks' | 'asyncio-debug';
}

const NODE_MODULES = ['node_modules'];
const NATIVE_LIBRARIES = { libraryDirs: [], libraryRoots: ['/usr/lib/', '/usr/include/'] } as const;

const LANGUAGES = {
  python: {
    extensions: ['.py', '.pyw'],
    shebang: 'python[0-9.]*',
    vscodeIds: ['python'],
    libraryDirs: ['site-packages', 'dist-packages', 'lib[\\\\/]python3\\.\\d+'],
    grammars: [{ id: 'python', wasm: 'tree-sitter-python/tree-sitter-python.wasm', extensions: ['.py', '.pyw'], vscodeIds: ['python'] }],
    // def test_x(benchmark) / def test_x(self, benchmark, other)
    bench: { tool: 'pytest-benchmark', glob: '**/{test_*.py,*_test.py}', definitions: [/^\s*(?:async\s+)?def\s+(test\w*)\s*\([^)]*\bbenchmark\b/] },
    memory: { runner: 'python', files: /\.py$/i, leaks: true },
    eventLoop: true,
    eventLoopRecorder: 'asyncio-debug',
  },
  javascript: {
    extensions: ['.js', '.mjs', '.cjs'],
    shebang: 'node|deno|bun',
    vscodeIds: ['javascript', 'javascriptreact'],
    projectMarker: { file: 'package.json' },
    libraryDirs: NODE_MODULES,
    grammars: [
      {
        id: 'javascript',
        wasm: 'tree-sitter-javascript/tree-sitter-javascript.wasm',
        extensions: ['.js', '.mjs', '.cjs', '.jsx'],
        vscodeIds: ['javascript', 'javascriptreact'],
      },
    ],
    bench: {
      tool: 'tinybench',
      glob: '**/*.bench.{mjs,js}',
      // Keys of the default-exported object: `name() {`, `name: () =>`, `'name': fn`
      definitions: [/^\s{2}(?:async\s+)?([A-Za-z_$][\w$]*)\s*\([^)]*\)\s*\{/, /^\s{2}['"]?([\w$ .:-]+?)['"]?\s*:\s*(?:async\s*)?(?:\(|function)/],
    },
    memory: { runner: 'node', files: /\.(?:js|cjs|mjs)$/i, leaks: true },
    eventLoop: true,
    eventLoopRecorder: 'node-hooks',
  },
  typescript: {
    extensions: ['.ts', '.mts', '.cts'],
    vscodeIds: ['typescript', 'typescriptreact'],
    projectMarker: { file: 'package.json' },
    libraryDirs: NODE_MODULES,
    grammars: [
      { id: 'typescript', wasm: 'tree-sitter-typescript/tree-sitter-typescript.wasm', extensions: ['.ts', '.mts', '.cts'], vscodeIds: ['typescript'] },
      // Its own grammar: JSX and type assertions clash.
      { id: 'tsx', wasm: 'tree-sitter-typescript/tree-sitter-tsx.wasm', extensions: ['.tsx'], vscodeIds: ['typescriptreact'] },
    ],
    memory: { runner: 'node', transpile: true, files: /\.(m|c)?tsx?$/, leaks: true },
    eventLoop: true,
  },
  go: {
    extensions: ['.go'],
    vscodeIds: ['go'],
    runsInProjectRoot: true,
    libraryDirs: ['pkg[\\\\/]mod'],
    grammars: [{ id: 'go', wasm: 'tree-sitter-go/tree-sitter-go.wasm', extensions: ['.go'], vscodeIds: ['go'] }],
    bench: { tool: 'go-test', glob: '**/*_test.go', definitions: [/^func\s+(Benchmark\w*)\s*\(\s*\w+\s+\*testing\.B\s*\)/] },
    memory: { runner: 'go', files: /\.go$/i, folders: true, leaks: false },
  },
  rust: {
    extensions: ['.rs'],
    vscodeIds: ['rust'],
    projectMarker: { file: 'Cargo.toml', required: 'is not inside a Cargo crate (no Cargo.toml above it); Hotline builds Rust with cargo' },
    runsInProjectRoot: true,
    libraryDirs: ['\\.cargo[\\\\/]registry', 'rustc[\\\\/][0-9a-f]{8,}'],
    grammars: [{ id: 'rust', wasm: 'tree-sitter-rust/tree-sitter-rust.wasm', extensions: ['.rs'], vscodeIds: ['rust'] }],
    bench: {
      tool: 'criterion',
      glob: '**/benches/*.rs',
      // c.bench_function("id", ...) / group.bench_function("id", ...)
      definitions: [/\.bench_function\s*\(\s*"((?:[^"\\]|\\.)*)"/, /\.bench_with_input\s*\(\s*BenchmarkId::new\(\s*"((?:[^"\\]|\\.)*)"/],
      wholeTarget: true,
    },
  },
  c: { extensions: ['.c'], vscodeIds: ['c'], ...NATIVE_LIBRARIES, grammars: [] },
  cpp: { extensions: ['.cc', '.cpp', '.cxx'], vscodeIds: ['cpp'], ...NATIVE_LIBRARIES, grammars: [] },
} as const satisfies Record<string, LanguageSpec>;

export type Language = keyof typeof LANGUAGES;
export type GrammarId = (typeof LANGUAGES)[Language]['grammars'][number]['id'];
export type BenchLanguage = { [L in Language]: (typeof LANGUAGES)[L] extends { bench: BenchSpec } ? L : never }[Language];
export type MemoryLanguage = { [L in Language]: (typeof LANGUAGES)[L] extends { memory: MemorySpec } ? L : never }[Language];

/** Every language, in the registry's order. */
export const LANGUAGE_IDS = Object.keys(LANGUAGES) as Language[];

export function languageSpec(language: Language): LanguageSpec {
  return LANGUAGES[language];
}

/** The language of a program by its file name's extension; null when none claims it. */
export function languageOfExtension(path: string): Language | null {
  const dot = path.lastIndexOf('.');
  const ext = dot < 0 ? '' : path.slice(dot).toLowerCase();
  return LANGUAGE_IDS.find((l) => languageSpec(l).extensions.includes(ext)) ?? null;
}

/** The language named by a script's `#!` line, or null. */
export function languageOfShebang(firstLine: string): Language | null {
  if (!firstLine.startsWith('#!')) return null;
  return (
    LANGUAGE_IDS.find((l) => {
      const names = languageSpec(l).shebang;
      return names !== undefined && new RegExp(`^#!.*\\b(?:${names})\\b`).test(firstLine);
    }) ?? null
  );
}

/** The language of a VS Code document language id (dialects included), or undefined. */
export function languageOfVscodeId(id: string): Language | undefined {
  return LANGUAGE_IDS.find((l) => languageSpec(l).vscodeIds.includes(id));
}

/** Every VS Code language id Hotline profiles (activation events, the Profile menus). */
export function profiledVscodeIds(): string[] {
  return LANGUAGE_IDS.flatMap((l) => languageSpec(l).vscodeIds);
}

/** Every grammar, in the registry's order. */
export function grammarSpecs(): GrammarSpec[] {
  return LANGUAGE_IDS.flatMap((l) => languageSpec(l).grammars);
}

/** VS Code language ids the language server lints (the client's document selector). */
export function lintedVscodeIds(): string[] {
  return grammarSpecs().flatMap((g) => g.vscodeIds);
}

/** Paths of library code in any language: a library folder between separators, or a system prefix. */
export function libraryPathRegex(): RegExp {
  const dirs = new Set(LANGUAGE_IDS.flatMap((l) => languageSpec(l).libraryDirs));
  const roots = new Set(LANGUAGE_IDS.flatMap((l) => languageSpec(l).libraryRoots ?? []));
  return new RegExp(`[\\\\/](?:${[...dirs].join('|')})[\\\\/]|^(?:${[...roots].join('|')})`);
}

/** How the event-loop recorder runs the program at `path` (by its extension), or null when its language has none. */
export function eventLoopRecorderOf(path: string): NonNullable<LanguageSpec['eventLoopRecorder']> | null {
  const language = languageOfExtension(path);
  return (language && languageSpec(language).eventLoopRecorder) ?? null;
}

/** The languages that have `key` (bench, memory, eventLoop, ...). */
export function languagesWith(key: keyof LanguageSpec): Language[] {
  return LANGUAGE_IDS.filter((l) => languageSpec(l)[key] !== undefined);
}
