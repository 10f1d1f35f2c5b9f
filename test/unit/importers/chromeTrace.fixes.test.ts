// Property tests for the Chrome trace-event and old head-tree .cpuprofile importers: random
// profiles written out and read back keep their totals; cuts and byte flips give a clean error
// or a whole result, never another exception.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { cpuProfileOf, type CpuProfileNode, damage, enc, flipped, profileOrNull, stacks, totalOf } from './propertyHelpers';

/** Trace events of the stacks: a Profile event and the samples spread over `chunks` ProfileChunks, nodes with parent links. */
function traceOf(st: [string[], number][], chunks: number, array: boolean): { bytes: Uint8Array; samples: number } {
  const { nodes, samples } = cpuProfileOf(st);
  const parent = new Map<number, number>();
  for (const n of nodes) for (const c of n.children) parent.set(c, n.id);
  const events: object[] = [
    { name: 'thread_name', ph: 'M', pid: 7, tid: 7, ts: 0, cat: '__metadata', args: { name: 'CrRendererMain' } },
    { name: 'Profile', ph: 'P', pid: 7, tid: 7, id: '0x1', ts: 10, args: { data: { startTime: 10 } } },
  ];
  const per = Math.ceil(samples.length / chunks);
  for (let c = 0; c * per < samples.length || c === 0; c++) {
    const part = samples.slice(c * per, (c + 1) * per);
    const chunkNodes =
      c === 0 ? nodes.map((n) => ({ id: n.id, callFrame: n.callFrame, ...(parent.has(n.id) ? { parent: parent.get(n.id) } : {}) })) : undefined;
    events.push({
      name: 'ProfileChunk',
      ph: 'P',
      pid: 7,
      tid: 9,
      id: '0x1',
      ts: 20 + c,
      args: {
        data: { cpuProfile: { ...(chunkNodes ? { nodes: chunkNodes } : {}), samples: part }, timeDeltas: part.map(() => 125), lines: part.map(() => 2) },
      },
    });
  }
  return { bytes: enc(JSON.stringify(array ? events : { traceEvents: events })), samples: samples.length };
}

test('property: trace events written and read back keep the sample count and time, in any chunking and either shape; cuts and flips never crash', async () => {
  await fc.assert(
    fc.asyncProperty(stacks, fc.integer({ min: 1, max: 7 }), fc.boolean(), damage, async (st, chunks, array, [cut, flips]) => {
      const { bytes, samples } = traceOf(st, chunks, array);
      const p = await profileOrNull('r.json', bytes);
      assert.ok(p && p.metadata.format === 'chrome-trace' && totalOf(p, 'samples') === samples);
      assert.equal(totalOf(p, 'cpu'), (samples - 1) * 125 * 1000);
      const q = await profileOrNull('r.json', bytes.subarray(0, Math.floor(bytes.length * cut)), 'chrome-trace');
      if (q) assert.equal(totalOf(q, 'samples'), samples);
      await profileOrNull('r.json', flipped(bytes, flips), 'chrome-trace');
    }),
    { numRuns: 100 },
  );
});

/** The old shape: a head tree with 1-based lines, seconds, absolute µs timestamps. */
function headOf(st: [string[], number][]): { bytes: Uint8Array; samples: number } {
  const { nodes, samples } = cpuProfileOf(st);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const tree = (n: CpuProfileNode): object => ({
    functionName: n.callFrame.functionName,
    url: n.callFrame.url,
    lineNumber: n.callFrame.lineNumber + 1,
    columnNumber: 1,
    hitCount: 0,
    id: n.id,
    children: n.children.map((c) => tree(byId.get(c)!)),
  });
  const timestamps = samples.map((_, i) => 5_000_000 + (i + 1) * 250);
  return {
    bytes: enc(JSON.stringify({ head: tree(nodes[0]!), startTime: 5, endTime: 5 + (samples.length + 1) * 250e-6, samples, timestamps })),
    samples: samples.length,
  };
}

test('property: old head-tree .cpuprofile written and read back keeps the sample count and time; cuts and flips never crash', async () => {
  await fc.assert(
    fc.asyncProperty(stacks, damage, async (st, [cut, flips]) => {
      const { bytes, samples } = headOf(st);
      const p = await profileOrNull('r.cpuprofile', bytes);
      assert.ok(p && p.metadata.format === 'cpuprofile-head' && totalOf(p, 'samples') === samples);
      assert.ok(Math.abs(totalOf(p, 'cpu') - samples * 250 * 1000) < 1);
      const q = await profileOrNull('r.cpuprofile', bytes.subarray(0, Math.floor(bytes.length * cut)), 'cpuprofile-head');
      if (q) assert.equal(totalOf(q, 'samples'), samples);
      await profileOrNull('r.cpuprofile', flipped(bytes, flips), 'cpuprofile-head');
    }),
    { numRuns: 100 },
  );
});
