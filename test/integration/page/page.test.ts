// Real Lighthouse (scripts/setup.d/60-web.sh) in Debian's Chromium against examples/web on the
// loopback, through the CLI as a CI job runs it: the audit names the example's three problems, and the
// budget exit codes (budget.json and Lighthouse CI assertions). Three Lighthouse runs in all (about 15 s each).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli/main';
import { liveProcessGroups } from '../../../src/profilers';
import { claimPort, portOpen } from '../../../src/profilers/ports';

const root = join(__dirname, '../../..');
const dir = mkdtempSync(join(tmpdir(), 'hotline-page-it-'));
const budget = (name: string, json: unknown) => {
  const p = join(dir, name);
  writeFileSync(p, JSON.stringify(json));
  return p;
};
const tight = budget('tight.json', [{ resourceSizes: [{ resourceType: 'script', budget: 50 }], timings: [{ metric: 'total-blocking-time', budget: 50 }] }]);
const loose = budget('loose.json', [
  {
    resourceSizes: [{ resourceType: 'total', budget: 5000 }],
    resourceCounts: [{ resourceType: 'total', budget: 50 }],
    timings: [{ metric: 'largest-contentful-paint', budget: 60000 }],
  },
]);

async function cli(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: root });
  return { code, stdout, stderr };
}

test('the audit names the render-blocking stylesheet, lodash and the long task; a budget the example breaks exits 1', async () => {
  const { startServer } = await import('../../../examples/web/serve.mjs');
  const server = await startServer({ port: 0 });
  try {
    const r = await cli(['page', server.url, '--json', '--budget', tight]);
    assert.equal(r.code, 1, r.stderr);
    const out = JSON.parse(r.stdout);
    const f = (id: string) => out.findings.find((x: { id: string }) => x.id === id);
    assert.deepEqual(
      f('render-blocking-resources').items.map((i: { url: string }) => new URL(i.url).pathname),
      ['/styles/theme.css'],
    );
    const unused = f('unused-javascript').items[0];
    assert.equal(new URL(unused.url).pathname, '/dist/main.js');
    assert.ok(
      unused.sources.some((s: { source: string; wastedBytes: number }) => s.source.endsWith('node_modules/lodash/lodash.js') && s.wastedBytes > 20 * 1024),
      JSON.stringify(unused.sources),
    );
    const task = f('long-tasks').items.find((i: { url: string }) => i.url.endsWith('/dist/main.js'));
    assert.ok(task && task.durationMs > 50, JSON.stringify(f('long-tasks').items));
    assert.equal(new URL(f('bootup-time').items[0].url).pathname, '/dist/main.js');
    const css = out.waterfall.requests.find((q: { url: string }) => q.url.endsWith('/styles/theme.css'));
    assert.equal(css.renderBlocking, true);
    assert.equal(css.onCriticalChain, true);
    // From Lighthouse's saved devtools log: the headers that went over the wire and the connection phases.
    assert.ok(
      css.detail.responseHeaders.some(([k, v]: [string, string]) => k.toLowerCase() === 'content-type' && v === 'text/css'),
      JSON.stringify(css.detail),
    );
    assert.ok(css.detail.requestHeaders.some(([k]: [string, string]) => k.toLowerCase() === 'user-agent'));
    assert.ok(css.detail.phases.waitingMs >= 0 && css.detail.phases.sendMs >= 0, JSON.stringify(css.detail.phases));
    assert.ok(
      out.waterfall.requests.every((q: { detail?: unknown }) => q.detail),
      'every request of the waterfall has its devtools-log detail',
    );
    assert.equal(out.waterfall.lcp.element.selector, 'body > main > h1');
    // The served bundle split by its source map; esbuild's metafile of the build serve.mjs made is the oracle.
    const meta = JSON.parse(readFileSync(join(root, 'examples/web/dist/meta.json'), 'utf8'));
    const built = meta.outputs['dist/main.js'];
    const [bundle, ...others] = out.bundles.bundles;
    assert.equal(others.length, 0, JSON.stringify(out.bundles.bundles.map((b: { url: string }) => b.url)));
    assert.equal(new URL(bundle.url).pathname, '/dist/main.js');
    assert.equal(bundle.bytes, built.bytes);
    assert.equal(bundle.packages[0].name, 'lodash');
    const lodash = Object.entries(built.inputs as Record<string, { bytesInOutput: number }>).find(([f]) => f.endsWith('node_modules/lodash/lodash.js'))!;
    assert.equal(bundle.packages[0].bytes, lodash[1].bytesInOutput);
    assert.deepEqual(out.bundles.withoutMap, []);
    assert.deepEqual(
      out.budget.checks.filter((c: { over: boolean }) => c.over).map((c: { name: string }) => c.name),
      ['script', 'total-blocking-time'],
    );
    assert.match(r.stderr, /2 budgets exceeded: script size, total-blocking-time/);
    assert.deepEqual(out.auditErrors, []);
  } finally {
    await server.close();
  }
  assert.deepEqual(liveProcessGroups(), []);
});

test('--server starts the example, a loose budget exits 0, and the server is stopped afterwards', async () => {
  const port = await claimPort(0);
  const url = `http://127.0.0.1:${port}/`;
  const r = await cli(['page', url, '--budget', loose, '--server', `node examples/web/serve.mjs --port ${port}`]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /LCP  Largest Contentful Paint\s+[\d.]+ m?s/);
  assert.match(r.stdout, /Budget for \/: 0 of 3 exceeded/);
  assert.equal(await portOpen('127.0.0.1', port), false, 'the server still listens');
  assert.deepEqual(liveProcessGroups(), []);
});

test('Lighthouse CI assertions (a lighthouserc.json) as --budget: a failed error-level assertion exits 1, a warning is only shown', async () => {
  const port = await claimPort(0);
  const rc = budget('lighthouserc.json', {
    ci: {
      assert: {
        assertions: {
          'resource-summary:script:size': ['error', { maxNumericValue: 20_000 }],
          'largest-contentful-paint': ['warn', { maxNumericValue: 1 }],
          'categories:performance': ['error', { minScore: 0.01 }],
        },
      },
    },
  });
  const r = await cli(['page', `http://127.0.0.1:${port}/`, '--budget', rc, '--server', `node examples/web/serve.mjs --port ${port}`]);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /Lighthouse CI assertions: 1 failed, 1 warning, 1 passed/);
  assert.match(r.stdout, /FAIL {2}resource-summary:script:size +maxNumericValue +\d+, expected <= 20000/);
  assert.match(r.stdout, /warn {2}largest-contentful-paint/);
  assert.match(r.stderr, /hotline: 1 assertion failed: resource-summary:script:size maxNumericValue/);
  assert.deepEqual(liveProcessGroups(), []);
});

test('bad input exits 2 with one message, nothing left running', async () => {
  const port = await claimPort(0);
  const down = await cli(['page', `http://127.0.0.1:${port}/`]);
  assert.equal(down.code, 2);
  assert.match(down.stderr, new RegExp(`nothing answers at 127\\.0\\.0\\.1:${port}.*--server`));

  const never = await cli(['page', `http://127.0.0.1:${port}/`, '--server', 'sleep 30', '--timeout', '2']);
  assert.equal(never.code, 2);
  assert.match(never.stderr, new RegExp(`"sleep 30" did not open port ${port} within 2 s; it was stopped`));
  const dies = await cli(['page', `http://127.0.0.1:${port}/`, '--server', 'echo no such script >&2; exit 3']);
  assert.equal(dies.code, 2);
  assert.match(dies.stderr, /exited \(code 3\) before opening port \d+:\nno such script/);
  assert.deepEqual(liveProcessGroups(), []);

  assert.match((await cli(['page', 'localhost:3000'])).stderr, /hotline: page audits http\(s\) URLs|is not a URL/);
  const badBudget = await cli(['page', `http://127.0.0.1:${port}/`, '--budget', budget('bad.json', [{ timings: [{ metric: 'fmp', budget: 1 }] }])]);
  assert.equal(badBudget.code, 2);
  assert.match(badBudget.stderr, /bad\.json: budget\[0\]\.timings\[0\]\.metric "fmp" is not one of/);
  const badAssert = await cli([
    'page',
    `http://127.0.0.1:${port}/`,
    '--budget',
    budget('badrc.json', { ci: { assert: { preset: 'lighthouse:recommended' } } }),
  ]);
  assert.equal(badAssert.code, 2);
  assert.match(badAssert.stderr, /badrc\.json: preset is not supported by Hotline/);
});

test('missing Lighthouse or Chromium: one message saying how to install it', async () => {
  const { startServer } = await import('../../../examples/web/serve.mjs');
  const server = await startServer({ port: 0 });
  const saved = { lh: process.env.HOTLINE_LIGHTHOUSE, chrome: process.env.CHROME_PATH };
  try {
    process.env.HOTLINE_LIGHTHOUSE = '/nonexistent/lighthouse';
    const noLh = await cli(['page', server.url]);
    assert.equal(noLh.code, 2);
    assert.match(
      noLh.stderr,
      /^hotline: Lighthouse was not found \(looked for "\/nonexistent\/lighthouse"\)\. Install it with: bash scripts\/setup\.d\/60-web\.sh/,
    );
    delete process.env.HOTLINE_LIGHTHOUSE;
    process.env.CHROME_PATH = '/nonexistent/chromium';
    const noChrome = await cli(['page', server.url]);
    assert.equal(noChrome.code, 2);
    assert.match(noChrome.stderr, /^hotline: Chromium was not found .*sudo apt-get install -y chromium/);
  } finally {
    for (const [k, v] of [
      ['HOTLINE_LIGHTHOUSE', saved.lh],
      ['CHROME_PATH', saved.chrome],
    ] as const) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    await server.close();
  }
});
