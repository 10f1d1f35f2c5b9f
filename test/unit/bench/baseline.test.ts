import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BaselineExistsError, baselinePath, parseBaseline, readBaseline, toBaseline, writeBaseline } from '../../../src/core/bench/baseline';
import { loadBenchRun } from '../../../src/core/bench/importers/index';

const fixtures = new URL('../../fixtures/bench/', import.meta.url).pathname;

test('baselines live at .hotline/baselines/<name>.json; unsafe names are refused', () => {
  assert.equal(baselinePath('/ws', 'main'), '/ws/.hotline/baselines/main.json');
  assert.throws(() => baselinePath('/ws', '../etc/passwd'), /a baseline name may hold/);
  assert.throws(() => baselinePath('/ws', 'a/b'), /a baseline name may hold/);
});

test('a saved baseline reads back to the same samples, and loads as a bench run', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-baseline-'));
  const run = loadBenchRun(fixtures + 'go-bench.txt');
  const path = baselinePath(dir, 'main');
  writeBaseline(path, toBaseline(run, 'main', new Date('2026-01-01T00:00:00Z')));
  const back = readBaseline(path);
  assert.equal(back.version, 1);
  assert.equal(back.name, 'main');
  assert.equal(back.createdAt, '2026-01-01T00:00:00.000Z');
  assert.deepEqual(
    back.benchmarks.map((b) => b.samples),
    run.benchmarks.map((b) => b.samples),
  );
  assert.equal(loadBenchRun(path).tool, 'go-test');
  const json = JSON.parse(readFileSync(path, 'utf8'));
  assert.equal(typeof json.benchmarks[0].stats.median, 'number'); // for people reading the diff
});

test('an existing baseline is never overwritten without force', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-baseline-'));
  const path = baselinePath(dir, 'main');
  const run = loadBenchRun(fixtures + 'go-bench.txt');
  writeBaseline(path, toBaseline(run, 'main'));
  const before = readFileSync(path, 'utf8');
  const other = loadBenchRun(fixtures + 'criterion');
  assert.throws(
    () => writeBaseline(path, toBaseline(other, 'main')),
    (e: unknown) => e instanceof BaselineExistsError && /--force/.test(e.message),
  );
  assert.equal(readFileSync(path, 'utf8'), before);
  writeBaseline(path, toBaseline(other, 'main'), { force: true });
  assert.equal(readBaseline(path).tool, 'criterion');
});

test('baselines from a newer Hotline or with bad samples are refused with the file name', () => {
  const good = {
    schema: 'hotline-bench-baseline',
    version: 1,
    name: 'x',
    createdAt: '',
    unit: 'ns',
    tool: 'go-test',
    benchmarks: [{ name: 'B', samples: [1, 2] }],
  };
  assert.equal(parseBaseline(good, 'b.json').benchmarks.length, 1);
  assert.throws(() => parseBaseline({ ...good, version: 2 }, 'b.json'), /b\.json: baseline version 2 is newer/);
  assert.throws(() => parseBaseline({ ...good, benchmarks: [{ name: 'B', samples: [-1] }] }, 'b.json'), /non-negative/);
  assert.throws(() => parseBaseline({ ...good, tool: 'jmh' }, 'b.json'), /unknown tool/);
  const dir = mkdtempSync(join(tmpdir(), 'hotline-baseline-'));
  writeFileSync(join(dir, 'bad.json'), '{');
  assert.throws(() => readBaseline(join(dir, 'bad.json')), /bad\.json: cannot read the baseline/);
});
