// pprof export read back by Hotline's own pprof importer: the same weight types, totals, stacks and
// frames (go tool pprof reading it is test/integration/export/pprofExport.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { exportPprof } from '../../../src/core/export/pprofExport';
import { importProfileBytes, importProfileFile } from '../../../src/core/importers/index';
import { totalWeight } from '../../../src/core/model/profile';
import { fx, stacks as stackLines } from '../importers/helpers';
import { enc, stacks } from '../importers/propertyHelpers';

test('a multi-weight fixture exported to pprof reads back with every weight total, stack and line', async () => {
  const p = await importProfileFile(fx('interop/dhat/allocs.dhat.json'));
  const q = await importProfileBytes('x.pb.gz', exportPprof(p));
  assert.equal(q.metadata.format, 'pprof');
  assert.deepEqual(
    q.weightTypes.map((w) => w.name),
    p.weightTypes.map((w) => w.name),
  );
  p.weightTypes.forEach((w, i) => assert.equal(totalWeight(q, i), totalWeight(p, i), w.name));
  assert.deepEqual(stackLines(q), stackLines(p));
  const churn = (x: typeof p) => x.frames.find((f) => f.name === 'churn')!;
  assert.deepEqual([churn(q).file, churn(q).line], [churn(p).file, churn(p).line]);
});

test('property: random folded profiles exported to pprof read back with the same totals and stacks', async () => {
  await fc.assert(
    fc.asyncProperty(stacks, async (st) => {
      // The format is named: a folded line may start with "{", which detection takes for JSON.
      const p = await importProfileBytes('r.folded', enc(st.map(([names, n]) => `${names.join(';')} ${n}`).join('\n') + '\n'), { format: 'folded' });
      const q = await importProfileBytes('r.pb.gz', exportPprof(p));
      assert.equal(totalWeight(q), totalWeight(p));
      assert.deepEqual(stackLines(q), stackLines(p));
    }),
    { numRuns: 100 },
  );
});
