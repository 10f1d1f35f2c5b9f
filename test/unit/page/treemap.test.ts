// The squarified treemap of the Page Load panel: on examples/web's real bundle (esbuild, all of
// lodash) and on random weights, every tile's area is its weight's share of the rectangle within 1%,
// no two tiles of a level overlap, they stay inside the rectangle, and a file's tile lies in its package's.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { bundleComposition, OWN_CODE, UNMAPPED, type BundleComposition } from '../../../src/core/page/bundle';
import { bundleTreemap, squarify, type Rect } from '../../../src/core/page/treemap';

const area = (r: Rect) => r.w * r.h;
const EPS = 1e-6;
const overlap = (a: Rect, b: Rect) =>
  Math.max(0, Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x)) * Math.max(0, Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y));
const inside = (r: Rect, box: Rect) => r.x >= box.x - EPS && r.y >= box.y - EPS && r.x + r.w <= box.x + box.w + EPS && r.y + r.h <= box.y + box.h + EPS;

function assertLayout(rects: { rect: Rect; weight: number }[], box: Rect, what: string): void {
  const total = rects.reduce((s, r) => s + r.weight, 0);
  for (const r of rects) {
    const want = (r.weight / total) * area(box);
    assert.ok(Math.abs(area(r.rect) - want) <= want * 0.01, `${what}: area ${area(r.rect)} for weight ${r.weight}, want ${want}`);
    assert.ok(inside(r.rect, box), `${what}: ${JSON.stringify(r.rect)} outside ${JSON.stringify(box)}`);
  }
  for (let i = 0; i < rects.length; i++)
    for (let j = i + 1; j < rects.length; j++) {
      const o = overlap(rects[i]!.rect, rects[j]!.rect);
      assert.ok(o <= EPS * area(box), `${what}: tiles ${i} and ${j} overlap by ${o}`);
    }
}

let bundle: BundleComposition;
before(async () => {
  const { build } = await import('../../../examples/web/build.mjs');
  const outdir = mkdtempSync(join(tmpdir(), 'hotline-treemap-'));
  await build({ outdir });
  const js = join(outdir, 'main.js');
  bundle = bundleComposition(js, readFileSync(js, 'utf8'), readFileSync(`${js}.map`, 'utf8'), `${js}.map`);
});

test("examples/web's bundle: lodash, the own code and the unmapped rest by area, each file inside its package", () => {
  const box = { x: 0, y: 0, w: 960, h: 360 };
  const tiles = bundleTreemap(bundle, box);
  const packages = tiles.filter((t) => t.kind === 'package');
  assert.deepEqual(
    packages.map((p) => p.name),
    bundle.packages.map((p) => p.name),
  );
  assert.equal(packages[0]!.name, 'lodash');
  assert.ok(packages[0]!.share > 0.9, `lodash is most of the bundle: ${packages[0]!.share}`);
  assertLayout(
    packages.map((p) => ({ rect: p.rect, weight: p.bytes })),
    box,
    'packages',
  );
  const files = tiles.filter((t) => t.kind === 'file');
  assert.deepEqual(files.map((f) => f.name).sort(), bundle.files.map((f) => f.name).sort(), 'one tile per source file');
  // Files fill their package's tile, so across the bundle too a file's area is its share of the bytes.
  assertLayout(
    files.map((f) => ({ rect: f.rect, weight: f.bytes })),
    box,
    'files',
  );
  for (const f of files) {
    const pkg = packages.find((p) => p.name === f.package)!;
    assert.ok(inside(f.rect, pkg.rect), `${f.name} lies in ${pkg.name}'s tile`);
    assert.ok(Math.abs(f.share - f.bytes / bundle.bytes) < 1e-12);
  }
  const own = files.filter((f) => f.package === OWN_CODE).map((f) => f.name.split('/').pop());
  // Every .ts file of the example's own src/ is bundled (main.ts imports them all).
  const ownSources = readdirSync(join(__dirname, '../../../examples/web/src')).filter((f) => f.endsWith('.ts'));
  assert.deepEqual(own.sort(), ownSources.sort());
  assert.ok(files.some((f) => f.package === UNMAPPED));
});

test('squarified rows keep tiles near square: no tile of ten equal weights is thinner than 1:3', () => {
  const cells = squarify(
    Array.from({ length: 10 }, (_, i) => i),
    () => 1,
    { x: 0, y: 0, w: 500, h: 200 },
  );
  for (const c of cells) assert.ok(Math.max(c.rect.w / c.rect.h, c.rect.h / c.rect.w) < 3, JSON.stringify(c.rect));
});

test('weights of 0 get no tile; nothing to lay out or no room gives no tiles', () => {
  assert.deepEqual(
    squarify([0, 5, 0], (v) => v, { x: 1, y: 2, w: 10, h: 4 }).map((c) => c.rect),
    [{ x: 1, y: 2, w: 10, h: 4 }],
  );
  assert.deepEqual(
    squarify([0], (v) => v, { x: 0, y: 0, w: 10, h: 10 }),
    [],
  );
  assert.deepEqual(
    squarify([3], (v) => v, { x: 0, y: 0, w: 0, h: 10 }),
    [],
  );
});

test('property: any weights in any rectangle: areas within 1%, no overlap, inside', () => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: 1, max: 1_000_000 }), { minLength: 1, maxLength: 60 }),
      fc.record({
        x: fc.integer({ min: -50, max: 50 }),
        y: fc.integer({ min: -50, max: 50 }),
        w: fc.integer({ min: 1, max: 2000 }),
        h: fc.integer({ min: 1, max: 2000 }),
      }),
      (weights, box) => {
        const cells = squarify(weights, (v) => v, box);
        assert.equal(cells.length, weights.length);
        assertLayout(
          cells.map((c) => ({ rect: c.rect, weight: c.item })),
          box,
          'random',
        );
      },
    ),
    { numRuns: 300 },
  );
});
