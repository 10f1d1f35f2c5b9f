import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

test('the tinybench copy shipped beside benchNode.mjs is identical to the installed tinybench', () => {
  const require = createRequire(import.meta.url);
  const entry = require.resolve('tinybench');
  const installed = readFileSync(entry.replace(/index\.(c?js)$/, 'index.js'), 'utf8');
  const shipped = readFileSync(new URL('../../../src/helpers/benchTinybench.mjs', import.meta.url), 'utf8');
  const version = JSON.parse(readFileSync(entry.replace(/dist\/index\.c?js$/, 'package.json'), 'utf8')).version;
  assert.ok(shipped.endsWith(installed), 'src/helpers/benchTinybench.mjs differs: recopy node_modules/tinybench/dist/index.js');
  assert.match(shipped, new RegExp(`^// tinybench ${version.replace(/\./g, '\\.')} `));
});
