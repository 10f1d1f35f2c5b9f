/**
 * planProfile: the pure half of "Profile Current File". Given a file or folder, decides the
 * language, the profiler, every command with its argv/env/cwd, the output file and its importer
 * format. src/profilers/ runs the plan; the editor can show it before anything runs.
 */
import { isAbsolute, join, resolve } from 'node:path';
import { defaultTempDir, PlanContext, stampOf } from './context';
import { detectProgram, findWorkspaceRoot } from './detect';
import { exactNameRegex, languageOfBenchFile } from '../bench/discovery';
import { languageSpec } from '../languages';
import { planGo } from './go';
import { planC, planRust } from './native';
import { planNode } from './node';
import { planPython } from './python';
import { Arg, Language, PlanError, PROFILER_IDS, ProfilerPlan, ProfileRequest } from './types';

export * from './types';
export { detectProgram, findWorkspaceRoot } from './detect';
export { planAttach, planGoPprof, goPprofUrl } from './attach';
export type { AttachRequest, GoPprofRequest, GoPprofKind } from './attach';
export { parseLaunchConfigurations, stripJsonc, substituteVariables } from './launchConfig';
export type { LaunchEntry, LaunchVariables } from './launchConfig';
export { whatIsSlowChoices, modeForSymptom } from './whatIsSlow';
export type { Symptom, MeasureMode, SlowChoice } from './whatIsSlow';
export { PYTHON_LAUNCHER } from './python';
export { GO_MAIN_WRAPPER_NAME, rewriteOsExit } from './go';
export { transpiledPath } from './node';

const DEFAULT_TIMEOUT_SECONDS = 300;

interface Planner {
  readonly plan: (ctx: PlanContext) => ProfilerPlan;
  /** The request narrowed to one benchmark of a benchmark file, in the tool's terms; absent: the file runs whole. */
  readonly forBenchmark?: (request: ProfileRequest, benchmark: string) => ProfileRequest;
}

/** Each registry language's planner (src/core/languages.ts holds the rest of what Hotline knows about it). */
const PLANNERS: Record<Language, Planner> = {
  python: { plan: planPython, forBenchmark: (request, benchmark) => ({ ...request, pytest: { test: benchmark } }) },
  javascript: { plan: planNode, forBenchmark: (request, benchmark) => ({ ...request, node: { ...request.node, benchmark } }) },
  typescript: { plan: planNode },
  go: { plan: planGo, forBenchmark: (request, benchmark) => ({ ...request, go: { ...request.go, bench: exactNameRegex(benchmark) } }) },
  // A criterion bench target runs whole (its benchmarks share one binary run under perf).
  rust: { plan: planRust },
  c: { plan: planC },
  cpp: { plan: planC },
};

export function planProfile(request: ProfileRequest): ProfilerPlan {
  if (!request.program) throw new PlanError('no program given');
  const requested = request.profiler ?? 'auto';
  if (requested !== 'auto' && !PROFILER_IDS.includes(requested)) {
    throw new PlanError(`unknown profiler "${requested}"; expected one of ${PROFILER_IDS.filter((p) => p !== 'pprof-http').join(', ')}`);
  }
  if (requested === 'pprof-http') throw new PlanError('pprof-http attaches to a running server: use planGoPprof (hotline.attachGoPprof)');
  const timeoutSeconds = request.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) throw new PlanError(`timeout must be a positive number of seconds, got ${timeoutSeconds}`);
  if (request.rateHz !== undefined && (!Number.isFinite(request.rateHz) || request.rateHz <= 0 || request.rateHz > 100_000)) {
    throw new PlanError(`sampling rate must be between 1 and 100000 Hz, got ${request.rateHz}`);
  }
  const program = resolve(request.program);
  const detected = detectProgram(program);
  const stamp = stampOf(request.startedAt ?? new Date());
  const workspaceRoot = request.workspaceRoot ?? findWorkspaceRoot(detected.projectRoot, detected.projectRoot);
  const outDir = request.outDir ? resolve(request.outDir) : join(workspaceRoot, '.hotline', 'profiles');
  const cwd = request.cwd
    ? resolve(request.cwd)
    : languageSpec(detected.language).runsInProjectRoot || !detected.file
      ? detected.projectRoot
      : resolve(detected.file, '..');
  const ctx: PlanContext = {
    request,
    detected,
    language: detected.language,
    exes: request.executables,
    tempDir: request.tempDir && isAbsolute(request.tempDir) ? request.tempDir : defaultTempDir(stamp),
    outDir,
    workspaceRoot,
    cwd,
    args: request.args ?? [],
    env: request.env ?? {},
    timeoutMs: Math.round(timeoutSeconds * 1000),
    stamp,
    missing: new Set(request.missingTools ?? []),
    requested,
  };
  return PLANNERS[detected.language].plan(ctx);
}

function quote(arg: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** A step's argv as one display line (POSIX-quoted; for showing only, never executed). */
export function formatArgv(argv: readonly Arg[]): string {
  return argv.map((a) => (typeof a === 'string' ? (a.includes('\n') ? "'<script>'" : quote(a)) : '<built executable>')).join(' ');
}

/** Every command of the plan, one line each, for logs and the "what will run" preview. */
export function describePlan(plan: ProfilerPlan): string[] {
  return plan.steps.map((s) => {
    switch (s.kind) {
      case 'exec':
        return `$ ${formatArgv(s.argv)}`;
      case 'write-file':
        return `# write ${s.path}`;
      case 'transpile-ts':
        return `# transpile ${s.entry} -> ${s.outDir}`;
      case 'fetch':
        return `# GET ${s.url}`;
      case 'node-inspector':
        return `# ${s.label}`;
    }
  });
}

/**
 * The request narrowed to one benchmark (or test) of a benchmark file, in each tool's terms: a
 * pytest test id, the runner's --filter, `go test -bench ^NAME$`.
 */
export function forBenchmark(request: ProfileRequest, benchmark: string): ProfileRequest {
  const language = languageOfBenchFile(request.program);
  const narrow = language ? PLANNERS[language].forBenchmark : undefined;
  return narrow ? narrow(request, benchmark) : request;
}
