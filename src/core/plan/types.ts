/**
 * The shape of a profiling plan: what Hotline will run, in which order, and what it reads back.
 * Plans are pure data so the editor can show the exact command before anything runs, tests can
 * check argv without running anything, and the runner (src/profilers) stays a small interpreter.
 */

import type { Language } from '../languages';

export type { Language };

/**
 * Profiler ids (CLI `--profiler`, settings, plan.profiler).
 * - py-spy: sampling, line-level, low overhead. cprofile: deterministic fallback (built in).
 * - node-cpu-prof: V8's sampler (`node --cpu-prof`), also for transpiled TypeScript.
 * - go-test: `go test -cpuprofile` for a `_test.go` file (tests or benchmarks).
 * - go-main: a `main` package run inside a generated test binary that records runtime/pprof.
 * - perf: Linux perf with the software cpu-clock event and DWARF call graphs (Rust, C/C++, Go).
 * - callgrind: valgrind's instruction counter, the repeatable alternative where perf is refused.
 * - pprof-http: download a running Go program's /debug/pprof profile.
 */
export type ProfilerId = 'py-spy' | 'cprofile' | 'node-cpu-prof' | 'go-test' | 'go-main' | 'perf' | 'callgrind' | 'pprof-http';

export const PROFILER_IDS: readonly ProfilerId[] = ['py-spy', 'cprofile', 'node-cpu-prof', 'go-test', 'go-main', 'perf', 'callgrind', 'pprof-http'];

/** Executables the user configured (machine-scoped settings); empty or missing = the name on PATH. */
export interface Executables {
  python?: string;
  node?: string;
  go?: string;
  cargo?: string;
  pyspy?: string;
  perf?: string;
  valgrind?: string;
  cc?: string;
  cxx?: string;
}

export interface ProfileRequest {
  /** Absolute path of a script, any file of a Go package / Cargo crate, or such a folder. */
  program: string;
  /** Arguments of the profiled program. */
  args?: readonly string[];
  /** Working directory of the program (default: the program's project root or folder). */
  cwd?: string;
  /** Extra environment of the program (launch.json "env"). */
  env?: Readonly<Record<string, string>>;
  /** 'auto' (default) picks per language. */
  profiler?: ProfilerId | 'auto';
  /** Samples per second for py-spy and perf (default 200 for py-spy, 999 for perf). */
  rateHz?: number;
  /** Whole-run limit in seconds (default 300). */
  timeoutSeconds?: number;
  /** Folder the final profile is saved in (default `<workspace>/.hotline/profiles`). */
  outDir?: string;
  /** Scratch folder for intermediate files; the runner creates and removes it. */
  tempDir?: string;
  /** Root of the editor workspace; default: nearest folder with .git, .vscode or .hotline. */
  workspaceRoot?: string;
  executables?: Executables;
  /**
   * Tools known to be missing (the runner's checkTool found them absent). Planning is pure, so
   * fallbacks (py-spy -> cProfile, perf -> callgrind) are decided from this list.
   */
  missingTools?: readonly string[];
  python?: { native?: boolean; subprocesses?: boolean };
  /** A pytest file (test_*.py / *_test.py) runs under pytest: this one test of it (a name in the file). */
  pytest?: { test?: string };
  /**
   * A benchmark file (*.bench.mjs/.js/.cjs) runs through Hotline's Node benchmark runner (its path
   * here; the profilers layer supplies it), all its benchmarks or the one named.
   */
  node?: { samplingIntervalMicros?: number; benchRunner?: string; benchmark?: string };
  /** Go `_test.go`: run these tests / benchmarks (regexps for -run / -bench); default: those in the file. */
  go?: { run?: string; bench?: string; benchtime?: string };
  /** Rust: profile this bin target, or this bench target (`cargo bench`). */
  rust?: { bin?: string; bench?: string };
  /** Used in output file names (default: the current time). */
  startedAt?: Date;
}

/** One argument: literal text, or the executable a previous build step produced. */
export type Arg = string | { readonly artifact: 'executable' };

export interface ExecStep {
  readonly kind: 'exec';
  /** build: compile first; record: the profiled run; convert: turn raw data into a profile file. */
  readonly role: 'build' | 'record' | 'convert';
  readonly label: string;
  readonly argv: readonly Arg[];
  readonly cwd: string;
  /** Added to the inherited environment. */
  readonly env?: Readonly<Record<string, string>>;
  /** Write the step's stdout to this file instead of the log (perf script). */
  readonly stdoutFile?: string;
  /** Find the built executable in cargo's JSON messages on stdout (build steps). */
  readonly cargoArtifact?: { readonly kind: 'bin' | 'bench'; readonly name?: string };
  /** True for the step whose exit code is the profiled program's own (unless exitCodeFile says otherwise). */
  readonly runsProgram?: boolean;
}

export interface WriteFileStep {
  readonly kind: 'write-file';
  readonly label: string;
  readonly path: string;
  readonly content: string;
}

export interface TranspileStep {
  readonly kind: 'transpile-ts';
  readonly label: string;
  /** The .ts entry; relative imports of .ts/.tsx/.mts/.cts files are followed. */
  readonly entry: string;
  /** Sources are mirrored under outDir relative to rootDir, so node_modules still resolve. */
  readonly rootDir: string;
  readonly outDir: string;
  readonly moduleKind: 'commonjs' | 'esm';
}

export interface FetchStep {
  readonly kind: 'fetch';
  readonly label: string;
  readonly url: string;
  readonly outputFile: string;
  readonly timeoutMs: number;
}

/**
 * Records a running Node process through its inspector (the DevTools protocol's Profiler domain):
 * opened with SIGUSR1 when the process was not started with --inspect, and closed again after.
 */
export interface InspectStep {
  readonly kind: 'node-inspector';
  readonly label: string;
  readonly pid: number;
  readonly seconds: number;
  readonly samplingIntervalMicros: number;
  readonly outputFile: string;
}

export type PlanStep = ExecStep | WriteFileStep | TranspileStep | FetchStep | InspectStep;

/** How the recorded file becomes the saved profile. */
export type OutputTransform =
  | { readonly kind: 'none' }
  /** Drop the frames of Hotline's Python launcher (`python -c`, runpy) from py-spy's speedscope stacks. */
  | { readonly kind: 'strip-python-launcher' }
  /** Drop the generated TestMain's frames of a Go main package run (go-main) from the pprof stacks. */
  | { readonly kind: 'strip-go-wrapper'; readonly wrapperFile: string }
  /** Convert cProfile's pstats with the core helper's converter. */
  | { readonly kind: 'pstats' }
  /** Map .cpuprofile frames of transpiled files back to the .ts sources. */
  | { readonly kind: 'remap-typescript'; readonly outDir: string; readonly rootDir: string };

export interface ToolRequirement {
  /** Name shown to the user and used in ProfilerNotFoundError.tool ("py-spy", "perf", "go"). */
  readonly tool: string;
  /** Executable looked up on PATH (or an absolute path from settings). */
  readonly command: string;
  /** A command the user can run to install it (shown with the Install button). */
  readonly installHint: string;
}

export interface ProfilerPlan {
  readonly language: Language;
  readonly profiler: ProfilerId;
  /** Human name of the profiler, stored in the profile metadata ("py-spy", "go test -cpuprofile"). */
  readonly profilerLabel: string;
  readonly mode: 'launch' | 'attach';
  /** What the user asked to profile (file or folder) and where the program runs. */
  readonly target: string;
  readonly cwd: string;
  readonly workspaceRoot: string;
  /** The program's own command line, as the user would type it (metadata.command). */
  readonly programCommand: readonly string[];
  readonly steps: readonly PlanStep[];
  /** File the record/convert steps produce (inside tempDir). */
  readonly rawOutput: string;
  readonly transform: OutputTransform;
  /** Where the final profile is saved. */
  readonly profilePath: string;
  /** Importer format id of profilePath ("folded", "cpuprofile", "pprof", "perf-script", "callgrind", "pstats"). */
  readonly format: string;
  /** When the program's exit code is written to a file by a launcher (Python). */
  readonly exitCodeFile?: string;
  readonly tempDir: string;
  /** Extra temporary paths outside tempDir (TypeScript build mirror, Go overlay) removed after the run. */
  readonly tempPaths: readonly string[];
  readonly tools: readonly ToolRequirement[];
  readonly timeoutMs: number;
  /** Messages for the user before the run (fallbacks, distortions, what was chosen and why). */
  readonly notes: readonly string[];
  /** On timeout, SIGINT first so profilers that flush on interrupt (py-spy, perf, cProfile launcher) keep a partial profile. */
  readonly interruptSignal: 'SIGINT' | 'SIGTERM';
}

/** Thrown for a request that cannot be planned (unknown language, no package, bad option). */
export class PlanError extends Error {
  override readonly name = 'PlanError';
  constructor(message: string) {
    super(message);
  }
}
