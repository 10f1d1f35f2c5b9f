// Page memory on real Chromium heap snapshots (test/fixtures/page-memory/, recorded by record.ts with
// Hotline's own capture): page.html + leak.js, three snapshots after a warm-up click and 5 and 10 more
// clicks of #leak, and of #tidy as the control. The oracles are what the page itself does (leak.js:
// each #leak click keeps NODES_PER_CLICK detached elements and adds one window listener, onScroll at
// its marked line; #tidy keeps nothing) and DevTools' rule for a detached node (detachedness 2),
// counted here straight from the snapshot JSON with JSON.parse.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { HeapSnapshot } from '../../../src/core/memory/heapSnapshot';
import { readHeapSnapshot } from '../../../src/core/memory/heapSnapshotReader';
import { pageMemoryHtml } from '../../../src/core/page/pageMemoryPage';
import { assertStrictPage } from '../strictPage';
import { detachedNodeCount, formatPageMemoryReport, pageMemoryReport, type ScriptLocator } from '../../../src/core/page/pageMemory';

const FIXTURES = join(__dirname, '../../fixtures/page-memory');
const REPEAT = 5;
const leakJs = readFileSync(join(FIXTURES, 'leak.js'), 'utf8');
const NODES_PER_CLICK = Number(/const NODES_PER_CLICK = (\d+);/.exec(leakJs)![1]);
const listenerLine = leakJs.split('\n').findIndex((l) => l.includes('// fixture: listener')) + 1;

const raw = (action: string, i: number) => gunzipSync(readFileSync(join(FIXTURES, `${action}-${i}.heapsnapshot.gz`)));
const snaps = (action: string): HeapSnapshot[] => [0, 1, 2].map((i) => readHeapSnapshot([raw(action, i)], `${action}-${i}.heapsnapshot`));
/** The recorded scripts (snapshot script id -> path on the fixture server) as files of the fixture folder. */
const locator = (action: string): ScriptLocator => {
  const scripts = JSON.parse(readFileSync(join(FIXTURES, `${action}.scripts.json`), 'utf8')) as Record<string, string>;
  return (id, line, column) => (scripts[id] ? { file: join(FIXTURES, scripts[id].slice(1)), line, column } : undefined);
};

/** DevTools' rule, straight from the JSON: native nodes whose detachedness field is 2. */
function devtoolsDetached(buf: Buffer): number {
  const j = JSON.parse(buf.toString('utf8')) as { snapshot: { meta: { node_fields: string[]; node_types: [string[]] } }; nodes: number[] };
  const f = j.snapshot.meta.node_fields;
  const [typeF, detF] = [f.indexOf('type'), f.indexOf('detachedness')];
  assert.ok(detF >= 0, 'Chromium writes the detachedness field');
  const native = j.snapshot.meta.node_types[0].indexOf('native');
  let n = 0;
  for (let k = 0; k < j.nodes.length; k += f.length) if (j.nodes[k + typeF] === native && j.nodes[k + detF] === 2) n++;
  return n;
}

const leak = pageMemoryReport(snaps('leak'), { url: 'http://127.0.0.1/page.html', action: '#leak', repeat: REPEAT, locate: locator('leak') });
const tidy = pageMemoryReport(snaps('tidy'), { url: 'http://127.0.0.1/page.html', action: '#tidy', repeat: REPEAT, locate: locator('tidy') });

test('detached nodes are counted by DevTools rule and grow by exactly what each click keeps', () => {
  const byRule = [0, 1, 2].map((i) => devtoolsDetached(raw('leak', i)));
  assert.deepEqual(
    snaps('leak').map((s) => detachedNodeCount(s)),
    byRule,
  );
  // The warm-up click kept one subtree; every later click keeps NODES_PER_CLICK more.
  assert.deepEqual(leak.page.clicks, [0, REPEAT, 2 * REPEAT]);
  assert.deepEqual(
    leak.page.detachedNodes,
    [1, 1 + REPEAT, 1 + 2 * REPEAT].map((c) => c * NODES_PER_CLICK),
  );
});

test('the detached groups are the elements the page builds, one of each per click', () => {
  assert.deepEqual(leak.page.detached.map((d) => d.name).sort(), ['Detached <b>', 'Detached <p>', 'Detached <section>']);
  for (const d of leak.page.detached) assert.deepEqual(d.counts, [1, 1 + REPEAT, 1 + 2 * REPEAT], d.name);
});

test('one listener per click, its function named at its line of leak.js', () => {
  const [a, b, c] = leak.page.listeners.counts as [number, number, number];
  assert.deepEqual([b - a, c - b], [REPEAT, REPEAT]);
  assert.equal(leak.page.listeners.closures.length, 1);
  const fn = leak.page.listeners.closures[0]!;
  assert.equal(fn.name, `(closure) onScroll @ leak.js:${listenerLine}`);
  assert.deepEqual(fn.counts, [1, 1 + REPEAT, 1 + 2 * REPEAT]);
  assert.deepEqual(fn.definedAt, { file: join(FIXTURES, 'leak.js'), line: listenerLine });
});

test('both page patterns are named, with the evidence', () => {
  assert.equal(leak.grew, true);
  assert.deepEqual(leak.patterns.map((p) => p.id).sort(), ['detached-dom-retained', 'listener-not-removed']);
  const listener = leak.patterns.find((p) => p.id === 'listener-not-removed')!;
  assert.match(listener.evidence, new RegExp(`onScroll @ leak\\.js:${listenerLine} defined at .*leak\\.js:${listenerLine}`));
  const text = formatPageMemoryReport(leak);
  assert.match(text, new RegExp(`detached DOM nodes ${leak.page.detachedNodes.join(' -> ')}`));
  assert.match(text, /Detached <section> {2}1 -> 6 -> 11 {2}e\.g\. <section/);
});

test('control: an action that keeps nothing reports no leak', () => {
  assert.deepEqual(tidy.page.detachedNodes, [0, 0, 0]);
  assert.deepEqual(
    [0, 1, 2].map((i) => devtoolsDetached(raw('tidy', i))),
    [0, 0, 0],
  );
  assert.equal(tidy.grew, false);
  assert.deepEqual(tidy.patterns, []);
  assert.deepEqual(tidy.page.detached, []);
  assert.deepEqual(tidy.page.listeners.closures, []);
  assert.match(formatPageMemoryReport(tidy), /nothing grew once per click/);
});

test("retainer paths leave out Blink's C++ holders and name the page's own variables", () => {
  const section = leak.page.detached.find((d) => d.name === 'Detached <section>')!;
  const path = section.retainerPath!.map((s) => s.text);
  // leak.js keeps each section in its top-level `kept` array.
  assert.match(path.join(' -> '), /\(context\) kept -> Array\[\d+\] -> Detached <section>$/);
  const listener = leak.page.listeners.closures[0]!.retainerPath!.map((s) => s.text);
  assert.ok(
    listener.some((t) => t.startsWith('Window')),
    listener.join(' -> '),
  );
  for (const steps of [path, listener, ...leak.kinds.map((k) => (k.retainerPath ?? []).slice(0, -1).map((s) => s.text))])
    for (const t of steps) assert.doesNotMatch(t, /^(blink|cppgc)::|^EventListener\b/, steps.join(' -> '));
});

test('the Page Memory panel: strict page, the figures and names shown escaped', () => {
  const hostile = { ...leak, page: { ...leak.page, action: '<img src=x onerror=alert(1)>', url: 'http://127.0.0.1/"><script>x()</script>' } };
  const html = pageMemoryHtml(hostile, { nonce: 'n0nce', cspSource: 'vscode-webview://x' });
  assertStrictPage(html, 'n0nce');
  assert.ok(!html.includes('<img src=x'), 'the selector is escaped');
  assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;'));
  assert.ok(html.includes(`(closure) onScroll @ leak.js:${listenerLine}`));
  assert.ok(html.includes(`data-pattern="listener-not-removed"`));
  assert.ok(html.includes(leak.page.detachedNodes.join(' → ')));
  assert.match(pageMemoryHtml(tidy, { nonce: 'n0nce', cspSource: 'vscode-webview://x' }), /id="verdict">Nothing grew once per click: no leak found/);
});
