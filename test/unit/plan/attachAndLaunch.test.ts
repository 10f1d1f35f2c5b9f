import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  goPprofUrl,
  modeForSymptom,
  parseLaunchConfigurations,
  planAttach,
  planGoPprof,
  PlanError,
  stripJsonc,
  substituteVariables,
  whatIsSlowChoices,
} from '../../../src/core/plan';

describe('attach plans', () => {
  test('py-spy --pid for a number of seconds', () => {
    const plan = planAttach({ kind: 'py-spy', pid: 4242, seconds: 7, rateHz: 100, outDir: '/p', tempDir: '/t', startedAt: new Date(2026, 0, 1) });
    const step = plan.steps[0]!;
    assert.equal(step.kind, 'exec');
    if (step.kind !== 'exec') return;
    assert.deepEqual(step.argv, [
      'py-spy',
      'record',
      '--pid',
      '4242',
      '--duration',
      '7',
      '--rate',
      '100',
      '--format',
      'speedscope',
      '--full-filenames',
      '--output',
      '/t/py-spy.speedscope.json',
    ]);
    assert.equal(plan.mode, 'attach');
    assert.match(plan.notes.join(' '), /ptrace/);
  });

  test('perf -p bounded by sleep, then perf script', () => {
    const plan = planAttach({ kind: 'perf', pid: 77, seconds: 3, outDir: '/p', tempDir: '/t' });
    const [rec, conv] = plan.steps;
    assert.ok(rec?.kind === 'exec' && conv?.kind === 'exec');
    assert.deepEqual(rec.argv.slice(-7), ['-p', '77', '-o', '/t/perf.data', '--', 'sleep', '3']);
    assert.equal(conv.stdoutFile, '/t/perf-script.txt');
    assert.equal(plan.format, 'perf-script');
  });

  test('bad pids and durations are refused', () => {
    assert.throws(() => planAttach({ kind: 'perf', pid: -1, seconds: 3, outDir: '/p' }), PlanError);
    assert.throws(() => planAttach({ kind: 'py-spy', pid: 5, seconds: 0, outDir: '/p' }), /between 1 second/);
  });
});

describe('Go net/http/pprof', () => {
  test('URLs per profile kind', () => {
    assert.equal(goPprofUrl('localhost:6060', 'cpu', 5), 'http://localhost:6060/debug/pprof/profile?seconds=5');
    assert.equal(goPprofUrl('http://h:1/debug/pprof/', 'heap', 0), 'http://h:1/debug/pprof/heap');
    assert.equal(goPprofUrl('http://h:1/app/debug/pprof/goroutine?debug=2', 'goroutine', 9), 'http://h:1/app/debug/pprof/goroutine');
    assert.equal(goPprofUrl('https://h/', 'block', 4), 'https://h/debug/pprof/block?seconds=4');
    assert.equal(goPprofUrl('http://h', 'mutex', 0), 'http://h/debug/pprof/mutex');
    assert.throws(() => goPprofUrl('file:///etc/passwd', 'cpu', 5), /only http and https/);
  });

  test('a fetch step with a time limit covering the recording', () => {
    const plan = planGoPprof({ url: 'localhost:6060', kind: 'cpu', seconds: 10, outDir: '/p', tempDir: '/t' });
    const step = plan.steps[0]!;
    assert.ok(step.kind === 'fetch');
    assert.equal(step.outputFile, '/t/cpu.pprof');
    assert.ok(step.timeoutMs >= 10_000);
    assert.equal(plan.format, 'pprof');
    assert.match(planGoPprof({ url: 'h', kind: 'block', seconds: 0, outDir: '/p' }).notes.join(' '), /SetBlockProfileRate/);
  });

  test('an execution trace is recorded over its seconds and read as a go-trace', () => {
    assert.equal(goPprofUrl('http://h:1/', 'trace', 3), 'http://h:1/debug/pprof/trace?seconds=3');
    assert.throws(() => goPprofUrl('http://h:1/', 'trace', 0), /between 1 second/);
    const plan = planGoPprof({ url: 'localhost:6060', kind: 'trace', seconds: 3, outDir: '/p', tempDir: '/t' });
    const step = plan.steps[0]!;
    assert.ok(step.kind === 'fetch');
    assert.equal(step.outputFile, '/t/go.trace');
    assert.ok(step.timeoutMs >= 3_000);
    assert.equal(plan.format, 'go-trace');
    assert.match(plan.profilePath, /\/p\/go-trace\.pprof-http\.[^/]+\.trace$/);
  });
});

describe('launch.json', () => {
  const text = `{
    // comments and trailing commas, as VS Code writes them
    "version": "0.2.0",
    "configurations": [
      { "name": "Py", "type": "debugpy", "request": "launch", "program": "\${file}", "args": ["--n", "3"],
        "env": { "MODE": "fast", "HOME_COPY": "\${env:HOME}" }, "cwd": "\${workspaceFolder}/data", },
      { "name": "Node", "type": "node", "request": "launch", "program": "\${workspaceFolder}/server.js", /* inline */ "args": "--port 80" },
      { "name": "Go", "type": "go", "request": "launch", "mode": "auto", "program": "\${fileDirname}" },
      { "name": "Attach", "type": "node", "request": "attach", "port": 9229 },
      { "name": "Mod", "type": "python", "request": "launch", "module": "pkg.cli" },
      { "name": "Input", "type": "python", "request": "launch", "program": "\${input:pick}" },
      { "name": "Url", "type": "chrome", "request": "launch", "url": "http://x//y" },
    ],
  }`;
  const vars = { workspaceFolder: '/ws', file: '/ws/app/main.py', env: { HOME: '/home/u' } };

  test('Python, Node and Go entries become requests with program, args, env and cwd', () => {
    const entries = parseLaunchConfigurations(text, vars);
    assert.deepEqual(entries[0]!.request, { program: '/ws/app/main.py', args: ['--n', '3'], env: { MODE: 'fast', HOME_COPY: '/home/u' }, cwd: '/ws/data' });
    assert.deepEqual(entries[1]!.request, { program: '/ws/server.js', args: ['--port', '80'], env: {} });
    assert.deepEqual(entries[2]!.request?.program, '/ws/app');
  });

  test('entries that cannot be profiled say why', () => {
    const entries = parseLaunchConfigurations(text, vars);
    assert.match(entries[3]!.reason!, /attach/);
    assert.match(entries[4]!.reason!, /module/);
    assert.match(entries[5]!.reason!, /\$\{input:pick\} is not supported/);
    assert.match(entries[6]!.reason!, /not a Python, Node or Go/);
    assert.ok(entries.slice(3).every((e) => e.request === null));
  });

  test('JSONC stripping keeps // and /* inside strings', () => {
    assert.deepEqual(JSON.parse(stripJsonc('{"a": "http://x/*y*/", // c\n "b": [1,2,],}')), { a: 'http://x/*y*/', b: [1, 2] });
    assert.throws(() => parseLaunchConfigurations('{ nope', vars), /not valid JSON/);
    assert.equal(substituteVariables('${fileBasenameNoExtension}-${workspaceFolderBasename}', vars), 'main-ws');
  });
});

describe('What is slow?', () => {
  test('each symptom starts the matching mode', () => {
    assert.equal(modeForSymptom('slow-responses'), 'cpu-profile');
    assert.equal(modeForSymptom('high-memory'), 'allocation-profile');
    assert.equal(modeForSymptom('memory-grows'), 'leak-finder');
    assert.equal(modeForSymptom('event-loop-lag'), 'cpu-profile');
    assert.equal(modeForSymptom('unstable-timings'), 'benchmark');
    assert.equal(modeForSymptom('slow-page-load'), 'page-audit');
    assert.equal(modeForSymptom('slow-under-load'), 'load-test');
    // A service under load is profiled with py-spy or the Node inspector: offered for Python and Node files.
    assert.deepEqual(
      whatIsSlowChoices('python')
        .map((c) => c.mode)
        .slice(0, 3),
      ['cpu-profile', 'load-test', 'page-audit'],
    );
    assert.ok(whatIsSlowChoices('typescript').some((c) => c.symptom === 'slow-under-load'));
    // A slow page load is offered whatever file is open: the page is not one source file.
    assert.deepEqual(
      whatIsSlowChoices('rust').map((c) => c.mode),
      ['cpu-profile', 'page-audit', 'benchmark'],
    );
    assert.equal(whatIsSlowChoices().length, 7);
  });
});

test('attach to Node: one inspector step (V8 CPU profile), a .cpuprofile named by pid, nothing to install', () => {
  const plan = planAttach({
    kind: 'node-inspector',
    pid: 4242,
    seconds: 3,
    outDir: '/w/.hotline/profiles',
    tempDir: '/tmp/t',
    node: { samplingIntervalMicros: 250 },
    startedAt: new Date(2026, 0, 2, 3, 4, 5),
  });
  assert.equal(plan.mode, 'attach');
  assert.equal(plan.language, 'javascript');
  assert.equal(plan.format, 'cpuprofile');
  assert.deepEqual(plan.steps, [
    {
      kind: 'node-inspector',
      label: 'V8 CPU profile of pid 4242 through its inspector (3 s)',
      pid: 4242,
      seconds: 3,
      samplingIntervalMicros: 250,
      outputFile: '/tmp/t/profile.cpuprofile',
    },
  ]);
  assert.equal(plan.rawOutput, '/tmp/t/profile.cpuprofile');
  assert.match(plan.profilePath, /^\/w\/\.hotline\/profiles\/pid4242\.node\.\d{8}-\d{6}\.cpuprofile$/);
  assert.deepEqual(plan.tools, []);
  assert.throws(() => planAttach({ kind: 'node-inspector', pid: -1, seconds: 3, outDir: '/w' }), PlanError);
});
