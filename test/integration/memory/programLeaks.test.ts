// Whole-program leak watching on the long-running example server (no exported function): real
// heap snapshots at intervals over the inspector, and nothing left running afterwards, on Cancel too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { main } from '../../../src/cli/main';
import { runProgramLeaks } from '../../../src/profilers/memory/index';
import { ProfileCancelledError } from '../../../src/profilers/errors';
import { liveProcessGroups } from '../../../src/profilers/processTree';
import { groupMembers } from '../../../src/profilers/memory/rssSampler';
import { markedLine, ROOT } from '../../unit/memory/markedLine';

const SERVER = 'examples/long-running/server.js';

test('hotline leaks <server.js>: what grew in every interval is the listener added on the LEAK line, held by the emitter', async () => {
  let out = '';
  let err = '';
  const io = { stdout: (t: string) => void (out += t), stderr: (t: string) => void (err += t), cwd: ROOT };
  const code = await main(['leaks', SERVER, '--interval', '1', '--snapshots', '4', '--json'], io);
  assert.equal(code, 1, err);
  const report = JSON.parse(out);
  const leakLine = markedLine(SERVER, '// LEAK');
  assert.equal(report.grew, true);
  assert.equal(report.call, '');
  assert.equal(report.wholeProgram.snapshots.length, 4);
  assert.equal(report.files.length, 4);
  // The listener and the RequestContext it captures grow together, one each per request, and rank
  // first and second in either order (their byte figures are close; see README, limitations).
  const names = report.kinds.map((k: { name: string }) => k.name);
  const top = report.kinds.find((k: { name: string }) => k.name === `(closure) (anonymous) @ server.js:${leakLine}`);
  assert.ok(top && names.indexOf(top.name) <= 1, `the listener closure of the LEAK line ranks in the first two: ${names.slice(0, 5).join(' | ')}`);
  assert.deepEqual(new Set(names.slice(0, 2)), new Set([top.name, 'RequestContext']));
  assert.equal(top.counts.length, 4);
  for (let i = 1; i < 4; i++) assert.ok(top.counts[i] > top.counts[i - 1], `grew in every interval: ${top.counts}`);
  assert.equal(top.allocatedAt[0].file, join(ROOT, SERVER));
  assert.equal(top.allocatedAt[0].line, leakLine);
  assert.equal(top.allocatedAt[0].function, 'handle');
  assert.ok(
    top.retainerPath.some((s: { text: string }) => s.text === 'EventEmitter._events'),
    JSON.stringify(top.retainerPath),
  );
  const ctx = report.kinds.find((k: { name: string }) => k.name === 'RequestContext');
  assert.ok(ctx && ctx.counts.every((c: number, i: number) => i === 0 || c > ctx.counts[i - 1]), JSON.stringify(ctx));
  assert.ok(report.patterns.some((p: { id: string }) => p.id === 'listener-not-removed'));
  // --trace-gc: each heap snapshot forces full collections, so the run logged several.
  assert.ok(report.gc.byKind['mark-compact'] >= 4, JSON.stringify(report.gc));
  assert.ok(report.gc.pause.maxMs > 0 && report.gc.gcShare > 0 && report.gc.gcShare < 1);
  const floor = report.series.find((s: { name: string }) => s.name === 'heap after GC');
  assert.equal(floor?.timesMs.length, report.gc.events, 'one heap-after-GC point per GC event');
  assert.deepEqual(liveProcessGroups(), []);
});

test('text output names the pattern and the line; bad options exit 2', async () => {
  let out = '';
  let err = '';
  const io = { stdout: (t: string) => void (out += t), stderr: (t: string) => void (err += t), cwd: ROOT };
  assert.equal(await main(['leaks', SERVER, '--interval', '0.5', '--snapshots', '3'], io), 1, err);
  assert.match(out, /^the whole program, 3 heap snapshots 0\.5 s apart: objects the program allocated grew in every interval: a leak$/m);
  assert.match(out, /Listener not removed/);
  assert.match(out, /^GC: \d+ events \(.*mark-compact.*\) over [\d.]+ s$/m);
  assert.match(out, /^pauses: p50 [\d.]+ ms, p90 [\d.]+ ms, p99 [\d.]+ ms, max [\d.]+ ms, total [\d.]+ ms$/m);
  assert.match(out, /^time in GC: [\d.]+% /m);
  assert.match(out, new RegExp(`allocated at handle .*server\\.js:${markedLine(SERVER, '// LEAK')}$`, 'm'));
  assert.equal(await main(['leaks', SERVER, '--snapshots', '2'], io), 2);
  assert.equal(await main(['leaks', SERVER, '--interval', '1', '--call', 'handle'], io), 2);
  assert.match(err, /give one or the other/);
});

test('Cancel ends the program and its whole process group; no snapshot helper outlives the run', async () => {
  const ac = new AbortController();
  const running = runProgramLeaks({ program: SERVER, cwd: ROOT, intervalMs: 1000, snapshots: 10 }, { signal: ac.signal, timeoutMs: 60_000 });
  let pgid: number | undefined;
  for (let i = 0; i < 100 && pgid === undefined; i++) {
    await new Promise((r) => setTimeout(r, 50));
    pgid = liveProcessGroups()[0];
  }
  assert.ok(pgid !== undefined, 'the program started in a group of its own');
  await new Promise((r) => setTimeout(r, 1500));
  assert.ok(groupMembers(pgid).length > 0, 'running before Cancel');
  ac.abort();
  await assert.rejects(running, ProfileCancelledError);
  assert.deepEqual(groupMembers(pgid), []);
  assert.throws(() => process.kill(-pgid!, 0), { code: 'ESRCH' });
  assert.deepEqual(liveProcessGroups(), []);
});

const WORKER = 'examples/long-running/worker.py';

test('Python: hotline leaks <worker.py> finds the cache that grew in every interval, from the LEAK line, held by the module global', async () => {
  let out = '';
  let err = '';
  const io = { stdout: (t: string) => void (out += t), stderr: (t: string) => void (err += t), cwd: ROOT };
  const code = await main(['leaks', WORKER, '--interval', '1', '--snapshots', '4', '--json'], io);
  assert.equal(code, 1, err);
  const report = JSON.parse(out);
  const leakLine = markedLine(WORKER, '# LEAK');
  assert.equal(report.grew, true);
  assert.equal(report.language, 'python');
  assert.equal(report.wholeProgram.snapshots.length, 4);
  assert.equal(report.sites[0].file, join(ROOT, WORKER));
  assert.equal(report.sites[0].line, leakLine);
  assert.equal(report.sites[0].function, 'run_job');
  const cache = report.containers.find((c: { name: string }) => c.name === 'worker._RESULTS');
  assert.ok(cache && cache.lenAfter > cache.lenBefore, JSON.stringify(report.containers));
  const list = report.kinds.find((k: { name: string }) => k.name === 'list');
  for (let i = 1; i < 4; i++) assert.ok(list.counts[i] > list.counts[i - 1], `grew in every interval: ${list.counts}`);
  assert.equal(list.retainerPath[0].text, 'worker._RESULTS');
  assert.deepEqual(
    report.patterns.map((p: { id: string }) => p.id),
    ['cache-without-eviction'],
  );
  // gc.callbacks: every collection of the run, the watcher's full one before each snapshot among them.
  assert.ok(report.gc.byKind.gen2 >= 4, JSON.stringify(report.gc));
  assert.ok(report.gc.byKind.gen0 > 0 && report.gc.pause.maxMs > 0, JSON.stringify(report.gc));
  const floor = report.series.find((s: { name: string }) => s.name === 'heap after GC');
  assert.equal(floor?.timesMs.length, report.gc.events, 'one heap-after-GC point per collection');
  assert.deepEqual(liveProcessGroups(), []);
});
