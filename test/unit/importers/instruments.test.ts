// Apple Instruments deep copies from speedscope's test corpus (Instruments does not run here; see
// test/fixtures/interop/instruments/PROVENANCE), with speedscope's own snapshot of the same imports
// and Instruments' own self column as the oracle.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { detectFormat } from '../../../src/core/importers/index';
import { ProfileFormatError, totalWeight } from '../../../src/core/model/profile';
import { topFunctions } from '../../../src/core/model/views';
import { checkFixture, enc, expected, fx, importOrFormatError, stacks } from './helpers';
import { damage, flipped, profileOrNull, stacks as randomStacks } from './propertyHelpers';

const DIR = 'interop/instruments';
const snap = expected(`${DIR}/speedscope.expected.json`);
const rows = (file: string) =>
  readFileSync(fx(`${DIR}/${file}`), 'utf8')
    .split('\n')
    .slice(1)
    .filter((l) => l.trim() !== '')
    .map((l) => l.split('\t'));
const byName = (p: Parameters<typeof topFunctions>[0]) => new Map(topFunctions(p, { limit: 1e9 }).map((f) => [f.name, f]));

test("Instruments time profile (7.3.1): every stack and function equals speedscope's snapshot, and Instruments' own self column", async () => {
  const file = 'simple-time-profile-deep-copy.7.3.1.txt';
  const p = await checkFixture(`${DIR}/${file}`, { format: 'instruments' });
  assert.deepEqual(p.weightTypes, [{ name: 'cpu', unit: 'nanoseconds' }]);
  // speedscope prints each stack's self weight in ms ("4.00ms"); its figures are exact here (whole milliseconds).
  const ours = stacks(p).map((s) => s.replace(/ (\d+)$/, (_, ns) => ` ${(Number(ns) / 1e6).toFixed(2)}ms`));
  assert.deepEqual(ours, [...snap[file].stacks].sort());
  const fns = byName(p);
  for (const [name, self, total] of snap[file].frames as [string, number, number][]) {
    assert.equal(fns.get(name)!.self, self * 1e6, `${name} self`);
    assert.equal(fns.get(name)!.total, total * 1e6, `${name} total`);
  }
  // Instruments' "Self (ms)" column, summed per symbol.
  const own = new Map<string, number>();
  for (const r of rows(file)) own.set(r[3]!.trim(), (own.get(r[3]!.trim()) ?? 0) + Number(r[1]) * 1e6);
  for (const [name, self] of own) assert.equal(fns.get(name)!.self, self, `${name}: Instruments' self column`);
  assert.equal(totalWeight(p), 4273e6, 'the root row');
});

test('Instruments allocations (7.3.1) and CPU counters (13.4): totals are the root row, functions match speedscope within its integer parsing', async () => {
  const cases = [
    { file: 'random-allocations-deep-copy.7.3.1.txt', weight: ['bytes_used', 'bytes'], unit: 1024 ** 2, root: 429.93 * 1024 ** 2, top: 'malloc_zone_malloc' },
    { file: 'cycles-example-deep-copy.13.4.txt', weight: ['cycles', 'count'], unit: 1e9, root: 96.08e9, top: 'mach_absolute_time' },
  ];
  for (const c of cases) {
    const p = await checkFixture(`${DIR}/${c.file}`, { format: 'instruments' });
    assert.deepEqual([p.weightTypes[0]!.name, p.weightTypes[0]!.unit], c.weight);
    assert.ok(Math.abs(totalWeight(p) - c.root) < 1e-3 * c.unit, `${c.file}: ${totalWeight(p)} vs the root row ${c.root}`);
    const fns = byName(p);
    assert.equal(topFunctions(p, { limit: 1 })[0]!.name, c.top);
    const ssTop = [...(snap[c.file].frames as [string, number, number][])].sort((a, b) => b[1] - a[1])[0]![0];
    assert.equal(ssTop, c.top, "speedscope's top self function");
    // speedscope keeps only each row's integer part (in the row's own unit, at most the largest, c.unit): each row may differ by one.
    for (const [name, , total] of snap[c.file].frames as [string, number, number][]) {
      const n = rows(c.file).filter((r) => r[r.length - 1]!.trim() === name).length;
      assert.ok(Math.abs(fns.get(name)!.total - total) <= n * c.unit, `${name}: ${fns.get(name)!.total} vs speedscope ${total}`);
    }
  }
});

test('Instruments deep copy: detection, indentation relative to the first row, and rows that do not nest are errors', async () => {
  const text = readFileSync(fx(`${DIR}/simple-time-profile-deep-copy.7.3.1.txt`), 'utf8');
  assert.equal(detectFormat(enc(text)), 'instruments');
  assert.notEqual(detectFormat(enc('main;work 3\n')), 'instruments');
  // Newer Instruments indent the first row and name the column "Symbol Names".
  const shifted = text.replace('Symbol Name\n', 'Symbol Names\n').replace(/\t \t/g, '\t \t   ');
  const a = await importOrFormatError('a.txt', enc(text));
  const b = await importOrFormatError('b.txt', enc(shifted));
  assert.ok(!(a instanceof ProfileFormatError) && !(b instanceof ProfileFormatError));
  assert.deepEqual(stacks(b), stacks(a));
  const bad = await importOrFormatError('c.txt', enc('Weight\tSelf Weight\t\tSymbol Name\n1.00 ms  100.0%\t-\t \tmain\n1.00 ms  100.0%\t-\t \t   deep\n'));
  assert.ok(bad instanceof ProfileFormatError && /\(line 3: .*\): row at depth 3 under a node at depth 0/.test(bad.message), String(bad));
  const mixed = await importOrFormatError('d.txt', enc('Weight\tSelf Weight\t\tSymbol Name\n1.00 ms  100.0%\t-\t \tmain\n1.00 MB  100.0%\t-\t \t work\n'));
  assert.ok(mixed instanceof ProfileFormatError && /mixes units/.test(mixed.message), String(mixed));
});

/** A deep copy of the stacks: the call tree with each node's total in ms, children in order. */
function deepCopyOf(st: [string[], number][]): { text: string; total: number } {
  interface Node {
    self: number;
    children: Map<string, Node>;
  }
  const root: Node = { self: 0, children: new Map() };
  for (const [names, n] of st) {
    let node = root;
    for (const name of names) node = node.children.get(name) ?? node.children.set(name, { self: 0, children: new Map() }).get(name)!;
    node.self += n;
  }
  const totalOf = (n: Node): number => n.self + [...n.children.values()].reduce((a, c) => a + totalOf(c), 0);
  const lines: string[] = [];
  const walk = (n: Node, depth: number) => {
    for (const [name, c] of n.children) {
      lines.push(`${totalOf(c)}.0ms   50.0%\t${c.self}\t \t${' '.repeat(depth)}${name}`);
      walk(c, depth + 1);
    }
  };
  walk(root, 0);
  return { text: `Running Time\tSelf (ms)\t\tSymbol Name\n${lines.join('\n')}\n`, total: totalOf(root) };
}

test('property: random call trees written as deep copies read back with the same totals; cuts and flips give an error or a bounded profile', async () => {
  await fc.assert(
    fc.asyncProperty(randomStacks, damage, async (st, [cut, flips]) => {
      const { text, total } = deepCopyOf(st);
      const p = await profileOrNull('r.txt', enc(text));
      assert.ok(p && p.metadata.format === 'instruments');
      assert.equal(totalWeight(p), total * 1e6);
      const q = await profileOrNull('r.txt', enc(text.slice(0, Math.floor(text.length * cut))), 'instruments');
      if (q) assert.ok(totalWeight(q) <= total * 1e6);
      await profileOrNull('r.txt', flipped(enc(text), flips), 'instruments');
    }),
    { numRuns: 200 },
  );
});
