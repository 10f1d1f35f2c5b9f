// The one list of helper scripts (core/helperScripts) against src/helpers and what the build ships.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { BUILD_COPIED_HELPERS, HELPER_SCRIPTS } from '../../../src/core/helperScripts';
import { helperPath } from '../../../src/profilers/helperPath';

const root = join(__dirname, '../../..');
const scripts = (dir: string) =>
  readdirSync(join(root, dir))
    .filter((f) => /\.(mjs|cjs|js|py)$/.test(f))
    .sort();

test('HELPER_SCRIPTS lists every script in src/helpers, plus the ones the build copies from node_modules', () => {
  const fromSource = HELPER_SCRIPTS.filter((h) => !BUILD_COPIED_HELPERS.includes(h));
  assert.deepEqual(scripts('src/helpers'), [...fromSource].sort());
});

test('the build ships exactly HELPER_SCRIPTS in dist/helpers, and helperPath finds each there', () => {
  assert.deepEqual(scripts('dist/helpers'), [...HELPER_SCRIPTS].sort());
  for (const h of HELPER_SCRIPTS) {
    const p = helperPath(h);
    assert.equal(p, join(root, 'dist', 'helpers', h));
    assert.ok(existsSync(p), p);
  }
});

test('the tinybench copy shipped beside benchNode.mjs is identical to the installed tinybench', () => {
  const require = createRequire(join(root, 'package.json'));
  const entry = require.resolve('tinybench');
  const installed = readFileSync(entry.replace(/index\.(c?js)$/, 'index.js'), 'utf8');
  const shipped = readFileSync(join(root, 'dist/helpers/benchTinybench.mjs'), 'utf8');
  const version = JSON.parse(readFileSync(entry.replace(/dist\/index\.c?js$/, 'package.json'), 'utf8')).version;
  assert.ok(shipped.endsWith(installed), 'dist/helpers/benchTinybench.mjs differs from node_modules/tinybench/dist/index.js: rebuild');
  assert.match(shipped, new RegExp(`^// tinybench ${version.replace(/\./g, '\\.')} `));
  assert.match(readFileSync(join(root, 'src/helpers/benchNode.mjs'), 'utf8'), /from '\.\/benchTinybench\.mjs'/);
});
