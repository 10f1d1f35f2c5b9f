// The chunked heap snapshot reader on a real snapshot (test/fixtures/memory/labelled.heapsnapshot.gz,
// recorded by record.sh from labelled_heap.js through the leak finder's inspector helper): V8's own
// figures (meta node_count / edge_count, the self_size column, the strings) as JSON.parse reads
// them are the oracle; split anywhere, the chunks give the same model as the whole text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { HeapSnapshot, parseHeapSnapshot } from '../../../src/core/memory/heapSnapshot';
import { readHeapSnapshot } from '../../../src/core/memory/heapSnapshotReader';
import { ProfileFormatError } from '../../../src/core/model/profile';
import { fileSlices } from '../../../src/profilers/fileSlices';
import { readSnapshot } from '../../../src/profilers/memory/leakFinder';

const FIXTURE = join(__dirname, '../../fixtures/memory/labelled.heapsnapshot.gz');
const bytes = gunzipSync(readFileSync(FIXTURE));
const text = bytes.toString('utf8');
const SOURCE = 'labelled.heapsnapshot';
const whole = readHeapSnapshot([bytes], SOURCE);
// The program's own strings (the fixture's source), to check escapes decode to what it held.
const { labels } = require('../../fixtures/memory/labelled_heap.js') as { labels: string[] };

interface Raw {
  snapshot: { meta: { node_fields: string[]; edge_fields: string[]; location_fields: string[] }; node_count: number; edge_count: number };
  nodes: number[];
  edges: number[];
  locations: number[];
  trace_tree: unknown[];
  strings: string[];
}

/** `buf` cut at each offset in `cuts` (any order, duplicates and out-of-range ones ignored). */
function split(buf: Buffer, cuts: number[]): Buffer[] {
  const at = [...new Set(cuts.filter((c) => c > 0 && c < buf.length))].sort((a, b) => a - b);
  const parts: Buffer[] = [];
  let from = 0;
  for (const c of at) {
    parts.push(buf.subarray(from, c));
    from = c;
  }
  parts.push(buf.subarray(from));
  return parts;
}

function offsetOf(buf: Buffer, needle: string): number {
  const i = buf.indexOf(needle);
  assert.ok(i >= 0, `the fixture holds ${needle}`);
  return i;
}

test("the model holds V8's own figures: node and edge counts of the meta, every self size, strings, locations, trace nodes", () => {
  const raw = JSON.parse(text) as Raw;
  const NF = raw.snapshot.meta.node_fields.length;
  const EF = raw.snapshot.meta.edge_fields.length;
  const size = raw.snapshot.meta.node_fields.indexOf('self_size');
  assert.equal(whole.nodeCount, raw.snapshot.node_count);
  assert.equal(whole.edgeTo.length, raw.snapshot.edge_count);
  let total = 0;
  for (let i = 0; i < whole.nodeCount; i++) {
    assert.equal(whole.selfSize[i], raw.nodes[i * NF + size], `self size of node ${i}`);
    total += raw.nodes[i * NF + size]!;
  }
  assert.equal(whole.totalSize, total);
  for (let j = 0; j < whole.edgeTo.length; j++) assert.equal(whole.edgeTo[j]! * NF, raw.edges[j * EF + 2], `target of edge ${j}`);
  assert.equal(whole.firstEdge[whole.nodeCount], raw.snapshot.edge_count);
  assert.deepEqual(whole.strings, raw.strings);
  const L = raw.snapshot.meta.location_fields.length;
  assert.ok(raw.locations.length > 0);
  for (let k = 0; k < raw.locations.length; k += L) {
    assert.deepEqual(whole.locations.get(raw.locations[k]! / NF), {
      scriptId: raw.locations[k + 1],
      line: raw.locations[k + 2]! + 1,
      column: raw.locations[k + 3]! + 1,
    });
  }
  let traceNodes = 0;
  const walk = (list: unknown[]) => {
    for (let k = 0; k < list.length; k += 5) {
      traceNodes++;
      walk(list[k + 4] as unknown[]);
    }
  };
  walk(raw.trace_tree);
  assert.equal(whole.traceStacks.size, traceNodes);
  // Escapes (\", \\, \t, \n, \r, \u0001, \u00E9, \uXXXX for CJK) decode to the program's own strings.
  for (const label of [labels[0]!, labels[1]!]) assert.ok(whole.strings.includes(label), JSON.stringify(label.slice(0, 40)));
  // The thin whole-text wrapper is the same reader.
  assert.deepEqual(parseHeapSnapshot(text, SOURCE), whole);
});

test('cut at every byte of a window around each hard spot (meta keys, escapes, long numbers, nested trace tree, the end), the chunks read the same', () => {
  const spots = [
    offsetOf(bytes, '"node_fields"'),
    offsetOf(bytes, '"node_count"'),
    offsetOf(bytes, ',7670,'),
    offsetOf(bytes, '"edges"'),
    offsetOf(bytes, '"trace_tree":[') + 14,
    offsetOf(bytes, '"locations"'),
    offsetOf(bytes, '"strings"'),
    offsetOf(bytes, 'caf\\u00E9 \\"quoted\\" back\\\\slash'),
    offsetOf(bytes, 'emoji \\u'),
    bytes.length - 40,
  ];
  for (let k = -2; k < 30; k++) {
    const parts = split(
      bytes,
      spots.map((s) => s + k),
    );
    assert.deepEqual(readHeapSnapshot(parts, SOURCE), whole, `cut at spot + ${k}`);
  }
  // One byte at a time through the meta and into the first nodes.
  const head = offsetOf(bytes, '"nodes"') + 200;
  const bytewise = [...Array.from({ length: head }, (_, i) => bytes.subarray(i, i + 1)), bytes.subarray(head)];
  assert.deepEqual(readHeapSnapshot(bytewise, SOURCE), whole);
});

test('the same snapshot with its non-ASCII written as UTF-8 (2- and 3-byte characters) reads the same, cut inside a character or anywhere at random', () => {
  // V8 escapes every non-ASCII character; JSON.stringify writes them raw, the way another writer may.
  const utf8 = Buffer.from(JSON.stringify(JSON.parse(text)), 'utf8');
  assert.ok(utf8.length > bytes.length * 0.5);
  const expected = readHeapSnapshot([utf8], SOURCE);
  assert.deepEqual(expected.strings, whole.strings);
  const spots = [offsetOf(utf8, 'caf\u00e9'), offsetOf(utf8, '\u65e5\u672c'), offsetOf(utf8, 'emoji ')];
  for (let k = 0; k < 10; k++) {
    assert.deepEqual(
      readHeapSnapshot(
        split(
          utf8,
          spots.map((s) => s + k),
        ),
        SOURCE,
      ),
      expected,
      `cut at spot + ${k}`,
    );
  }
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 1, max: utf8.length - 1 }), { minLength: 1, maxLength: 40 }), (cuts) => {
      assert.deepEqual(readHeapSnapshot(split(utf8, cuts), SOURCE), expected);
    }),
    { numRuns: 8 },
  );
});

/** The error `f` throws, checked to be one ProfileFormatError line naming the file. */
function formatError(f: () => unknown, source: string): string {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof ProfileFormatError, String(e));
    assert.ok(e.message.startsWith(`${source}: not a valid heapsnapshot profile`), e.message);
    assert.doesNotMatch(e.message, /\n/);
    return e.message;
  }
  assert.fail('no error');
}

test('a truncated or corrupt snapshot is one clear error naming the file and the byte', () => {
  for (const cut of [50, offsetOf(bytes, '"nodes"') + 1000, offsetOf(bytes, '"strings"') + 3000, bytes.length - 1]) {
    const message = formatError(() => readHeapSnapshot(split(bytes.subarray(0, cut), [cut >> 1]), SOURCE), SOURCE);
    assert.match(message, new RegExp(`unexpected end of input.* at byte \\d+`), `cut at ${cut}`);
  }
  const corrupt = Buffer.from(bytes);
  const at = offsetOf(bytes, ',7670,') + 1;
  corrupt[at] = 'x'.charCodeAt(0);
  assert.match(
    formatError(() => readHeapSnapshot(split(corrupt, [at]), SOURCE), SOURCE),
    new RegExp(`unexpected character "x" at byte ${at}`),
  );
  assert.match(
    formatError(() => readHeapSnapshot([], SOURCE), SOURCE),
    /the file is empty/,
  );
  assert.match(
    formatError(() => readHeapSnapshot(['[1, 2]'], SOURCE), SOURCE),
    /expected one JSON object/,
  );
  assert.match(
    formatError(() => readHeapSnapshot(['{"nodes": [1], "snapshot": {}}'], SOURCE), SOURCE),
    /"nodes" comes before "snapshot.meta"/,
  );
  const head = text.slice(0, offsetOf(bytes, '"nodes"'));
  assert.match(
    formatError(() => readHeapSnapshot([head, '"nodes": [9, "a"]}'], SOURCE), SOURCE),
    /"nodes" holds a non-number \("a"\)/,
  );
  assert.match(
    formatError(() => readHeapSnapshot([head, '"nodes": {}}'], SOURCE), SOURCE),
    /"nodes" is not an array/,
  );
  assert.match(
    formatError(() => readHeapSnapshot([head, '"nodes": [], "edges": [], "strings": []}'], SOURCE), SOURCE),
    /"snapshot.node_count" is 40895 but "nodes" holds 0/,
  );
  assert.match(
    formatError(() => readHeapSnapshot([text.replace('"strings"', '"strangs"')], SOURCE), SOURCE),
    /expected "snapshot.meta", "nodes", "edges" and "strings"/,
  );
});

test('the leak finder reads snapshot files in slices: the same model at any slice size; a truncated file names its path', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-heap-reader-'));
  try {
    const file = join(dir, 'after.heapsnapshot');
    writeFileSync(file, bytes);
    const viaLeakFinder: HeapSnapshot = readSnapshot(file);
    assert.deepEqual(viaLeakFinder, whole);
    assert.deepEqual(readHeapSnapshot(fileSlices(file, 4093), file), whole);
    const cut = join(dir, 'cut.heapsnapshot');
    writeFileSync(cut, bytes.subarray(0, bytes.length >> 1));
    assert.match(
      formatError(() => readSnapshot(cut), cut),
      /unexpected end of input/,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
