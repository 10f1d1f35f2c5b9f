// Bundle composition of examples/web's real bundle (esbuild, minified, all of lodash), read from its
// source map. The oracle is independent of the map: esbuild's own metafile of the same build, its
// outputs[main.js].inputs[file].bytesInOutput, summed per package for the package view.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { formatBytes } from '../../../src/core/annotations/weightFormat';
import { bundleComposition, OWN_CODE, packageOfSource, UNMAPPED, type BundleComposition } from '../../../src/core/page/bundle';
import { importSizeNotes, importedPackage, packageImports } from '../../../src/core/page/importNotes';

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
  const web = join(__dirname, '../../../examples/web');
  const [, output] = Object.entries(metafile.outputs).find(([path]) => resolve(web, path) === js)!;
  oracle = new Map(Object.entries(output.inputs).map(([path, i]) => [resolve(web, path), i.bytesInOutput]));
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

test("the import line of main.ts that pulls in lodash gets its size in the bundle, from esbuild's figure", () => {
  const main = [...oracle.keys()].find((f) => f.endsWith('/examples/web/src/main.ts'))!;
  const orders = [...oracle.keys()].find((f) => f.endsWith('/examples/web/src/orders.ts'))!;
  const files = [main, orders].map((path) => ({ source: path, path, text: readFileSync(path, 'utf8') }));
  const notes = importSizeNotes([composition], files);
  const lodashBytes = [...oracle].find(([f]) => f.endsWith('/node_modules/lodash/lodash.js'))![1];
  const importLine = files[0]!.text.split('\n').findIndex((l) => /^import _ from 'lodash';/.test(l)) + 1;
  assert.equal(notes.length, 1, JSON.stringify(notes));
  const [note] = notes;
  assert.equal(note!.path, main);
  assert.equal(note!.line, importLine);
  assert.match(note!.text, new RegExp(`^📦 lodash: ${formatBytes(lodashBytes).replace('.', '\\.')}, 9\\d\\.\\d% of main\\.js$`));
});

test('import lines: ES imports and re-exports (also over several lines), require and import(); bare packages only', () => {
  const text = [
    "import _ from 'lodash';",
    'import { a,',
    "  b } from '@scope/pkg/sub';",
    "export * from 'lodash/fp';",
    "const x = require('left-pad');",
    "import './side-effect';",
    "import fs from 'node:fs';",
    'const y = await import("chart.js");',
    "import type { T } from '../types';",
  ].join('\n');
  assert.deepEqual(packageImports(text), [
    { line: 1, package: 'lodash' },
    { line: 2, package: '@scope/pkg' },
    { line: 4, package: 'lodash' },
    { line: 5, package: 'left-pad' },
    { line: 8, package: 'chart.js' },
  ]);
  assert.equal(importedPackage('/abs/x'), undefined);
  assert.equal(importedPackage('@scope'), undefined);
});
