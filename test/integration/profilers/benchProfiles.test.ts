/**
 * "Profile Current File" on benchmark files, under the real tools: the pytest-benchmark example
 * runs under pytest inside py-spy, the Node example through Hotline's tinybench runner under
 * `node --cpu-prof`. The benchmarks' own lines are the user's hottest, and Hotline's runner is not
 * counted as the user's code.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { EXAMPLES, exampleLines, tempOut } from './helpers';

const out = tempOut('bench-profiles');
after(() => rmSync(out, { recursive: true, force: true }));

test("pytest-benchmark file: profiled under pytest, the three benchmarks' own lines on top of the user code", { timeout: 240_000 }, async () => {
  const { preparePlan, runProfile } = await import('../../../src/profilers');
  const file = join(EXAMPLES, 'bench/python/test_textops.py');
  const { plan } = preparePlan({ program: file, outDir: out, timeoutSeconds: 180 });
  assert.equal(plan.profiler, 'py-spy');
  const output: string[] = [];
  const run = await runProfile(plan, { onOutput: (l) => output.push(l) });
  assert.equal(run.exitCode, 0, output.slice(-15).join('\n'));
  assert.ok(
    output.some((l) => /3 passed/.test(l)),
    `pytest ran the three benchmarks: ${output.slice(-5).join(' | ')}`,
  );
  const lines = exampleLines(run.profile, join(EXAMPLES, 'bench/python'));
  const concat = run.profile.frames.find((f) => f.name === 'concat_words' && f.file === file);
  assert.ok(concat && concat.kind === 'user', 'concat_words is the user code');
  // The three benchmarks' own work outranks every other user line: the join, the concat loop (its
  // `for` line and its `+=` line, counted together: how the loop's time splits between them varies
  // from run to run, and the `for` line alone can fall below the harness's time on a call line), and
  // the sorted() call (a builtin, so its time stays on the calling line of the test).
  const source = (await import('node:fs')).readFileSync(file, 'utf8').split('\n');
  const lineOf = (text: string) => 1 + source.findIndex((l) => l.includes(text));
  const join_ = lineOf('out = "".join(words)');
  const concat_ = [lineOf('for w in words:'), lineOf('out += w')];
  const sorted_ = lineOf('benchmark(sorted, data)');
  const work = new Map<string, number>();
  for (const l of lines) {
    const key = concat_.includes(l.line!) ? 'concat loop' : l.line === join_ ? 'join' : l.line === sorted_ ? 'sorted' : `line ${l.line}`;
    work.set(key, (work.get(key) ?? 0) + l.self);
  }
  const ranked = [...work].sort((a, b) => b[1] - a[1]);
  const shown = `top user lines: ${JSON.stringify(lines.slice(0, 6))}`;
  assert.deepEqual(
    ranked
      .slice(0, 3)
      .map(([k]) => k)
      .sort(),
    ['concat loop', 'join', 'sorted'],
    shown,
  );
  // The launcher is cut from the stacks that reach the user's code (its own start-up samples, finding
  // the pytest module, stay as they are).
  const p = run.profile;
  let reaching = 0;
  for (const leaf of new Set(p.sampleStack)) {
    const chain: string[] = [];
    for (let s = leaf; s >= 0; s = p.stackParent[s]!) chain.push(p.frames[p.stackFrame[s]!]!.file ?? '');
    if (!chain.includes(file)) continue;
    reaching++;
    assert.equal(
      chain.some((f) => f === '<string>' || /runpy/.test(f)),
      false,
      `a stack into the test file still has the launcher: ${chain.reverse().join(' > ')}`,
    );
  }
  assert.ok(reaching > 0);
});

test('node benchmark file: profiled through the runner, the concat loop on top, the runner counted as library', { timeout: 240_000 }, async () => {
  const { preparePlan, runProfile } = await import('../../../src/profilers');
  const file = join(EXAMPLES, 'bench/node/textops.bench.mjs');
  const { plan } = preparePlan({ program: file, outDir: out, timeoutSeconds: 180, node: { benchmark: 'concat' } });
  const output: string[] = [];
  const run = await runProfile(plan, { onOutput: (l) => output.push(l) });
  assert.equal(run.exitCode, 0, output.slice(-15).join('\n'));
  const lines = exampleLines(run.profile, join(EXAMPLES, 'bench/node'));
  const loop =
    1 +
    (await import('node:fs'))
      .readFileSync(file, 'utf8')
      .split('\n')
      .findIndex((l) => l.includes('out += w'));
  assert.equal(`${lines[0]!.file}:${lines[0]!.line}`, `${file}:${loop}`, `top user lines: ${JSON.stringify(lines.slice(0, 3))}`);
  const runner = run.profile.frames.filter((f) => /[\\/]helpers[\\/]bench(Node|Tinybench)\.mjs$/.test(f.file ?? ''));
  assert.ok(runner.length > 0, 'the runner is in the stacks');
  assert.deepEqual([...new Set(runner.map((f) => f.kind))], ['library']);
  // --filter concat: the other benchmarks did not run.
  assert.equal(
    run.profile.frames.some((f) => f.file === file && f.line === 8),
    false,
    'join() did not run',
  );
});
