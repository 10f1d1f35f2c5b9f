// `hotline report|flamegraph --thread NAME|TID` on the recorded multi-thread files (a Chrome
// Performance-panel trace with a worker, a Firefox profile): the thread asked for is the one shown.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureCliBuilt, hotline, root } from '../cliRun';

const interop = join(root, 'test/fixtures/interop');
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const exp = JSON.parse(readFileSync(join(interop, 'chrome/busy.trace.expected.json'), 'utf8')) as any;
const worker = exp.trace.threads[exp.trace.workerThread] as { name: string; samples: number };
const workerTid = (exp.trace.workerThread as string).split(':')[1]!;

before(ensureCliBuilt);

test('report --thread TID shows the worker of a Chrome trace; without it the page main thread', () => {
  const json = (...args: string[]) => {
    const r = hotline('report', join(interop, 'chrome/busy.trace.json.gz'), '--json', ...args);
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout) as { total: number; functions: { name: string }[] };
  };
  const main = json();
  assert.equal(main.total, exp.trace.threads[exp.trace.pageMainThread].samples);
  assert.ok(main.functions.some((f) => f.name === 'hotSum'));
  const w = json('--thread', workerTid);
  assert.equal(w.total, worker.samples);
  assert.ok(w.functions.some((f) => f.name === 'workerHot') && !w.functions.some((f) => f.name === 'hotSum'));
  // The table's notes name the thread and say how to pick another.
  const table = hotline('report', join(interop, 'chrome/busy.trace.json.gz'), '--thread', worker.name);
  assert.match(table.stdout, new RegExp(`note: Thread: ${worker.name} \\(pid \\d+, tid ${workerTid},`));
  assert.match(table.stdout, /--thread NAME\|TID/);
});

test('an unknown thread exits 2 with one line listing the threads; flamegraph takes --thread too', () => {
  const r = hotline('report', join(interop, 'firefox/busy.gecko.json.gz'), '--thread', 'nope');
  assert.equal(r.status, 2);
  assert.equal(r.stderr.trim().split('\n').length, 1);
  assert.match(r.stderr, /no profiled thread named "nope".*GeckoMain \(tab process, pid/);
  const dir = mkdtempSync(join(tmpdir(), 'hotline-thread-'));
  try {
    const out = join(dir, 'w.html');
    const f = hotline('flamegraph', join(interop, 'chrome/busy.trace.json.gz'), '--thread', workerTid, '-o', out);
    assert.equal(f.status, 0, f.stderr);
    const html = readFileSync(out, 'utf8');
    assert.ok(html.includes('workerHot') && !html.includes('"hotSum"'), 'the worker is drawn, not the main thread');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
