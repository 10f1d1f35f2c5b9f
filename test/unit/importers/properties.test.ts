// Property tests for the importers whose own test files hold only recorded fixtures: callgrind,
// pstats_to_json.py's JSON (what raw .pstats files are converted to), tracemalloc_profile.py's JSON and
// the V8 sampling heap profile. Random valid documents written out and read back keep their totals;
// cuts and byte flips end in a clean ProfileFormatError or a profile whose totals are bounded.
// (Raw .pstats and Go execution traces are read by their own tool, Python and `go tool trace`, into
// these JSON and pprof shapes; pprof's property test is in pprof.fixes.test.ts.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { totalWeight } from '../../../src/core/model/profile';
import { damage, enc, flipped, frameName, profileOrNull, stacks, totalOf } from './propertyHelpers';

/** Runs the three checks on one written document: read back, cut anywhere, flipped bytes. */
async function roundTrip(
  name: string,
  text: string,
  format: string,
  cut: number,
  flips: [number, number][],
  whole: (p: NonNullable<Awaited<ReturnType<typeof profileOrNull>>>) => void,
  bound: number,
  weight?: string,
) {
  const p = await profileOrNull(name, enc(text), format);
  assert.ok(p, `the written ${format} document is read`);
  whole(p);
  const total = (q: NonNullable<typeof p>) => (weight ? totalOf(q, weight) : totalWeight(q));
  const q = await profileOrNull(name, enc(text.slice(0, Math.floor(text.length * cut))), format);
  if (q) assert.ok(total(q) <= bound + 1e-6, `a cut document never weighs more than the whole: ${total(q)} > ${bound}`);
  await profileOrNull(name, flipped(enc(text), flips), format);
}

const fnCosts = fc.array(fc.tuple(frameName, fc.array(fc.tuple(fc.integer({ min: 1, max: 500 }), fc.nat({ max: 1e9 })), { minLength: 1, maxLength: 5 })), {
  minLength: 1,
  maxLength: 8,
});

test('property: random callgrind files (self costs and calls=) read back with the same self total; cuts and flips give an error or a bounded profile', async () => {
  await fc.assert(
    fc.asyncProperty(fnCosts, damage, async (fns, [cut, flips]) => {
      // Each function after the first is called once by the first; a call's cost line is the callee's
      // inclusive cost at the call site, which callgrind does not add to the caller's self cost.
      const self = fns.map(([, lines]) => lines.reduce((a, [, c]) => a + c, 0));
      const body = fns
        .map(([name, lines], i) => {
          const calls =
            i === 0
              ? fns
                  .slice(1)
                  .map(([callee], j) => `cfn=(${j + 2}) ${callee}_${j + 1}\ncalls=1 ${j + 2}\n${lines[0]![0]} ${self[j + 1]}`)
                  .join('\n')
              : '';
          // A name compressed at its first use (cfn=) is only its id afterwards, as callgrind writes it.
          return `fl=(${i + 1}) /src/f${i}.c\nfn=(${i + 1})${i === 0 ? ` ${name}_0` : ''}\n${lines.map(([l, c]) => `${l} ${c}`).join('\n')}${calls ? `\n${calls}` : ''}`;
        })
        .join('\n\n');
      const total = self.reduce((a, b) => a + b, 0);
      const text = `# callgrind format\nversion: 1\ncreator: callgrind-3.19.0\npositions: line\nevents: Ir\nsummary: ${total}\n\n${body}\n`;
      await roundTrip(
        'callgrind.out.7',
        text,
        'callgrind',
        cut,
        flips,
        (p) => {
          assert.equal(totalWeight(p), total);
          assert.equal(p.metadata.stacksAreSynthetic, true);
        },
        total,
      );
    }),
    { numRuns: 150 },
  );
});

const pstatsFns = fc.array(fc.tuple(frameName, fc.integer({ min: 1, max: 900 }), fc.integer({ min: 0, max: 5000 }), fc.nat({ max: 20 })), {
  minLength: 1,
  maxLength: 10,
});

test("property: random pstats_to_json.py documents read back with the sum of the functions' own times; cuts and flips give an error or a bounded profile", async () => {
  await fc.assert(
    fc.asyncProperty(pstatsFns, damage, async (fns, [cut, flips]) => {
      // Function i is called by function i-1 (a chain; the first has no caller), tt in microseconds.
      const functions = fns.map(([name, line, ttUs, nc], i) => {
        const tt = ttUs / 1e6;
        const ct = fns.slice(i).reduce((a, f) => a + f[2], 0) / 1e6;
        return { file: `/app/m${i % 3}.py`, line, name, cc: nc + 1, nc: nc + 1, tt, ct, callers: i ? [[i - 1, nc + 1, nc + 1, tt, ct]] : [] };
      });
      const text = JSON.stringify({ format: 'hotline-pstats', version: 1, python: '3.11.9', functions });
      const totalNs = fns.reduce((a, f) => a + f[2], 0) * 1e3;
      await roundTrip(
        'out.pstats.json',
        text,
        'pstats-json',
        cut,
        flips,
        (p) => assert.ok(Math.abs(totalWeight(p) - totalNs) < 1e-3 * fns.length, `${totalWeight(p)} vs ${totalNs}`),
        totalNs,
      );
    }),
    { numRuns: 150 },
  );
});

test('property: random tracemalloc documents read back with the bytes and blocks of their stacks; cuts and flips give an error or a bounded profile', async () => {
  await fc.assert(
    fc.asyncProperty(stacks, fc.nat({ max: 9 }), damage, async (st, unknownFrames, [cut, flips]) => {
      const frames: [string, number, string][] = [];
      const index = new Map<string, number>();
      const frameOf = (name: string) => {
        let i = index.get(name);
        if (i === undefined) index.set(name, (i = frames.push([`/app/${name.length % 3}.py`, name.length, name]) - 1));
        return i;
      };
      const snapStacks = st.map(([names, n]) => ({ frames: names.map(frameOf), size: n * 64, count: n }));
      // Stacks pointing past the frame table are dropped with a note, never counted.
      for (let k = 0; k < unknownFrames % 3; k++) snapStacks.push({ frames: [frames.length + k], size: 1e6, count: 1 });
      const bytes = st.reduce((a, [, n]) => a + n * 64, 0);
      const blocks = st.reduce((a, [, n]) => a + n, 0);
      const text = JSON.stringify({
        format: 'hotline-tracemalloc',
        version: 1,
        python: '3.11.9',
        frames,
        snapshots: { peak: { bytes, blocks, stacks: snapStacks } },
      });
      await roundTrip(
        'mem.tracemalloc.json',
        text,
        'tracemalloc',
        cut,
        flips,
        (p) => {
          assert.equal(totalOf(p, 'inuse_space'), bytes);
          assert.equal(totalOf(p, 'inuse_objects'), blocks);
          if (unknownFrames % 3) assert.ok(p.metadata.notes?.some((n) => /pointed at unknown frames/.test(n)));
        },
        bytes,
        'inuse_space',
      );
    }),
    { numRuns: 150 },
  );
});

interface HeapNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  selfSize: number;
  children: HeapNode[];
}

test('property: random V8 sampling heap profiles read back with the sum of the self sizes; cuts and flips give an error or a bounded profile', async () => {
  await fc.assert(
    fc.asyncProperty(stacks, damage, async (st, [cut, flips]) => {
      const head: HeapNode = { id: 1, callFrame: { functionName: '(root)', url: '', lineNumber: -1, columnNumber: -1 }, selfSize: 0, children: [] };
      let nextId = 2;
      const samples: { size: number; nodeId: number; ordinal: number }[] = [];
      for (const [names, n] of st) {
        let node = head;
        for (const name of names) {
          let child = node.children.find((c) => c.callFrame.functionName === name);
          if (!child)
            node.children.push(
              (child = {
                id: nextId++,
                callFrame: { functionName: name, url: 'file:///app/a.js', lineNumber: name.length, columnNumber: 0 },
                selfSize: 0,
                children: [],
              }),
            );
          node = child;
        }
        node.selfSize += n * 32;
        samples.push({ size: n * 32, nodeId: node.id, ordinal: samples.length + 1 });
      }
      const text = JSON.stringify({ head, samples });
      const bytes = st.reduce((a, [, n]) => a + n * 32, 0);
      await roundTrip('app.heapprofile', text, 'heapprofile', cut, flips, (p) => assert.equal(totalOf(p, 'inuse_space'), bytes), bytes, 'inuse_space');
    }),
    { numRuns: 150 },
  );
});

test('tracemalloc: a null or malformed stack entry is dropped with a note, the others kept (it was a TypeError)', async () => {
  const text = JSON.stringify({
    format: 'hotline-tracemalloc',
    version: 1,
    frames: [['/app/a.py', 3, 'grow']],
    snapshots: { peak: { bytes: 96, blocks: 3, stacks: [null, 7, { frames: [0], size: 96, count: 3 }] } },
  });
  const p = await profileOrNull('mem.tracemalloc.json', enc(text), 'tracemalloc');
  assert.ok(p);
  assert.equal(totalOf(p, 'inuse_space'), 96);
  assert.ok(p.metadata.notes?.some((n) => n === '2 stack(s) pointed at unknown frames and were dropped'));
});
