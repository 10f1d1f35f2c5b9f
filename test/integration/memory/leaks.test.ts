// Runs the real leak finders (Python tracemalloc + gc, Node inspector heap snapshots) on examples/memory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runLeakFinder } from '../../../src/profilers/memory/index';
import { main } from '../../../src/cli/main';
import { markedLine, ROOT } from '../../unit/memory/markedLine';

const LISTENER = 'examples/memory/leaky_listener.js';
const CACHE = 'examples/memory/leaky_cache.py';

test('Node: a listener leak is named by its closure, the line that adds it, and what holds it', async () => {
  const { report, files } = await runLeakFinder({ program: LISTENER, call: 'handleRequest', runs: 30, cwd: ROOT }, { timeoutMs: 120_000 });
  const leakLine = markedLine(LISTENER, '// LEAK');
  const file = join(ROOT, LISTENER);
  assert.equal(report.grew, true);
  assert.equal(files.length, 2);
  const top = report.kinds[0]!;
  assert.equal(top.name, `(closure) (anonymous) @ leaky_listener.js:${leakLine}`);
  assert.equal(top.countDelta, 30, 'one listener per run');
  assert.deepEqual(top.allocatedAt![0]!.file, file);
  assert.equal(top.allocatedAt![0]!.line, leakLine);
  assert.equal(top.allocatedAt![0]!.function, 'handleRequest');
  assert.ok(
    top.retainerPath!.some((s) => s.text === 'EventEmitter._events'),
    JSON.stringify(top.retainerPath),
  );
  const ctx = report.kinds.find((k) => k.name === 'RequestContext')!;
  assert.equal(ctx.countDelta, 30);
  assert.equal(ctx.allocatedAt![0]!.line, markedLine(LISTENER, 'new RequestContext'));
  assert.ok(report.patterns.some((p) => p.id === 'listener-not-removed'));
  assert.equal(report.sites[0]!.line, leakLine);
});

test('Node: the fixed handler (listener removed) does not grow', async () => {
  const { report } = await runLeakFinder({ program: LISTENER, call: 'handleRequestFixed', runs: 30, cwd: ROOT }, { timeoutMs: 120_000 });
  assert.equal(report.grew, false, `per run ${report.bytesPerRun}, second round ${report.secondRoundBytesPerRun}`);
  assert.ok(!report.patterns.some((p) => p.id === 'listener-not-removed'));
  assert.ok(!report.kinds.some((k) => k.name === 'RequestContext'));
});

test('Python: an unbounded cache grows once per run, held by the module global, from the LEAK line', async () => {
  const { report } = await runLeakFinder({ program: CACHE, call: 'handle_request', runs: 60, cwd: ROOT }, { timeoutMs: 120_000 });
  assert.equal(report.grew, true);
  const response = report.kinds[0]!;
  assert.equal(response.name, 'Response');
  assert.equal(response.countDelta, 60);
  assert.equal(response.retainerPath![0]!.text, 'leaky_cache._CACHE');
  assert.deepEqual(
    report.patterns.map((p) => p.id),
    ['cache-without-eviction'],
  );
  const leakLine = markedLine(CACHE, '# LEAK');
  assert.ok(
    report.sites.slice(0, 3).some((s) => s.line === leakLine),
    JSON.stringify(report.sites.slice(0, 3).map((s) => s.line)),
  );
});

test('Python: a bounded cache that fills up is not a leak', async () => {
  const { report } = await runLeakFinder({ program: CACHE, call: 'handle_request_bounded', runs: 150, cwd: ROOT }, { timeoutMs: 120_000 });
  assert.equal(report.grew, false);
  assert.deepEqual(report.patterns, []);
  assert.match(report.notes.join(' '), /did not continue/);
});

test('hotline leaks: --json output and exit code 1 on a leak; a missing operation exits 2 and lists what exists', async () => {
  let out = '';
  let err = '';
  const io = { stdout: (t: string) => void (out += t), stderr: (t: string) => void (err += t), cwd: ROOT };
  const code = await main(['leaks', CACHE, '--call', 'handle_request', '--runs', '20', '--json'], io);
  assert.equal(code, 1, err);
  const json = JSON.parse(out);
  assert.equal(json.kinds[0].name, 'Response');
  assert.equal(json.runs, 20);
  out = '';
  const missing = await main(['leaks', CACHE, '--call', 'main'], io);
  assert.equal(missing, 2);
  assert.match(err, /defines no function "main".*--call.*handle_request, handle_request_bounded/);
  err = '';
  assert.equal(await main(['leaks', LISTENER, '--call', 'nope', '--runs', '2'], io), 2);
  assert.match(err, /exports no function "nope".*handleRequest, handleRequestFixed/);
});

test('TypeScript: transpiled, run, and reported at the .ts lines (Map cache without eviction)', async () => {
  const TS = 'examples/memory/session_cache.ts';
  const { report } = await runLeakFinder({ program: TS, call: 'openSession', runs: 30, cwd: ROOT }, { timeoutMs: 120_000 });
  assert.equal(report.grew, true);
  assert.equal(report.program, join(ROOT, TS));
  const arrays = report.kinds.find((k) => k.name === 'Array')!;
  assert.ok(arrays.countDelta >= 30);
  assert.equal(arrays.allocatedAt![0]!.file, join(ROOT, TS));
  assert.equal(arrays.allocatedAt![0]!.line, markedLine(TS, 'new Array<number>(256)'));
  assert.ok(arrays.retainerPath!.some((s) => /\(context\) sessions/.test(s.text)) && arrays.retainerPath!.some((s) => s.text.startsWith('Map')));
  assert.ok(report.patterns.some((p) => p.id === 'cache-without-eviction'));
  assert.ok(!JSON.stringify(report).includes('session_cache.js:'), 'no generated .js positions left');
});
