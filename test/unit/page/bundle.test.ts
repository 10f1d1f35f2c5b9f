// Bundle composition of examples/web's real bundle (esbuild, minified, all of lodash), read from its
// source map. The oracle is independent of the map: esbuild's own metafile of the same build, its
// outputs[main.js].inputs[file].bytesInOutput, summed per package for the package view.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { bundleComposition, OWN_CODE, packageOfSource, UNMAPPED, type BundleComposition } from '../../../src/core/page/bundle';
import type { Metafile } from '../../../examples/web/build.mjs';

/**
 * esbuild's metafile counts an input's bytes without the boilerplate it writes around them; the map
 * gives a segment every byte up to the next segment, so the last segment of main.ts also covers the
 * IIFE's closing "})();" and newline. Per file the two agree within this many bytes.
 */
const TOLERANCE_BYTES = 16;

let composition: BundleComposition;
let oracle: Map<string, number>;
let bundleBytes: number;

before(async () => {
  const { build } = await import('../../../examples/web/build.mjs');
  const outdir = mkdtempSync(join(tmpdir(), 'hotline-bundle-'));
  const { metafile } = await build({ outdir });
  const js = join(outdir, 'main.js');
  const [, output] = Object.entries(metafile.outputs).find(([path]) => resolve(path) === js)!;
  oracle = new Map(Object.entries(output.inputs).map(([path, i]) => [resolve(path), i.bytesInOutput]));
  bundleBytes = output.bytes;
  assert.equal(statSync(js).size, bundleBytes, "the metafile's output size is the file's");
  composition = bundleComposition(js, readFileSync(js, 'utf8'), readFileSync(`${js}.map`, 'utf8'), `${js}.map`);
});

test("every source file's bytes agree with esbuild's bytesInOutput", () => {
  assert.equal(composition.bytes, bundleBytes);
  for (const [file, bytes] of oracle) {
    const part = composition.files.find((f) => f.name === file);
    assert.ok(part, `${file} is in the composition: ${composition.files.map((f) => f.name).join(', ')}`);
    assert.ok(Math.abs(part.bytes - bytes) <= TOLERANCE_BYTES, `${file}: ${part.bytes} bytes from the map, ${bytes} in esbuild's metafile`);
  }
  assert.deepEqual(
    composition.files
      .map((f) => f.name)
      .filter((n) => n !== UNMAPPED)
      .sort(),
    [...oracle.keys()].sort(),
    'exactly the sources the metafile lists',
  );
});

test('per package: all of lodash, then the own code; the parts add up to the bundle', () => {
  const lodash = [...oracle].filter(([f]) => f.includes('/node_modules/lodash/')).reduce((s, [, b]) => s + b, 0);
  const own = [...oracle].filter(([f]) => !f.includes('/node_modules/')).reduce((s, [, b]) => s + b, 0);
  const [first, ...rest] = composition.packages;
  assert.equal(first?.name, 'lodash', 'lodash is the heaviest package');
  assert.ok(Math.abs(first.bytes - lodash) <= TOLERANCE_BYTES, `lodash ${first.bytes} vs ${lodash}`);
  const ownPart = rest.find((p) => p.name === OWN_CODE)!;
  assert.ok(Math.abs(ownPart.bytes - own) <= TOLERANCE_BYTES, `own code ${ownPart.bytes} vs ${own}`);
  const sum = (parts: readonly { bytes: number }[]) => parts.reduce((s, p) => s + p.bytes, 0);
  assert.equal(sum(composition.files), bundleBytes);
  assert.equal(sum(composition.packages), bundleBytes);
  // esbuild's runtime helpers and lodash's license comment (moved to the end) are the unmapped rest.
  const unmapped = rest.find((p) => p.name === UNMAPPED)!;
  assert.ok(Math.abs(unmapped.bytes - (bundleBytes - lodash - own)) <= TOLERANCE_BYTES);
});

test('the package of a source path: its last node_modules folder, scoped or not', () => {
  assert.equal(packageOfSource('../../node_modules/lodash/lodash.js'), 'lodash');
  assert.equal(packageOfSource('webpack://app/./node_modules/@scope/pkg/dist/x.js'), '@scope/pkg');
  assert.equal(packageOfSource('/a/node_modules/outer/node_modules/inner/i.js'), 'inner');
  assert.equal(packageOfSource('C:\\app\\node_modules\\@s\\p\\index.js'), '@s/p');
  assert.equal(packageOfSource('/src/node_modules.ts'), undefined);
  assert.equal(packageOfSource('../src/main.ts'), undefined);
});

test('multi-byte text is counted in UTF-8 bytes, and segments without a source are unmapped', () => {
  // Line 1: "é" from a.js (2 bytes), then "xy" and the newline from b.js; line 2: a segment with no source. Ties sort by name.
  const map = { version: 3, sources: ['a.js', 'node_modules/b/b.js'], names: [], mappings: 'AAAA,CCAA;A' };
  const c = bundleComposition('x.js', 'éxy\nzz', map);
  assert.equal(c.bytes, Buffer.byteLength('éxy\nzz'));
  assert.deepEqual(c.files, [
    { name: 'node_modules/b/b.js', bytes: 3 },
    { name: UNMAPPED, bytes: 2 },
    { name: 'a.js', bytes: 2 },
  ]);
  assert.deepEqual(
    c.packages.map((p) => p.name),
    ['b', OWN_CODE, UNMAPPED],
  );
});
