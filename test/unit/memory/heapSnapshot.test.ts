import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nodeClassName, parseHeapSnapshot } from '../../../src/core/memory/heapSnapshot';
import { computeDominators } from '../../../src/core/memory/dominators';
import { compareHeapSnapshots } from '../../../src/core/memory/heapSnapshotDiff';
import { leakReportFromNode } from '../../../src/core/memory/leakAnalysis';
import { ProfileFormatError } from '../../../src/core/model/profile';

const NODE_TYPES = [
  'hidden',
  'array',
  'string',
  'object',
  'code',
  'closure',
  'regexp',
  'number',
  'native',
  'synthetic',
  'concatenated string',
  'sliced string',
  'symbol',
  'bigint',
  'object shape',
];
const EDGE_TYPES = ['context', 'element', 'property', 'internal', 'hidden', 'shortcut', 'weak'];

interface N {
  type: string;
  name: string;
  id: number;
  size: number;
  edges?: { type: string; name: string | number; to: number }[];
  trace?: number;
  loc?: { script: number; line: number; column: number };
}

/** Writes a V8 heap snapshot in the real field layout (Node 20's meta) from a readable node list. */
function snapshotJson(nodes: N[], trace?: { functions: [string, string, number, number, number][]; tree: unknown[] }): string {
  const strings: string[] = [''];
  const str = (s: string) => {
    let i = strings.indexOf(s);
    if (i < 0) i = strings.push(s) - 1;
    return i;
  };
  const NF = 7;
  const flatNodes: number[] = [];
  const flatEdges: number[] = [];
  const locations: number[] = [];
  nodes.forEach((n, i) => {
    flatNodes.push(NODE_TYPES.indexOf(n.type), str(n.name), n.id, n.size, n.edges?.length ?? 0, n.trace ?? 0, 0);
    for (const e of n.edges ?? []) flatEdges.push(EDGE_TYPES.indexOf(e.type), typeof e.name === 'number' ? e.name : str(e.name), e.to * NF);
    if (n.loc) locations.push(i * NF, n.loc.script, n.loc.line, n.loc.column);
  });
  const functionInfos: number[] = [];
  (trace?.functions ?? []).forEach(([name, script, scriptId, line, column], i) => functionInfos.push(i, str(name), str(script), scriptId, line, column));
  return JSON.stringify({
    snapshot: {
      meta: {
        node_fields: ['type', 'name', 'id', 'self_size', 'edge_count', 'trace_node_id', 'detachedness'],
        node_types: [NODE_TYPES, 'string', 'number', 'number', 'number', 'number', 'number'],
        edge_fields: ['type', 'name_or_index', 'to_node'],
        edge_types: [EDGE_TYPES, 'string_or_number', 'node'],
        trace_function_info_fields: ['function_id', 'name', 'script_name', 'script_id', 'line', 'column'],
        trace_node_fields: ['id', 'function_info_index', 'count', 'size', 'children'],
        location_fields: ['object_index', 'script_id', 'line', 'column'],
      },
      node_count: nodes.length,
      edge_count: flatEdges.length / 3,
    },
    nodes: flatNodes,
    edges: flatEdges,
    trace_function_infos: functionInfos,
    trace_tree: trace?.tree ?? [],
    locations,
    strings,
  });
}

const APP = '/app/server.js';
const SOURCE = ['function handle(req) {', '  const item = new Item(req);', '  cache.set(req, item);', '}'].join('\n');

/** root -> global.cache (Map) -> table -> Item instances; `items` = ids of the Items. */
function cacheHeap(items: number[], withTrace: boolean, runtime: N[] = []): string {
  const itemStart = 5;
  const nodes: N[] = [
    { type: 'synthetic', name: '', id: 1, size: 0, edges: [{ type: 'element', name: 1, to: 1 }] },
    {
      type: 'object',
      name: 'Object',
      id: 3,
      size: 32,
      edges: [
        { type: 'property', name: 'cache', to: 2 },
        { type: 'property', name: 'onTick', to: 4 },
      ],
    },
    { type: 'object', name: 'Map', id: 5, size: 32, edges: [{ type: 'internal', name: 'table', to: 3 }] },
    { type: 'array', name: '', id: 7, size: 16 + 8 * items.length, edges: items.map((_, k) => ({ type: 'element', name: k, to: itemStart + k })) },
    { type: 'closure', name: 'onTick', id: 9, size: 64, edges: [{ type: 'weak', name: 'w', to: 2 }], loc: { script: 42, line: 9, column: 0 } },
  ];
  for (const id of items)
    nodes.push({ type: 'object', name: 'Item', id, size: 100, trace: withTrace && id > 101 ? 2 : 0, loc: { script: 42, line: 0, column: 0 } });
  nodes.push(...runtime);
  return snapshotJson(
    nodes,
    withTrace
      ? {
          functions: [
            ['(root)', '', 0, 0, 0],
            ['handle', APP, 42, 1, 16],
          ],
          tree: [1, 0, 0, 0, [2, 1, 2, 200, []]],
        }
      : undefined,
  );
}

test('parse: fields, kinds by constructor, closures named with their definition', () => {
  const s = parseHeapSnapshot(cacheHeap([101, 103], true));
  assert.equal(s.nodeCount, 7);
  assert.equal(nodeClassName(s, 1), 'Object');
  assert.equal(nodeClassName(s, 2), 'Map');
  assert.equal(nodeClassName(s, 3), '(array)');
  assert.equal(nodeClassName(s, 4), '(closure) onTick @ server.js:10');
  assert.equal(s.totalSize, 32 + 32 + 32 + 64 + 200);
  assert.deepEqual(
    s.traceStacks.get(2)!.map((f) => [f.name, f.file, f.line]),
    [
      ['handle', APP, 1],
      ['(root)', '', 0],
    ],
  );
});

test('dominators: the Map retains its table and every item; weak edges retain nothing', () => {
  const s = parseHeapSnapshot(cacheHeap([101, 103, 105], false));
  const d = computeDominators(s);
  assert.equal(d.retainedSize[2], 32 + 40 + 300);
  assert.equal(d.idom[5], 3); // an Item is dominated by the table
  assert.equal(d.retainedSize[1], 32 + 372 + 64);
  assert.equal(d.retainedSize[4], 64); // the closure's weak edge to the Map keeps nothing
});

test('diff: counts the new instances by kind, finds the line that allocates them and what holds them', () => {
  const before = parseHeapSnapshot(cacheHeap([101], false));
  const after = parseHeapSnapshot(cacheHeap([101, 103, 105], true));
  const diff = compareHeapSnapshots(before, after, { runs: 2, readSource: (f) => (f === APP ? SOURCE : null) });
  const item = diff.kinds[0]!;
  assert.equal(item.name, 'Item');
  assert.deepEqual([item.countBefore, item.countAfter, item.countDelta, item.sizeDelta], [1, 3, 2, 200]);
  assert.equal(item.retainedDelta, 200);
  assert.deepEqual(item.definedAt, { file: APP, line: 1 });
  assert.equal(item.allocatedAt![0]!.function, 'handle');
  assert.equal(item.allocatedAt![0]!.line, 2, 'refined from the function start to the `new Item(` line');
  assert.equal(item.allocatedAt![0]!.lineIsFunctionStart, false);
  assert.deepEqual(
    item.retainerPath!.map((s) => s.text),
    ['Object.cache', 'Map (table)', '(array)[1]', 'Item'],
  );
  assert.equal(diff.sites[0]!.countDelta, 2);
  // Nothing else grew in count.
  assert.deepEqual(
    diff.kinds.map((k) => k.name),
    ['Item'],
  );
});

test("diff: a kind that grew less than once per run and is the runtime's own is left out, and counted in a note", () => {
  const before = parseHeapSnapshot(cacheHeap([101], false));
  // One more EventEmitter of the runtime (no allocation stack under the program, no location in it).
  const after = parseHeapSnapshot(cacheHeap([101, 103, 105], true, [{ type: 'object', name: 'EventEmitter', id: 201, size: 56 }]));
  const diff = compareHeapSnapshots(before, after, { runs: 2, readSource: (f) => (f === APP ? SOURCE : null) });
  assert.deepEqual(
    diff.kinds.map((k) => k.name),
    ['Item'],
  );
  assert.ok(
    diff.notes.some((n) => /^1 other kind of object grew by fewer instances than runs/.test(n)),
    diff.notes.join(' | '),
  );
  // Alone, it is still shown: nothing better to show.
  const only = compareHeapSnapshots(
    parseHeapSnapshot(cacheHeap([101], false)),
    parseHeapSnapshot(cacheHeap([101], false, [{ type: 'object', name: 'EventEmitter', id: 201, size: 56 }])),
    { runs: 2 },
  );
  assert.deepEqual(
    only.kinds.map((k) => k.name),
    ['EventEmitter'],
  );
});

test('a Node leak run with steady growth names the cache pattern; without a second-round growth it does not', () => {
  const before = parseHeapSnapshot(cacheHeap([101], false));
  const after = parseHeapSnapshot(cacheHeap([101, 103, 105], true));
  const run = {
    format: 'hotline-leaks-node-run' as const,
    program: APP,
    call: 'handle',
    runs: 2,
    warmup: 1,
    firstRoundGrowth: 40_000,
    secondRoundGrowth: 40_000,
  };
  const leak = leakReportFromNode(run, before, after);
  assert.equal(leak.grew, true);
  assert.deepEqual(
    leak.patterns.map((p) => p.id),
    ['cache-without-eviction'],
  );
  assert.match(leak.patterns[0]!.evidence, /Object\.cache -> Map \(table\)/);
  const settled = leakReportFromNode({ ...run, secondRoundGrowth: 0 }, before, after);
  assert.equal(settled.grew, false);
  assert.deepEqual(settled.patterns, []);
  assert.match(settled.notes.join(' '), /did not continue/);
});

test('malformed snapshots are rejected with the reason', () => {
  assert.throws(
    () => parseHeapSnapshot('{"nodes": []}', 'x.heapsnapshot'),
    (e: Error) => e instanceof ProfileFormatError && /x\.heapsnapshot/.test(e.message),
  );
  const bad = JSON.parse(cacheHeap([101], false));
  bad.edges[2] = 9999 * 7;
  assert.throws(() => parseHeapSnapshot(JSON.stringify(bad)), /points outside the node table/);
});
