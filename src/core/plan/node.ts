/**
 * JavaScript and TypeScript plans: V8's own sampler (`node --cpu-prof`), which writes a
 * .cpuprofile with per-line ticks. TypeScript is transpiled first with
 * typescript.transpileModule and inline source maps into a mirror folder inside the project
 * (so bare imports still find the project's node_modules); frames are mapped back to the .ts
 * lines afterwards. Not tsx: it minifies whitespace, which puts a whole file on one line and
 * makes line ticks useless (RECIPES.md).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { PlanContext, profileFileName } from './context';
import { exactNameRegex, languageOfBenchFile } from '../bench/discovery';
import { findUp } from './detect';
import { executable, requirement } from './tools';
import { PlanError, PlanStep, ProfilerPlan } from './types';

/** Where transpiled TypeScript goes: `<project>/.hotline/build/<stamp>` (removed after the run). */
export function typescriptBuildDir(projectRoot: string, stamp: string): string {
  return join(projectRoot, '.hotline', 'build', stamp);
}

/** The .js path a .ts file gets in the mirror folder. */
export function transpiledPath(tsFile: string, rootDir: string, outDir: string): string {
  return join(outDir, relative(rootDir, tsFile)).replace(/\.(m|c)?tsx?$/, (_m, kind: string | undefined) => `.${kind ?? ''}js`);
}

function moduleKindOf(file: string): 'commonjs' | 'esm' {
  if (file.endsWith('.mts')) return 'esm';
  if (file.endsWith('.cts')) return 'commonjs';
  const pkgDir = findUp(dirname(file), 'package.json');
  if (!pkgDir) return 'commonjs';
  try {
    const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { type?: unknown };
    return pkg.type === 'module' ? 'esm' : 'commonjs';
  } catch {
    return 'commonjs';
  }
}

/**
 * Preloaded with --require: node writes its .cpuprofile only on a normal exit, and a signal's
 * default action ends it without one. Turning SIGINT/SIGTERM into process.exit keeps the profile
 * of a timed-out server (anything that returns to the event loop); a program with its own
 * handler keeps it. A busy loop that never yields still loses the profile on a timeout.
 */
export const NODE_EXIT_ON_SIGNAL = `for (const [sig, code] of [['SIGINT', 130], ['SIGTERM', 143]]) {
  process.on(sig, function hotlineExitOnSignal() {
    if (process.listenerCount(sig) === 1) process.exit(code);
  });
}
`;

/** A file of benchmarks for Hotline's Node runner (*.bench.mjs / *.bench.js, as benchmark discovery has it). */
function isBenchFile(file: string): boolean {
  return languageOfBenchFile(file) === 'javascript';
}

export function planNode(ctx: PlanContext): ProfilerPlan {
  const file = ctx.detected.file;
  if (!file) throw new PlanError(`no script to run in ${ctx.detected.projectRoot}`);
  if (ctx.requested !== 'auto' && ctx.requested !== 'node-cpu-prof') {
    throw new PlanError(`profiler ${ctx.requested} does not profile ${ctx.language}; use node-cpu-prof`);
  }
  const node = executable('node', ctx.exes);
  const interval = Math.max(10, Math.round(ctx.request.node?.samplingIntervalMicros ?? 1000));
  const raw = join(ctx.tempDir, 'profile.cpuprofile');
  const steps: PlanStep[] = [];
  const tempPaths: string[] = [];
  const notes: string[] = [];
  let entry = file;
  let transform: ProfilerPlan['transform'] = { kind: 'none' };
  if (ctx.language === 'typescript') {
    const rootDir = ctx.detected.projectRoot;
    const outDir = typescriptBuildDir(rootDir, `${ctx.stamp}-${process.pid}`);
    const moduleKind = moduleKindOf(file);
    steps.push({
      kind: 'transpile-ts',
      label: `transpile ${relative(rootDir, file)} (line-preserving, inline source maps)`,
      entry: file,
      rootDir,
      outDir,
      moduleKind,
    });
    entry = transpiledPath(file, rootDir, outDir);
    tempPaths.push(outDir);
    transform = { kind: 'remap-typescript', outDir, rootDir };
    if (moduleKind === 'esm' && existsSync(join(rootDir, 'tsconfig.json'))) {
      notes.push('ES module TypeScript is transpiled file by file; imports must name the .js file as Node requires.');
    }
  }
  // A benchmark file is a module of benchmarks, not a program: it runs through Hotline's runner.
  let run = [entry, ...ctx.args];
  let programCommand = [node, file, ...ctx.args];
  if (isBenchFile(file)) {
    const runner = ctx.request.node?.benchRunner;
    if (!runner) throw new PlanError(`${relative(ctx.cwd, file) || file} is a benchmark file: it runs through Hotline's benchmark runner, which was not given`);
    const name = ctx.request.node?.benchmark;
    // The runner's --filter is a regular expression: this name exactly.
    const only = name ? ['--filter', exactNameRegex(name)] : [];
    // --round-ms 0: one call per sample. In a round's tight loop V8 inlines the benchmark into the
    // runner, and its ticks land on the runner's line instead of the user's.
    run = [runner, '--out', join(ctx.tempDir, 'bench.json'), '--round-ms', '0', ...only, entry];
    programCommand = [node, runner, '--out', 'bench.json', ...only, file];
    notes.push(
      `${relative(ctx.cwd, file) || file} is a benchmark file: ${name ? `benchmark ${name}` : 'its benchmarks'} run through Hotline's tinybench runner, many iterations each; the profile covers them all.`,
    );
  }
  const preload = join(ctx.tempDir, 'hotline-exit-on-signal.cjs');
  steps.push({ kind: 'write-file', label: 'signal handler that lets node write its profile', path: preload, content: NODE_EXIT_ON_SIGNAL });
  const argv = [
    node,
    '--require',
    preload,
    '--cpu-prof',
    `--cpu-prof-dir=${ctx.tempDir}`,
    '--cpu-prof-name=profile.cpuprofile',
    `--cpu-prof-interval=${interval}`,
    ...run,
  ];
  steps.push({
    kind: 'exec',
    role: 'record',
    label: `node --cpu-prof ${relative(ctx.cwd, file) || file}`,
    argv,
    cwd: ctx.cwd,
    env: ctx.env,
    runsProgram: true,
  });
  return {
    language: ctx.language,
    profiler: 'node-cpu-prof',
    profilerLabel: 'node --cpu-prof',
    mode: 'launch',
    target: file,
    cwd: ctx.cwd,
    workspaceRoot: ctx.workspaceRoot,
    programCommand,
    steps,
    rawOutput: raw,
    transform,
    profilePath: profileFileName(ctx, 'node', 'cpuprofile'),
    format: 'cpuprofile',
    tempDir: ctx.tempDir,
    tempPaths,
    tools: [requirement('node', ctx.exes)],
    timeoutMs: ctx.timeoutMs,
    notes,
    // With the preload, SIGINT becomes process.exit(130), so node writes what it has.
    interruptSignal: 'SIGINT',
  };
}
