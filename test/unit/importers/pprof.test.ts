// pprof protobuf (go test -cpuprofile).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { totalWeight } from '../../../src/core/model/profile';
import { checkFixture, expected, fn } from './helpers';

test('go test -cpuprofile (pprof): totals and flat/cum equal go tool pprof -top', async () => {
  const exp = expected('profiles/go/hot.pprof.expected.json');
  const p = await checkFixture('profiles/go/hot.pprof', { format: 'pprof' });
  assert.deepEqual(
    p.weightTypes.map((w) => w.unit),
    ['nanoseconds', 'samples'],
  );
  assert.equal(totalWeight(p, 0), exp.pprof.totalNs);
  assert.equal(totalWeight(p, 1), exp.pprof.samples);
  for (const [name, v] of Object.entries(exp.pprof.flat as Record<string, { flat: number; cum: number }>)) {
    const f = fn(p, name);
    assert.equal(f.self, v.flat, `${name} flat`);
    assert.equal(f.total, v.cum, `${name} cum`);
    assert.equal(p.frames[f.frameIds[0]!]!.kind, 'user');
  }
  const goroot = exp.goroot as string;
  const rt = p.frames.filter((f) => f.file?.startsWith(goroot));
  assert.ok(rt.length > 0 && rt.every((f) => f.kind === 'runtime'), 'GOROOT frames are runtime');
});
