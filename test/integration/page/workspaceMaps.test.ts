// Bundles whose source map the page's server does not serve: examples/web built by esbuild into a
// workspace folder's dist/, served on the loopback by a server that answers 404 for .map files (and,
// in one case, strips the sourceMappingURL comment). Hotline reads the map from the workspace's build
// output, says so, and splits the served bytes as esbuild's metafile counts them; a workspace copy that
// differs from what is served is not used. Last, `hotline page --bundles` on that server (one real
// Lighthouse run in Debian's Chromium) prints the per-package table and where the map came from.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { formatBytes, formatShare } from '../../../src/core/annotations/weightFormat';
import type { PageRequest } from '../../../src/core/page/waterfall';
import { main } from '../../../src/cli/main';
import { liveProcessGroups } from '../../../src/profilers';
import { pageBundles } from '../../../src/profilers/page/bundles';
import { fetchScriptWithMap } from '../../../src/profilers/page/sourceMaps';

const web = join(__dirname, '../../../examples/web');
const ws = mkdtempSync(join(tmpdir(), 'hotline-ws-maps-'));
let server: Server;
let origin: string;
let oracle: { bytes: number; lodash: number };

/** Serves `ws`: x.js?strip is x.js without its map comment, /served/x is x (maps too), anything .map elsewhere is 404. */
before(async () => {
  const { build } = await import('../../../examples/web/build.mjs');
  const { metafile } = await build({ outdir: join(ws, 'dist') });
  const [, out] = Object.entries(metafile.outputs).find(([p]) => p.endsWith('main.js'))!;
  cpSync(join(web, 'index.html'), join(ws, 'index.html'));
  cpSync(join(web, 'styles'), join(ws, 'styles'), { recursive: true });
  oracle = { bytes: out.bytes, lodash: Object.entries(out.inputs).find(([f]) => f.endsWith('node_modules/lodash/lodash.js'))![1].bytesInOutput };
  server = createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    const strip = u.searchParams.has('strip');
    const served = u.pathname.startsWith('/served/');
    const path = u.pathname === '/' ? '/index.html' : u.pathname.replace(/^\/served\//, '/');
    if (path.endsWith('.map') && !served) return void res.writeHead(404).end('not found');
    try {
      let body = readFileSync(join(ws, path), 'utf8');
      if (strip) body = body.replace(/\/\/# sourceMappingURL=\S+\s*$/, '');
      const type = { js: 'text/javascript', html: 'text/html; charset=utf-8', css: 'text/css' }[path.split('.').pop()!] ?? 'application/json';
      res.writeHead(200, { 'content-type': type }).end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((ok) => server.close(() => ok())));

const scripts = (...urls: string[]) => ({ requests: urls.map((url) => ({ url, resourceType: 'Script' }) as PageRequest) });

test("the map the bundle names, read from the workspace's dist/ when the server answers 404 for it", async () => {
  const url = `${origin}/dist/main.js`;
  const page = await pageBundles(scripts(url), [ws, web]);
  assert.deepEqual(page.withoutMap, []);
  const [b] = page.bundles;
  assert.deepEqual(b!.map, { from: 'workspace', location: join(ws, 'dist/main.js.map') });
  assert.equal(b!.bytes, oracle.bytes);
  assert.equal(b!.packages[0]!.name, 'lodash');
  assert.equal(b!.packages[0]!.bytes, oracle.lodash);
  // The map's sources resolve against the map's own file, so the example's own files are found and noted.
  assert.ok(
    page.workspaceSources.some((s) => s.path === join(web, 'src/main.ts')),
    JSON.stringify(page.workspaceSources),
  );
  const note = page.importNotes.find((n) => n.path === join(web, 'src/main.ts'));
  assert.equal(note?.package, 'lodash');
  assert.equal(readFileSync(note.path, 'utf8').split('\n')[note.line - 1], "import _ from 'lodash';");
});

test('a bundle served without its sourceMappingURL comment: the .map next to the same file in the workspace', async () => {
  const fetched = await fetchScriptWithMap(`${origin}/dist/main.js?strip`, [ws]);
  assert.ok(fetched);
  assert.deepEqual(fetched.origin, { from: 'workspace', location: join(ws, 'dist/main.js.map') });
  assert.doesNotMatch(fetched.code, /sourceMappingURL/);
});

test('a served map is used as before; without workspace folders or with a stale copy, no map', async () => {
  const served = await fetchScriptWithMap(`${origin}/served/dist/main.js`, [ws]);
  assert.deepEqual(served?.origin, { from: 'served', location: `${origin}/served/dist/main.js.map` });
  assert.equal(await fetchScriptWithMap(`${origin}/dist/main.js`), null);
  // An older build in another folder: the same name and a map beside it, but not the code served.
  const stale = mkdtempSync(join(tmpdir(), 'hotline-ws-stale-'));
  mkdirSync(join(stale, 'dist'));
  writeFileSync(join(stale, 'dist/main.js'), `/* an older build */${readFileSync(join(ws, 'dist/main.js'), 'utf8')}`);
  writeFileSync(join(stale, 'dist/main.js.map'), readFileSync(join(ws, 'dist/main.js.map')));
  const page = await pageBundles(scripts(`${origin}/dist/main.js`), [stale]);
  assert.deepEqual(page.bundles, []);
  assert.deepEqual(page.withoutMap, [`${origin}/dist/main.js`]);
});

test('hotline page --bundles: only the bundle composition, its map read from the workspace the command runs in', async () => {
  let stdout = '';
  let stderr = '';
  const code = await main(['page', `${origin}/`, '--bundles'], { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: ws });
  assert.equal(code, 0, stderr);
  const lines = stdout.trimEnd().split('\n');
  assert.equal(lines[0], 'Bundle composition (from the source maps)');
  assert.equal(
    lines[1],
    `  ${origin}/dist/main.js  ${formatBytes(oracle.bytes)}  (source map read from the workspace: ${join(ws, 'dist/main.js.map')} (the server does not serve it))`,
  );
  assert.equal(lines[2], '    by package');
  assert.equal(lines[3], `      ${formatBytes(oracle.lodash).padStart(10)} ${formatShare(oracle.lodash / oracle.bytes).padStart(6)}  lodash`);
  assert.doesNotMatch(stdout, /LCP|Largest Contentful Paint/, 'no metrics with --bundles');
  assert.deepEqual(liveProcessGroups(), []);
});
