// Goroutine and heap profiles of examples/long-running/go recorded by test/fixtures/go/record.sh
// (three of each, 1 s apart, from its /debug/pprof): the first-to-last diff matches Go's own
// `go tool pprof -top -diff_base`, the leaked goroutine is named by its channel wait and line, and the
// growing map by its allocation line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { importProfileFile } from '../../../src/core/importers/index';
import type { Profile } from '../../../src/core/model/profile';
import { diffProfiles } from '../../../src/core/model/views';
import { containerAt, growingHeapSites, heapSites } from '../../../src/core/memory/goHeap';
import { goroutineGroups, goroutineWait, growingGoroutines } from '../../../src/core/memory/goroutines';
import { formatGoLeakReport, goLeakReport } from '../../../src/core/memory/goLeakReport';
import { markedLine, ROOT } from './markedLine';

const MAIN = 'examples/long-running/go/main.go';
const fixture = (name: string) => join(ROOT, 'test', 'fixtures', 'go', name);
const load = (kind: string): Promise<Profile[]> => Promise.all([1, 2, 3].map((i) => importProfileFile(fixture(`${kind}-${i}.pb.gz`))));
const source = readFileSync(join(ROOT, MAIN), 'utf8');
const readSource = (file: string) => (basename(file) === 'main.go' ? source : null);

/** `go tool pprof -top` rows: flat and cum per function (bytes with -unit=B). */
function pprofTop(name: string): Map<string, { flat: number; cum: number }> {
  const rows = new Map<string, { flat: number; cum: number }>();
  const lines = readFileSync(fixture(name), 'utf8').split('\n');
  for (const line of lines.slice(lines.findIndex((l) => /^\s+flat\s+flat%/.test(l)) + 1)) {
    const m = /^\s*(-?[\d.]+)B?\s+\S+\s+\S+\s+(-?[\d.]+)B?\s+\S+\s+(.+?)(?: \(inline\))?$/.exec(line);
    if (m) rows.set(m[3]!, { flat: Number(m[1]), cum: Number(m[2]) });
  }
  assert.ok(rows.size > 0, `${name} has rows`);
  return rows;
}

/** diffProfiles' per-function figures for a weight, by name. */
function ours(base: Profile, next: Profile, weight: string) {
  const w = next.weightTypes.findIndex((t) => t.name === weight);
  const d = diffProfiles(base, next, { weight: w });
  return new Map(d.functions.map((f) => [f.name, { flat: f.deltaSelf, cum: f.nextTotal - f.baseTotal }]));
}

for (const [kind, weight] of [
  ['goroutine', 'goroutine'],
  ['heap', 'inuse_space'],
] as const) {
  test(`${kind} profiles, first to last: every function's flat and cum is what go tool pprof -diff_base shows`, async () => {
    const [a, , c] = await load(kind);
    const oracle = pprofTop(`${kind}.diff-top.txt`);
    const got = ours(a!, c!, weight);
    for (const [name, o] of oracle) {
      assert.equal(got.get(name)?.flat ?? 0, o.flat, `${name} flat`);
      assert.equal(got.get(name)?.cum ?? 0, o.cum, `${name} cum`);
    }
    for (const [name, g] of got) if (g.flat !== 0) assert.ok(oracle.has(name), `${name} (${g.flat}) is in pprof's list too`);
  });
}

test('goroutines grouped by stack: the leaked ones wait in a chan receive on the LEAK line, more in every snapshot', async () => {
  const snaps = await load('goroutine');
  const leakLine = markedLine(MAIN, '// LEAK');
  const groups = goroutineGroups(snaps[2]!);
  assert.equal(
    groups.reduce((a, g) => a + g.count, 0),
    snaps[2]!.sampleWeights.reduce((a, b) => a + b, 0),
    'every goroutine is in one group',
  );
  const top = groups[0]!;
  assert.equal(top.wait, 'chan receive');
  assert.equal(top.onChannel, true);
  assert.deepEqual({ name: top.blockedAt?.name, line: top.blockedAt?.line }, { name: 'main.awaitConfirmation', line: leakLine });
  assert.equal(top.stack[top.stack.length - 1]!.name, 'runtime.gopark', 'root first, the park leaf last');
  const growing = growingGoroutines(snaps);
  assert.equal(growing.length, 1, growing.map((g) => g.key).join('\n---\n'));
  assert.equal(growing[0]!.key, top.key);
  assert.equal(growing[0]!.counts[2], top.count);
  assert.ok(growing[0]!.counts[0]! > 0 && growing[0]!.counts[1]! > growing[0]!.counts[0]! && growing[0]!.counts[2]! > growing[0]!.counts[1]!);
  assert.deepEqual(growingGoroutines(snaps.slice(0, 2)), [], 'two snapshots are not enough to call it steady');
  // The HTTP server's accept loop waits in IO, not on a channel.
  const accept = groups.find((g) => g.stack.some((f) => f.name === 'net/http.(*Server).Serve'));
  assert.equal(accept?.wait, 'IO wait');
  assert.equal(accept?.onChannel, false);
});

test('the wait is named from the runtime frame the goroutine parks in', () => {
  const f = (name: string) => ({ name, file: null, line: null, column: null, kind: 'runtime' as const });
  assert.deepEqual(goroutineWait([f('runtime.gopark'), f('runtime.chansend'), f('runtime.chansend1')]), { wait: 'chan send', onChannel: true });
  assert.deepEqual(goroutineWait([f('runtime.gopark'), f('runtime.selectgo')]), { wait: 'select', onChannel: true });
  assert.deepEqual(goroutineWait([f('runtime.gopark'), f('runtime.block')]), { wait: 'select with no cases', onChannel: true });
  assert.deepEqual(goroutineWait([f('runtime.gopark'), f('runtime.goparkunlock'), f('sync.runtime_SemacquireMutex')]), { wait: 'mutex', onChannel: false });
  assert.deepEqual(goroutineWait([f('main.work')]), { wait: null, onChannel: false });
});

test('heap profiles: the site that grew in every interval is the GROWS line, and the map it grows is named', async () => {
  const snaps = await load('heap');
  const line = markedLine(MAIN, '// GROWS');
  const sites = growingHeapSites(snaps, readSource);
  const top = sites[0]!;
  assert.equal(top.function, 'main.handleOrder');
  assert.equal(basename(top.file!), 'main.go');
  assert.equal(top.line, line);
  assert.ok(top.bytes[1]! > top.bytes[0]! && top.bytes[2]! > top.bytes[1]!, `${top.bytes}`);
  // Per line, the function's -diff_base flat is split: the GROWS line and whichever others of handleOrder changed.
  const [first, last] = [heapSites(snaps[0]!), heapSites(snaps[2]!)];
  const lines = [...new Set([...first.keys(), ...last.keys()])].filter((k) => k.startsWith('main.handleOrder '));
  const delta = lines.reduce((a, k) => a + (last.get(k)?.bytes ?? 0) - (first.get(k)?.bytes ?? 0), 0);
  assert.equal(delta, pprofTop('heap.diff-top.txt').get('main.handleOrder')!.flat);
  assert.equal(top.sizeDelta, top.bytes[2]! - top.bytes[0]!);
  assert.deepEqual(top.container, { name: 'sessions', kind: 'map', declaredAt: markedLine(MAIN, 'sessions   = map[') });
});

test('containerAt: a store into a package-level map, an append to a package-level slice, nothing for locals', () => {
  const src = [
    'package main',
    'var seen = make(map[int]bool)',
    'var log []string',
    'func f(k int) {',
    '\tseen[k] = true',
    '\tlog = append(log, "x")',
    '\tlocal[k] = 1',
    '}',
  ].join('\n');
  assert.deepEqual(containerAt(src, 5), { name: 'seen', kind: 'map', declaredAt: 2 });
  assert.deepEqual(containerAt(src, 6), { name: 'log', kind: 'slice', declaredAt: 3 });
  assert.equal(containerAt(src, 7), undefined);
  assert.equal(containerAt(src, 4), undefined);
});

test('the report: a leak, both patterns with their lines, in text too', async () => {
  const [g, h] = await Promise.all([load('goroutine'), load('heap')]);
  const snapshots = g.map((goroutine, i) => ({ atMs: i * 1000, goroutine, heap: h[i]! }));
  const r = goLeakReport(snapshots, { program: 'examples/long-running/go', url: 'http://127.0.0.1:1/debug/pprof/', intervalMs: 1000, readSource });
  assert.equal(r.grew, true);
  assert.deepEqual(
    r.patterns.map((p) => p.id),
    ['goroutine-blocked-on-channel', 'unbounded-container-growth'],
  );
  assert.match(r.patterns[0]!.evidence, new RegExp(`chan receive at main\\.awaitConfirmation .*main\\.go:${markedLine(MAIN, '// LEAK')}`));
  assert.match(r.patterns[1]!.evidence, new RegExp(`map sessions .* main\\.handleOrder .*main\\.go:${markedLine(MAIN, '// GROWS')}`));
  assert.equal(
    r.snapshots[2]!.goroutines,
    goroutineGroups(g[2]!).reduce((a, x) => a + x.count, 0),
  );
  const text = formatGoLeakReport(r);
  assert.match(text, /^the Go service at .*: goroutines or live heap of the program grew in every interval: a leak$/m);
  assert.match(text, /Goroutine blocked on a channel/);
  assert.match(text, /chan receive in main\.awaitConfirmation/);
  assert.match(text, /\(grows map sessions\)/);
  // The same service before it had run long: one snapshot repeated is no growth.
  const still = goLeakReport([snapshots[0]!, snapshots[0]!, snapshots[0]!], { program: 'x', url: 'u', intervalMs: 1000 });
  assert.equal(still.grew, false);
  assert.deepEqual(still.patterns, []);
});
