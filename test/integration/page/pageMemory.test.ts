// Page memory on examples/web in Debian's Chromium, served on the loopback: "Open panel" (src/panel.ts)
// keeps every panel it builds and adds a window 'resize' listener per click. The oracles are the
// example's own code: the elements buildPanel() creates per click (read from panel.ts), one listener
// per click whose function is fitPanel at the marked line, the variable that holds the panel in that
// function (`panel`, minified in the bundle); "Build report" is the control: it keeps nothing per click.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findPageMemoryLeaks, type PageMemoryRun } from '../../../src/profilers/page/pageMemory';
import { execFile } from 'node:child_process';
import { ensureCliBuilt, root } from '../../unit/cliRun';

const web = join(__dirname, '../../../examples/web');
const panelTs = join(web, 'src/panel.ts');
const source = readFileSync(panelTs, 'utf8');
const leakLine = source.split('\n').findIndex((l) => l.includes('hotline-example: page-leak')) + 1;
const REPEAT = 5;
/** The CLI in a child process, asynchronously: the example's server answers from this process. */
const hotline = (...args: string[]) =>
  new Promise<{ status: number | null; stdout: string; stderr: string }>((done) => {
    const child = execFile(
      process.execPath,
      [join(root, 'bin/hotline.js'), ...args],
      { encoding: 'utf8', timeout: 240_000, cwd: web },
      (_err, stdout, stderr) => done({ status: child.exitCode, stdout, stderr }),
    );
  });

/** Elements buildPanel() creates per call: its createElement calls, those inside its loop times the loop's bound. */
function elementsPerPanel(): { total: number; byTag: Map<string, number> } {
  const body = /function buildPanel[\s\S]*?\n}\n/.exec(source)![0];
  const loop = /for \(let i = 0; i < (\d+); i\+\+\) \{([\s\S]*?)\n {2}\}/.exec(body)!;
  const byTag = new Map<string, number>();
  const count = (text: string, times: number) => {
    for (const m of text.matchAll(/createElement\('(\w+)'\)/g)) byTag.set(m[1]!, (byTag.get(m[1]!) ?? 0) + times);
  };
  count(body.replace(loop[0], ''), 1);
  count(loop[2]!, Number(loop[1]));
  return { total: [...byTag.values()].reduce((a, b) => a + b, 0), byTag };
}

let server: { url: string; close: () => Promise<void> };
before(async () => {
  ensureCliBuilt();
  const { startServer } = await import('../../../examples/web/serve.mjs');
  server = await startServer({ port: 0 });
});
after(() => server?.close());

const run = (action: string): Promise<PageMemoryRun> =>
  findPageMemoryLeaks(server.url, { cwd: web, action, repeat: REPEAT, outDir: mkdtempSync(join(tmpdir(), 'hotline-page-memory-it-')) });

test('Open panel: detached nodes grow by what buildPanel builds per click, fitPanel named at panel.ts, both patterns', async () => {
  const { report, files, sourceMaps } = await run('#open-panel');
  assert.equal(files.length, 3);
  assert.deepEqual(
    [...sourceMaps.values()].map((u) => new URL(u).pathname),
    ['/dist/main.js.map'],
  );
  const { total, byTag } = elementsPerPanel();
  assert.equal(total, 8, 'buildPanel: a div, an h2, a ul and 5 li');
  // The warm-up click kept one panel; each later click keeps one more.
  assert.deepEqual(
    report.page.detachedNodes,
    [1, 1 + REPEAT, 1 + 2 * REPEAT].map((c) => c * total),
  );
  assert.deepEqual(
    new Map(report.page.detached.map((d) => [d.name, d.counts])),
    new Map([...byTag].map(([tag, n]) => [`Detached <${tag}>`, [n, n * (1 + REPEAT), n * (1 + 2 * REPEAT)]])),
  );
  const [a, b, c] = report.page.listeners.counts as [number, number, number];
  assert.deepEqual([b - a, c - b], [REPEAT, REPEAT]);
  const fn = report.page.listeners.closures[0]!;
  assert.equal(fn.name, `(closure) fitPanel @ panel.ts:${leakLine}`);
  assert.deepEqual(fn.definedAt, { file: panelTs, line: leakLine });
  assert.deepEqual(report.patterns.map((p) => p.id).sort(), ['detached-dom-retained', 'listener-not-removed']);
  // The panel's retainer path: from the window through its listener and fitPanel's closure to the
  // panel variable, named as in panel.ts (the bundle is minified), without Blink's C++ holders.
  const div = report.page.detached.find((d) => d.name === 'Detached <div>')!;
  const path = div.retainerPath!.map((s) => s.text).join(' -> ');
  assert.match(
    path,
    new RegExp(
      `Window / [^>]+ -> V8EventListener\\[\\d+\\] -> \\(closure\\) fitPanel @ panel\\.ts:${leakLine} \\(context\\) -> .*\\(context\\) panel \\(minified \\w+\\) -> Detached <div>$`,
    ),
  );
  assert.doesNotMatch(path, /blink::|cppgc::/);
});

test('control: Build report keeps nothing per click, no leak reported', async () => {
  const { report } = await run('#build-report');
  assert.equal(report.grew, false, JSON.stringify(report.kinds.map((k) => [k.name, k.counts])));
  assert.deepEqual(report.patterns, []);
  assert.deepEqual(report.page.detached, []);
  assert.deepEqual(report.page.detachedNodes, [0, 0, 0]);
  assert.deepEqual(report.page.listeners.closures, []);
});

test('hotline page --memory --json on the example, and a selector that matches nothing', async () => {
  const r = await hotline('page', server.url, '--memory', '--action', '#open-panel', '--repeat', '3', '--json');
  assert.equal(r.status, 0, r.stderr);
  const json = JSON.parse(r.stdout) as { page: { detachedNodes: number[]; listeners: { closures: { name: string }[] } }; files: string[] };
  assert.deepEqual(json.page.detachedNodes, [8, 32, 56]);
  assert.equal(json.page.listeners.closures[0]!.name, `(closure) fitPanel @ panel.ts:${leakLine}`);
  const text = await hotline('page', server.url, '--memory', '--action', '#open-panel', '--repeat', '2');
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, new RegExp(`detached DOM nodes 8 -> 24 -> 40`));
  assert.match(text.stdout, new RegExp(`fitPanel @ panel\\.ts:${leakLine} {2}1 -> 3 -> 5 {2}defined at ${panelTs.replace(/[.]/g, '\\.')}:${leakLine}`));
  assert.match(text.stdout, /held by .*Window .*panel \(minified \w+\) -> Detached <div>/);
  const bad = await hotline('page', server.url, '--memory', '--action', '#no-such-button');
  assert.equal(bad.status, 2);
  assert.equal(bad.stdout, '');
  assert.match(bad.stderr, /^hotline: no element matches #no-such-button on http:\/\/127\.0\.0\.1:\d+\/; give the CSS selector/);
  assert.equal(bad.stderr.trim().split('\n').length, 1, bad.stderr);
});
