/**
 * Python plans: py-spy record (sampling, line-level) by default; cProfile when py-spy is missing
 * or asked for. Both run the script through a tiny launcher passed with `python -c`, because
 * neither py-spy nor `python -m cProfile` reports the program's own exit code (both exit 0 after
 * `sys.exit(3)` here); the launcher writes it to a file. Its frames (`<string>`, runpy) are cut
 * from py-spy's stacks afterwards (transform strip-python-launcher). py-spy writes speedscope
 * JSON: its raw/folded text cannot carry file names that contain ";" or parentheses.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { PlanContext, profileFileName } from './context';
import { executable, requirement } from './tools';
import { PlanError, ProfilerPlan } from './types';

/**
 * argv after `-c`: exit-code file, script, script args. Runs the script as __main__ with the
 * script's folder first on sys.path (as `python script.py` does); `-m module args` runs a module
 * as `python -m` does (the working directory first on sys.path). With a pstats path in
 * HOTLINE_CPROFILE_OUT it records with cProfile and dumps the stats even when the script raises
 * or is interrupted (SIGTERM/SIGINT become exceptions), so a crash keeps its partial profile.
 */
export const PYTHON_LAUNCHER = [
  'import os, runpy, signal, sys',
  '_hl_code_file, _hl_script = sys.argv[1], sys.argv[2]',
  '_hl_module = sys.argv[3] if _hl_script == "-m" else None',
  'sys.argv = sys.argv[3:] if _hl_module else sys.argv[2:]',
  'sys.path[0] = os.getcwd() if _hl_module else os.path.dirname(os.path.abspath(_hl_script))',
  '_hl_pstats = os.environ.pop("HOTLINE_CPROFILE_OUT", "")',
  'def _hl_term(signum, frame): raise SystemExit(128 + signum)',
  'signal.signal(signal.SIGTERM, _hl_term)',
  '_hl_prof = None',
  'if _hl_pstats:',
  '    import cProfile',
  '    _hl_prof = cProfile.Profile()',
  '_hl_rc = 1',
  'try:',
  '    if _hl_prof: _hl_prof.enable()',
  '    if _hl_module: runpy.run_module(_hl_module, run_name="__main__", alter_sys=True)',
  '    else: runpy.run_path(_hl_script, run_name="__main__")',
  '    _hl_rc = 0',
  'except SystemExit as e:',
  '    _hl_rc = 0 if e.code is None else e.code if isinstance(e.code, int) else 1',
  '    raise',
  'except KeyboardInterrupt:',
  '    _hl_rc = 130',
  '    raise',
  'finally:',
  '    if _hl_prof:',
  '        _hl_prof.disable()',
  '        _hl_prof.dump_stats(_hl_pstats)',
  '    with open(_hl_code_file, "w") as f: f.write(str(_hl_rc))',
].join('\n');

/**
 * The project's virtual environment, when no interpreter was configured: `.venv` or `venv` in
 * the script's folder or any folder up to the workspace root (what the Python extension picks
 * by default too). An activated venv needs nothing: its python3 is first on PATH.
 */
function findVirtualEnvPython(scriptDir: string, workspaceRoot: string): string | null {
  let dir = resolve(scriptDir);
  const stop = resolve(workspaceRoot);
  for (;;) {
    for (const venv of ['.venv', 'venv']) {
      const py = join(dir, venv, 'bin', 'python');
      if (existsSync(py)) return py;
    }
    if (dir === stop || !dir.startsWith(stop)) return null;
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/** A pytest test file (test_*.py / *_test.py with test functions), and whether it benchmarks. */
export function pytestFile(file: string): { benchmarks: boolean } | null {
  if (!/^test_.*\.py$|_test\.py$/.test(basename(file))) return null;
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  if (!/^\s*(?:async\s+)?def\s+test_\w*\s*\(/m.test(source)) return null;
  return { benchmarks: /^\s*def\s+test_\w*\s*\([^)]*\bbenchmark\b/m.test(source) };
}

/** pytest's arguments: quiet, no cache folder written, the file or one test of it; benchmarks only when it has some. */
function pytestArgs(file: string, tests: { benchmarks: boolean }, test: string | undefined): string[] {
  return ['-q', '-p', 'no:cacheprovider', ...(tests.benchmarks && !test ? ['--benchmark-only'] : []), test ? `${file}::${test}` : file];
}

export function planPython(ctx: PlanContext): ProfilerPlan {
  const file = ctx.detected.file;
  if (!file) throw new PlanError(`no Python script to run in ${ctx.detected.projectRoot}`);
  const notes: string[] = [];
  let exes = ctx.exes;
  if (!exes?.python?.trim()) {
    const venv = findVirtualEnvPython(dirname(file), ctx.workspaceRoot);
    if (venv) {
      exes = { ...exes, python: venv };
      notes.push(`Using the project's virtual environment: ${venv}`);
    }
  }
  ctx = { ...ctx, exes };
  const python = executable('python', ctx.exes);
  let profiler = ctx.requested === 'auto' ? 'py-spy' : ctx.requested;
  if (profiler !== 'py-spy' && profiler !== 'cprofile') throw new PlanError(`profiler ${profiler} does not profile Python; use py-spy or cprofile`);
  if (profiler === 'py-spy' && ctx.requested === 'auto' && ctx.missing.has('py-spy')) {
    profiler = 'cprofile';
    notes.push(`py-spy is not installed, so cProfile is used. Install py-spy for low-overhead sampling: ${requirement('py-spy', ctx.exes).installHint}`);
  }
  const exitCodeFile = join(ctx.tempDir, 'exit-code');
  // A pytest file runs its tests under pytest (as a _test.go file runs under go test).
  const tests = pytestFile(file);
  const run = tests ? ['-m', 'pytest', ...pytestArgs(file, tests, ctx.request.pytest?.test), ...ctx.args] : [file, ...ctx.args];
  if (tests) {
    notes.push(
      `${basename(file)} is a pytest file: its ${ctx.request.pytest?.test ? `test ${ctx.request.pytest.test}` : tests.benchmarks ? 'benchmarks' : 'tests'} run under pytest${tests.benchmarks ? ' (pytest-benchmark repeats each benchmark for many rounds: the profile covers them all)' : ''}; pytest's own frames are library code ("my code only" folds them).`,
    );
  }
  const programCommand = [python, ...run];
  const launcher = [python, '-c', PYTHON_LAUNCHER, exitCodeFile, ...run];
  const common = {
    language: 'python' as const,
    mode: 'launch' as const,
    target: file,
    cwd: ctx.cwd,
    workspaceRoot: ctx.workspaceRoot,
    programCommand,
    exitCodeFile,
    tempDir: ctx.tempDir,
    tempPaths: [],
    timeoutMs: ctx.timeoutMs,
    interruptSignal: 'SIGINT' as const,
  };
  if (profiler === 'cprofile') {
    notes.push(
      'cProfile is deterministic: it traces every call, which slows the program and distorts what it measures (string concatenation in a loop can turn quadratic under it). Prefer py-spy; the run is time-limited.',
    );
    const raw = join(ctx.tempDir, 'profile.pstats');
    return {
      ...common,
      profiler: 'cprofile',
      profilerLabel: 'cProfile',
      steps: [
        {
          kind: 'exec',
          role: 'record',
          label: `cProfile ${file}`,
          argv: launcher,
          cwd: ctx.cwd,
          env: { ...ctx.env, HOTLINE_CPROFILE_OUT: raw },
          runsProgram: true,
        },
      ],
      rawOutput: raw,
      transform: { kind: 'pstats' },
      profilePath: profileFileName(ctx, 'cprofile', 'pstats'),
      format: 'pstats',
      tools: [requirement('python', ctx.exes)],
      notes,
    };
  }
  const rate = Math.max(1, Math.round(ctx.request.rateHz ?? 200));
  // speedscope, not raw: folded text cannot hold a file name with ";" or parentheses in it.
  const raw = join(ctx.tempDir, 'py-spy.speedscope.json');
  const pyspy = executable('py-spy', ctx.exes);
  const argv = [pyspy, 'record', '--rate', String(rate), '--format', 'speedscope', '--full-filenames', '--output', raw];
  if (ctx.request.python?.subprocesses) argv.push('--subprocesses');
  if (ctx.request.python?.native) argv.push('--native');
  argv.push('--', ...launcher);
  return {
    ...common,
    profiler: 'py-spy',
    profilerLabel: 'py-spy',
    steps: [{ kind: 'exec', role: 'record', label: `py-spy record ${file}`, argv, cwd: ctx.cwd, env: ctx.env, runsProgram: true }],
    rawOutput: raw,
    transform: { kind: 'strip-python-launcher' },
    profilePath: profileFileName(ctx, 'py-spy', 'speedscope.json'),
    format: 'speedscope',
    tools: [requirement('python', ctx.exes), requirement('py-spy', ctx.exes)],
    notes,
  };
}
