import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, test } from 'node:test';
import {
  describePlan,
  detectProgram,
  formatArgv,
  GO_MAIN_WRAPPER_NAME,
  PlanError,
  planProfile,
  PYTHON_LAUNCHER,
  type ExecStep,
  type ProfilerPlan,
} from '../../../src/core/plan';

const EXAMPLES = resolve(__dirname, '..', '..', '..', 'examples');
const tmp = mkdtempSync(join(tmpdir(), 'hotline-plan-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
const fixed = { startedAt: new Date(2026, 0, 25, 3, 15, 2), tempDir: '/tmp/hl-run', outDir: '/tmp/hl-out' };

const execSteps = (p: ProfilerPlan) => p.steps.filter((s): s is ExecStep => s.kind === 'exec');
const record = (p: ProfilerPlan) => execSteps(p).find((s) => s.role === 'record')!;

describe('language detection', () => {
  test('by extension, shebang and folder layout', () => {
    assert.equal(detectProgram(join(EXAMPLES, 'python/report.py')).language, 'python');
    assert.equal(detectProgram(join(EXAMPLES, 'typescript/tags.ts')).language, 'typescript');
    assert.equal(detectProgram(join(EXAMPLES, 'go')).language, 'go');
    const rust = detectProgram(join(EXAMPLES, 'rust/src/main.rs'));
    assert.deepEqual([rust.language, rust.projectRoot], ['rust', join(EXAMPLES, 'rust')]);
    assert.equal(detectProgram(join(EXAMPLES, 'rust')).language, 'rust');
    assert.equal(detectProgram(join(EXAMPLES, 'c')).language, 'c');
    const script = join(tmp, 'tool');
    writeFileSync(script, '#!/usr/bin/env python3\nprint(1)\n');
    assert.equal(detectProgram(script).language, 'python');
    const pkg = join(tmp, 'pkg');
    mkdirSync(pkg);
    writeFileSync(join(pkg, 'package.json'), '{"main": "server.js"}');
    writeFileSync(join(pkg, 'server.js'), '');
    assert.deepEqual(detectProgram(pkg).file, join(pkg, 'server.js'));
  });

  test('unknown files and missing paths are PlanErrors that say what is expected', () => {
    const f = join(tmp, 'notes.txt');
    writeFileSync(f, 'hello');
    assert.throws(
      () => planProfile({ program: f, ...fixed }),
      (e: unknown) => e instanceof PlanError && /expected \.py/.test(e.message),
    );
    assert.throws(() => planProfile({ program: join(tmp, 'nope.py'), ...fixed }), /does not exist/);
    const orphan = join(tmp, 'lonely.rs');
    writeFileSync(orphan, 'fn main() {}');
    assert.throws(() => planProfile({ program: orphan, ...fixed }), /not inside a Cargo crate/);
  });
});

describe('python', () => {
  const file = join(EXAMPLES, 'python/report.py');
  test('py-spy records the launcher, speedscope output, the rate, the program args as separate argv entries', () => {
    const plan = planProfile({ program: file, args: ['10', '$(rm -rf /)'], rateHz: 333, ...fixed });
    assert.equal(plan.profiler, 'py-spy');
    assert.equal(plan.format, 'speedscope');
    const argv = record(plan).argv as string[];
    assert.deepEqual(argv.slice(0, 8), ['py-spy', 'record', '--rate', '333', '--format', 'speedscope', '--full-filenames', '--output']);
    const dash = argv.indexOf('--');
    assert.deepEqual(argv.slice(dash + 1), ['python3', '-c', PYTHON_LAUNCHER, '/tmp/hl-run/exit-code', file, '10', '$(rm -rf /)']);
    assert.equal(plan.exitCodeFile, '/tmp/hl-run/exit-code');
    assert.deepEqual(plan.programCommand, ['python3', file, '10', '$(rm -rf /)']);
    assert.equal(plan.profilePath, '/tmp/hl-out/report.py-spy.20260125-031502.speedscope.json');
    assert.deepEqual(
      plan.tools.map((t) => t.tool),
      ['python', 'py-spy'],
    );
    assert.equal(plan.transform.kind, 'strip-python-launcher');
  });

  test('settings: interpreter, native, subprocesses', () => {
    const plan = planProfile({
      program: file,
      executables: { python: '/venv/bin/python', pyspy: '/opt/py-spy' },
      python: { native: true, subprocesses: true },
      ...fixed,
    });
    const argv = record(plan).argv as string[];
    assert.equal(argv[0], '/opt/py-spy');
    assert.ok(argv.includes('--native') && argv.includes('--subprocesses'));
    assert.equal(argv[argv.indexOf('--') + 1], '/venv/bin/python');
    assert.match(plan.tools.find((t) => t.tool === 'py-spy')!.installHint, /^\/venv\/bin\/python -m pip install py-spy$/);
  });

  test("the project's virtual environment is used when no interpreter is configured", () => {
    const proj = join(tmp, 'venvproj');
    mkdirSync(join(proj, '.git'), { recursive: true });
    mkdirSync(join(proj, '.venv', 'bin'), { recursive: true });
    mkdirSync(join(proj, 'tools'));
    writeFileSync(join(proj, '.venv', 'bin', 'python'), '');
    writeFileSync(join(proj, 'tools', 'job.py'), 'print(1)\n');
    const plan = planProfile({ program: join(proj, 'tools', 'job.py'), ...fixed });
    assert.equal(plan.programCommand[0], join(proj, '.venv', 'bin', 'python'));
    assert.match(plan.notes.join(' '), /virtual environment/);
    const configured = planProfile({ program: join(proj, 'tools', 'job.py'), executables: { python: '/usr/bin/python3' }, ...fixed });
    assert.equal(configured.programCommand[0], '/usr/bin/python3');
  });

  test('a missing py-spy falls back to cProfile with a notice; an explicit choice does not', () => {
    const plan = planProfile({ program: file, missingTools: ['py-spy'], ...fixed });
    assert.equal(plan.profiler, 'cprofile');
    assert.equal(plan.format, 'pstats');
    assert.match(plan.notes.join('\n'), /py-spy is not installed.*pip install py-spy/);
    assert.match(plan.notes.join('\n'), /distorts/);
    assert.equal(record(plan).env?.HOTLINE_CPROFILE_OUT, '/tmp/hl-run/profile.pstats');
    assert.equal(planProfile({ program: file, profiler: 'py-spy', missingTools: ['py-spy'], ...fixed }).profiler, 'py-spy');
    assert.throws(() => planProfile({ program: file, profiler: 'perf', ...fixed }), /does not profile Python/);
  });
});

describe('javascript and typescript', () => {
  test('node --cpu-prof with the sampling interval', () => {
    const file = join(EXAMPLES, 'javascript/orders.js');
    const plan = planProfile({ program: file, node: { samplingIntervalMicros: 250 }, executables: { node: '/usr/bin/node' }, ...fixed });
    assert.deepEqual(record(plan).argv, [
      '/usr/bin/node',
      '--require',
      '/tmp/hl-run/hotline-exit-on-signal.cjs',
      '--cpu-prof',
      '--cpu-prof-dir=/tmp/hl-run',
      '--cpu-prof-name=profile.cpuprofile',
      '--cpu-prof-interval=250',
      file,
    ]);
    assert.equal(plan.format, 'cpuprofile');
    assert.equal(plan.rawOutput, '/tmp/hl-run/profile.cpuprofile');
  });

  test('typescript is transpiled into a mirror inside the project, then mapped back', () => {
    const file = join(EXAMPLES, 'typescript/tags.ts');
    const plan = planProfile({ program: file, ...fixed });
    const t = plan.steps[0]!;
    assert.equal(t.kind, 'transpile-ts');
    if (t.kind !== 'transpile-ts') return;
    assert.equal(t.entry, file);
    assert.ok(t.outDir.startsWith(join(t.rootDir, '.hotline', 'build')));
    const argv = record(plan).argv as string[];
    assert.equal(argv[argv.length - 1], join(t.outDir, 'examples/typescript/tags.js'));
    assert.deepEqual(plan.tempPaths, [t.outDir]);
    assert.deepEqual(plan.transform, { kind: 'remap-typescript', outDir: t.outDir, rootDir: t.rootDir });
  });
});

describe('go', () => {
  test('a _test.go file: go test -c, then its benchmarks with -cpuprofile', () => {
    const plan = planProfile({ program: join(EXAMPLES, 'go/main_test.go'), go: { benchtime: '3x' }, ...fixed });
    assert.equal(plan.profiler, 'go-test');
    const [build, run] = execSteps(plan);
    assert.deepEqual(build!.argv, ['go', 'test', '-c', '-o', '/tmp/hl-run/go.test', '.']);
    assert.equal(build!.cwd, join(EXAMPLES, 'go'));
    assert.deepEqual(run!.argv, [
      '/tmp/hl-run/go.test',
      '-test.run=^$',
      '-test.cpuprofile=/tmp/hl-run/cpu.pprof',
      '-test.count=1',
      '-test.v',
      '-test.bench=^(BenchmarkRenderReport)$',
      '-test.benchtime=3x',
    ]);
    assert.equal(plan.format, 'pprof');
  });

  test('a main package: test binary through an overlay that adds the wrapper and hides the package tests', () => {
    const plan = planProfile({ program: join(EXAMPLES, 'go/main.go'), args: ['100'], ...fixed });
    assert.equal(plan.profiler, 'go-main');
    const writes = plan.steps.filter((s) => s.kind === 'write-file');
    const overlay = writes.find((s) => s.kind === 'write-file' && s.path.endsWith('overlay.json'));
    assert.ok(overlay && overlay.kind === 'write-file');
    const replace = JSON.parse(overlay.content).Replace as Record<string, string>;
    assert.equal(replace[join(EXAMPLES, 'go', GO_MAIN_WRAPPER_NAME)], `/tmp/hl-run/${GO_MAIN_WRAPPER_NAME}`);
    assert.equal(replace[join(EXAMPLES, 'go/main_test.go')], '', 'the package tests are hidden');
    const run = record(plan);
    assert.deepEqual(run.argv, ['/tmp/hl-run/go.test', '100']);
    assert.equal(run.env?.HOTLINE_GO_CPUPROFILE, '/tmp/hl-run/cpu.pprof');
    const perf = planProfile({ program: join(EXAMPLES, 'go'), profiler: 'perf', ...fixed });
    assert.equal(perf.format, 'perf-script');
    assert.deepEqual(execSteps(perf)[0]!.argv, ['go', 'build', '-o', '/tmp/hl-run/go', '.']);
  });

  test('a library package without a test file is refused with a hint', () => {
    const dir = join(tmp, 'golib');
    mkdirSync(dir);
    writeFileSync(join(dir, 'lib.go'), 'package lib\n');
    assert.equal(planProfile({ program: join(dir, 'lib.go'), ...fixed }).profiler, 'go-test');
    assert.throws(() => planProfile({ program: join(dir, 'lib.go'), profiler: 'go-main', ...fixed }), /not main/);
  });
});

describe('rust and c', () => {
  test('cargo release build with line tables into its own target dir, then perf with DWARF call graphs', () => {
    const plan = planProfile({ program: join(EXAMPLES, 'rust/src/main.rs'), args: ['7'], ...fixed });
    const [build, rec, conv] = execSteps(plan);
    assert.deepEqual(build!.argv, [
      'cargo',
      'build',
      '--release',
      '--bin',
      'hotline-example',
      '--message-format=json-render-diagnostics',
      '--target-dir',
      join(EXAMPLES, 'rust/target/hotline'),
    ]);
    assert.equal(build!.env?.CARGO_PROFILE_RELEASE_DEBUG, 'line-tables-only');
    assert.deepEqual(build!.cargoArtifact, { kind: 'bin', name: 'hotline-example' });
    assert.deepEqual(rec!.argv, [
      'perf',
      'record',
      '-e',
      'cpu-clock',
      '-F',
      '999',
      '--call-graph',
      'dwarf',
      '-q',
      '-o',
      '/tmp/hl-run/perf.data',
      '--',
      { artifact: 'executable' },
      '7',
    ]);
    assert.equal(conv!.stdoutFile, '/tmp/hl-run/perf-script.txt');
    assert.ok((conv!.argv as string[]).includes('--full-source-path'));
    assert.match(formatArgv(rec!.argv), /-- <built executable> 7$/);
  });

  test('cargo bench targets, and callgrind when perf is missing', () => {
    const plan = planProfile({ program: join(EXAMPLES, 'rust'), rust: { bench: 'speed' }, missingTools: ['perf'], ...fixed });
    assert.equal(plan.profiler, 'callgrind');
    assert.equal(plan.format, 'callgrind');
    const [build, rec] = execSteps(plan);
    assert.deepEqual((build!.argv as string[]).slice(0, 5), ['cargo', 'bench', '--no-run', '--bench', 'speed']);
    assert.deepEqual(rec!.argv, [
      'valgrind',
      '--tool=callgrind',
      '--callgrind-out-file=/tmp/hl-run/callgrind.out',
      '--',
      { artifact: 'executable' },
      '--bench',
    ]);
    assert.match(plan.notes.join('\n'), /perf is not available.*apt-get install -y linux-perf/);
  });

  test('a C file: gcc -O2 -g, then perf', () => {
    const file = join(EXAMPLES, 'c/upper.c');
    const plan = planProfile({ program: file, ...fixed });
    const [build, rec] = execSteps(plan);
    assert.deepEqual(build!.argv, ['gcc', '-O2', '-g', '-fno-omit-frame-pointer', '-o', '/tmp/hl-run/upper', file, '-lm']);
    assert.equal((rec!.argv as string[])[0], 'perf');
    assert.deepEqual(
      plan.tools.map((t) => t.tool),
      ['gcc', 'perf'],
    );
    assert.match(describePlan(plan)[0]!, /^\$ gcc -O2 -g/);
  });
});

describe('request checks and defaults', () => {
  test('profiles go to <workspace>/.hotline/profiles by default', () => {
    const ws = join(tmp, 'ws');
    mkdirSync(join(ws, '.vscode'), { recursive: true });
    mkdirSync(join(ws, 'src'));
    writeFileSync(join(ws, 'src', 'app.py'), 'print(1)\n');
    const plan = planProfile({ program: join(ws, 'src', 'app.py'), startedAt: fixed.startedAt });
    assert.equal(plan.workspaceRoot, ws);
    assert.ok(plan.profilePath.startsWith(join(ws, '.hotline', 'profiles') + '/'));
    assert.equal(plan.cwd, join(ws, 'src'));
    assert.equal(plan.timeoutMs, 300_000);
  });

  test('bad options are refused', () => {
    const file = join(EXAMPLES, 'python/report.py');
    assert.throws(() => planProfile({ program: file, rateHz: -5, ...fixed }), /sampling rate/);
    assert.throws(() => planProfile({ program: file, timeoutSeconds: 0, ...fixed }), /timeout/);
    assert.throws(() => planProfile({ program: file, profiler: 'valgrind' as never, ...fixed }), /unknown profiler/);
  });
});
