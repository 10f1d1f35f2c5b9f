/**
 * Run control with real processes: Cancel and timeouts end the whole process tree (checked in
 * the process table), hostile file names run as they are, a crashing program keeps its partial
 * profile and stderr, a missing profiler is reported before anything runs (or replaced by the
 * cProfile fallback).
 */
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { EXAMPLES, exampleLines, hotLineOf, processCommandLines, tempOut } from './helpers';

const work = tempOut('control');
after(() => rmSync(work, { recursive: true, force: true }));

async function runner() {
  return import('../../../src/profilers');
}

async function waitFor(cond: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (cond()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return cond();
}

describe('cancel and timeout', () => {
  test('Cancel kills the profiler, the program and its child, and removes temporary files', { timeout: 60_000 }, async () => {
    const { preparePlan, runProfile, ProfileCancelledError } = await runner();
    const marker = `hotline-cancel-${process.pid}-${Date.now()}`;
    const dir = join(work, marker);
    mkdirSync(dir);
    const script = join(dir, 'spin.py');
    writeFileSync(
      script,
      [
        'import subprocess, sys',
        `child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)", "${marker}-grandchild"])`,
        'print("started", flush=True)',
        'n = 0',
        'while True:',
        '    n += 1  # HOT',
        '',
      ].join('\n'),
    );
    const { plan } = preparePlan({ program: script, outDir: join(work, 'out') });
    const ac = new AbortController();
    let started = false;
    const run = runProfile(plan, { signal: ac.signal, onOutput: (l) => (started ||= l.includes('started')) });
    assert.ok(await waitFor(() => started, 30_000), 'the program started');
    assert.ok(
      processCommandLines().some((p) => p.cmd.includes(`${marker}-grandchild`)),
      'the grandchild runs before Cancel',
    );
    ac.abort();
    await assert.rejects(run, ProfileCancelledError);
    const gone = await waitFor(() => !processCommandLines().some((p) => p.cmd.includes(marker)), 5000);
    assert.ok(gone, `left running: ${JSON.stringify(processCommandLines().filter((p) => p.cmd.includes(marker)))}`);
    assert.equal(existsSync(plan.tempDir), false, 'temporary folder removed');
    assert.equal(existsSync(join(work, 'out')) && readdirSync(join(work, 'out')).length > 0, false, 'no profile saved for a cancelled run');
  });

  test('a timeout stops the tree but keeps what py-spy recorded', { timeout: 60_000 }, async () => {
    const { preparePlan, runProfile } = await runner();
    const script = join(work, 'forever.py');
    writeFileSync(script, ['def spin():', '    n = 0', '    while True:', '        n += 1  # HOT', '', 'spin()', ''].join('\n'));
    const { plan } = preparePlan({ program: script, outDir: join(work, 'out-timeout') });
    const run = await runProfile(plan, { timeoutMs: 2500 });
    assert.equal(run.timedOut, true);
    assert.ok(run.notes.some((n) => /time limit/.test(n)));
    const lines = exampleLines(run.profile, work);
    assert.equal(lines[0]?.line, hotLineOf(script), JSON.stringify(lines.slice(0, 3)));
    assert.ok(!processCommandLines().some((p) => p.cmd.includes(script)), 'nothing left running');
  });
});

describe('hostile file names', () => {
  const hostile = join(work, `we ird $(touch PWNED-dir); \`touch PWNED-tick\` 'q' "dq"`);
  for (const [name, example] of [
    ['python', 'python/report.py'],
    ['javascript', 'javascript/orders.js'],
  ] as const) {
    test(`${name}: a name with spaces, quotes, $(…), ; and backticks runs as it is`, { timeout: 120_000 }, async () => {
      const { preparePlan, runProfile } = await runner();
      mkdirSync(hostile, { recursive: true });
      const ext = example.slice(example.lastIndexOf('.'));
      const file = join(hostile, `a;b $(touch PWNED-file) \`id\` 'x'${ext}`);
      copyFileSync(join(EXAMPLES, example), file);
      const { plan } = preparePlan({ program: file, args: [name === 'python' ? '500000' : '9000', '$(touch PWNED-arg)'], outDir: join(work, 'out-hostile') });
      const run = await runProfile(plan, {});
      assert.equal(run.exitCode, 0, run.stderrTail);
      const lines = exampleLines(run.profile, hostile);
      assert.equal(lines[0]?.file, file, 'frames name the file exactly');
      assert.equal(lines[0]?.line, hotLineOf(file));
      for (const d of [hostile, work, process.cwd(), plan.cwd]) {
        assert.deepEqual(
          readdirSync(d).filter((n) => n.startsWith('PWNED')),
          [],
          `nothing was interpreted in ${d}`,
        );
      }
    });
  }
});

describe('crashes keep their partial profile', () => {
  test('python: an exception after real work', { timeout: 60_000 }, async () => {
    const { preparePlan, runProfile } = await runner();
    const script = join(work, 'crash.py');
    writeFileSync(
      script,
      [
        'import time',
        'def work():',
        '    end = time.time() + 1.0',
        '    n = 0',
        '    while time.time() < end:',
        '        n += 1  # HOT',
        'work()',
        'raise RuntimeError("boom: the disk is on fire")',
        '',
      ].join('\n'),
    );
    const run = await runProfile(preparePlan({ program: script, outDir: join(work, 'out-crash') }).plan, {});
    assert.equal(run.exitCode, 1, "the program's own exit code, not py-spy's");
    assert.match(run.stderrTail, /RuntimeError: boom: the disk is on fire/);
    assert.ok(run.notes.some((n) => /exited with code 1/.test(n)));
    const lines = exampleLines(run.profile, work);
    assert.ok([hotLineOf(script), hotLineOf(script) - 1].includes(lines[0]?.line ?? -1), JSON.stringify(lines.slice(0, 3)));
  });

  test('go: a panic in a main package keeps the runtime/pprof profile', { timeout: 120_000 }, async () => {
    const { preparePlan, runProfile } = await runner();
    const dir = join(work, 'gopanic');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'go.mod'), 'module example.com/gopanic\n\ngo 1.21\n');
    writeFileSync(
      join(dir, 'main.go'),
      [
        'package main',
        '',
        'var sink float64',
        '',
        'func main() {',
        '\tfor i := 0; i < 300000000; i++ { sink += float64(i) * 1.0000001 } // HOT',
        '\tpanic("boom: out of coffee")',
        '}',
        '',
      ].join('\n'),
    );
    const run = await runProfile(preparePlan({ program: join(dir, 'main.go'), outDir: join(work, 'out-gopanic') }).plan, {});
    assert.equal(run.exitCode, 2);
    assert.match(run.stderrTail, /panic: boom: out of coffee/);
    assert.equal(exampleLines(run.profile, dir)[0]?.line, hotLineOf(join(dir, 'main.go')));
  });

  test('c: a segmentation fault under perf', { timeout: 60_000 }, async () => {
    const { preparePlan, runProfile } = await runner();
    const src = join(work, 'segv.c');
    writeFileSync(
      src,
      [
        '#include <stdio.h>',
        'static volatile unsigned long sink;',
        'static void work(void) {',
        '    for (unsigned long i = 0; i < 600000000UL; i++) sink += i; /* HOT */',
        '}',
        'int main(void) {',
        '    work();',
        '    fprintf(stderr, "about to crash\\n");',
        '    volatile int *p = 0;',
        '    return *p;',
        '}',
        '',
      ].join('\n'),
    );
    const run = await runProfile(preparePlan({ program: src, outDir: join(work, 'out-segv') }).plan, {});
    assert.equal(run.exitCode, null, 'killed by a signal');
    assert.match(run.stderrTail, /about to crash/);
    const lines = exampleLines(run.profile, work);
    assert.equal(lines[0]?.line, hotLineOf(src), JSON.stringify(lines.slice(0, 3)));
  });
});

describe('missing profilers', () => {
  test('an explicitly chosen missing py-spy is reported before anything runs, with its install command', async () => {
    const { preparePlan, ProfilerNotFoundError } = await runner();
    const file = join(EXAMPLES, 'python/report.py');
    assert.throws(
      () => preparePlan({ program: file, profiler: 'py-spy', executables: { pyspy: '/nonexistent/py-spy' } }),
      (e: unknown) => e instanceof ProfilerNotFoundError && e.tool === 'py-spy' && /pip install py-spy/.test(e.installHint),
    );
  });

  test('auto falls back to cProfile when py-spy is missing, and still finds the hot function', { timeout: 60_000 }, async () => {
    const { preparePlan, runProfile } = await runner();
    const script = join(work, 'calls.py');
    writeFileSync(
      script,
      ['def square(x):', '    return x * x  # HOT', '', 'def main():', '    return sum(square(i) for i in range(300000))', '', 'print(main())', ''].join('\n'),
    );
    const { plan, fallback } = preparePlan({ program: script, outDir: join(work, 'out-cprofile'), executables: { pyspy: '/nonexistent/py-spy' } });
    assert.equal(plan.profiler, 'cprofile');
    assert.equal(fallback?.missing?.tool, 'py-spy');
    assert.match(fallback?.missing?.installHint ?? '', /pip install py-spy/);
    assert.ok(plan.notes.some((n) => /py-spy is not installed/.test(n) && /pip install py-spy/.test(n)));
    assert.ok(plan.notes.some((n) => /distorts/.test(n)));
    const run = await runProfile(plan, {});
    assert.equal(run.exitCode, 0);
    const fns = run.profile.frames.filter((f) => f.name === 'square' && f.file === script);
    assert.equal(fns.length > 0, true, 'cProfile recorded square()');
  });
});
