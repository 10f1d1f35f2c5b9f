// Benchmarks, as a person runs one: open the Node example's benchmark file, see "Run benchmark" (with
// Profile and Compare with baseline) above each benchmark, click the one above `join`, and read the
// results page that opens beside the file: median, p95, p99 and CV of the benchmark, with units.
import * as assert from 'node:assert/strict';
import type { Frame } from 'playwright-core';
import type { Workbench } from '../workbench';
import { activeEditor, codeLensTitles, editorLine, waitForToast, waitUntil } from './_flows';

export const title = 'Node benchmark: "Run benchmark" CodeLens above join → results page with median, p95, p99, CV';

const FILE = 'bench/node/textops.bench.mjs';

interface ResultsTable {
  heading: string;
  headers: string[];
  rows: string[][];
}

/** The results page's run table, as the page shows it (headers and cell texts), or null if not drawn. */
async function runTable(frame: Frame): Promise<ResultsTable | null> {
  return frame.evaluate(() => {
    const table = [...document.querySelectorAll('table')].find((t) => [...t.querySelectorAll('th')].some((th) => th.textContent === 'CV'));
    if (!table) return null;
    // The table sits in a horizontally scrolling box; the heading is that box's sibling.
    let heading = (table.closest('.scroll') ?? table).previousElementSibling;
    while (heading && heading.tagName !== 'H2') heading = heading.previousElementSibling;
    return {
      heading: heading?.textContent ?? '',
      headers: [...table.querySelectorAll('thead th')].map((th) => th.textContent ?? ''),
      rows: [...table.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => (td.textContent ?? '').trim())),
    };
  });
}

export default async function bench(wb: Workbench): Promise<void> {
  await wb.openFile(FILE);
  await activeEditor(wb).locator('.view-lines .view-line').first().waitFor();
  // More room for the file and the results beside it.
  await wb.page.keyboard.press('Control+B');

  // The CodeLenses: Run / Profile / Compare above each of the three benchmarks.
  const lenses = await waitUntil(
    wb,
    `no "Run benchmark" CodeLens in ${FILE}`,
    async () => {
      const t = await codeLensTitles(wb);
      return t.filter((x) => x.includes('Run benchmark')).length >= 3 ? t : null;
    },
    60_000,
  );
  for (const t of lenses.filter((x) => x.includes('Run benchmark'))) {
    assert.match(t, /Run benchmark\s*\|\s*\S*\s*Profile benchmark\s*\|\s*\S*\s*Compare with baseline/, `a benchmark's lenses: ${t}`);
  }
  // The first "Run benchmark" sits right above `join() {`.
  const run = wb.page.locator('.editor-group-container.active .monaco-editor .codelens-decoration a', { hasText: 'Run benchmark' }).first();
  // Read once both are laid out: the lenses are drawn again when the editor resizes (Ctrl+B above),
  // and a box read during that redraw is null.
  const [lensBox, joinBox] = await waitUntil(
    wb,
    'the lens and the join line are on screen',
    async () => {
      const [lens, line] = await Promise.all([run.boundingBox(), editorLine(wb, 'join() {').boundingBox()]);
      return lens && line ? ([lens, line] as const) : null;
    },
    15_000,
  );
  assert.ok(lensBox.y < joinBox.y && joinBox.y - lensBox.y < 2 * joinBox.height, `the lens (y ${lensBox.y}) is just above join() (y ${joinBox.y})`);
  await wb.screenshot('1-codelens');

  // Click it: the benchmark runs with progress, then the results page opens beside the file.
  const before = new Set(wb.webviewFrames());
  await run.click();
  await waitForToast(wb, /Hotline: benchmarking join \(tinybench\)/, 30_000).catch(() => {});
  let frame: Frame | undefined;
  const table = await waitUntil(
    wb,
    'no benchmark results page with a row for join',
    async () => {
      const errors = (await wb.notifications()).filter((t) => /failed|cannot|not found|error/i.test(t));
      if (errors.length) throw new Error(`running the benchmark failed: ${errors.join(' | ')}`);
      for (const f of wb.webviewFrames()) {
        if (before.has(f)) continue;
        const t = await runTable(f).catch(() => null);
        if (t?.rows.some((r) => r[0] === 'textops.bench.mjs::join')) {
          frame = f;
          return t;
        }
      }
      return null;
    },
    120_000,
    500,
  ).catch(async (e: Error) => Promise.reject(new Error(`${e.message}; webview frames: ${(await wb.describeWebviews()).join(' || ') || 'none'}`)));
  assert.ok(frame);
  await wb.page.locator('.tabs-container .tab', { hasText: 'Benchmarks · join' }).first().waitFor({ timeout: 15_000 });
  assert.equal(await frame.locator('h1').innerText(), 'Benchmarks · join');
  assert.match(table.heading, /^Run · tinybench · \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/, `the run's heading: ${table.heading}`);

  // One row, the join benchmark, with median ≤ p95 ≤ p99 in time units and the CV in percent.
  assert.deepEqual(
    table.rows.map((r) => r[0]),
    ['textops.bench.mjs::join'],
    'only the benchmark whose lens was clicked',
  );
  const cell = (h: string) => table.rows[0][table.headers.indexOf(h)];
  for (const h of ['median', 'p95', 'p99', 'CV']) assert.ok(table.headers.includes(h), `a ${h} column: ${table.headers.join(' | ')}`);
  const ns = (text: string) => {
    const m = /^(\d+(?:\.\d+)?) (ns|µs|ms|s)$/.exec(text);
    assert.ok(m, `a duration with its unit: "${text}"`);
    return Number(m[1]) * { ns: 1, µs: 1e3, ms: 1e6, s: 1e9 }[m[2] as 'ns']!;
  };
  const [median, p95, p99] = [ns(cell('median')), ns(cell('p95')), ns(cell('p99'))];
  assert.ok(median > 0 && median <= p95 && p95 <= p99, `median ${cell('median')} ≤ p95 ${cell('p95')} ≤ p99 ${cell('p99')}`);
  assert.match(cell('CV'), /^\d+(\.\d)?%$/, `the CV in percent: ${cell('CV')}`);
  // "n × k": n samples, each a round of k calls (a microsecond function is timed in rounds).
  const [n, k] = /^(\d+)(?: × (\d+))?$/.exec(cell('n'))?.slice(1).map(Number) ?? [NaN];
  assert.ok(n! >= 30 && (k === undefined || Number.isNaN(k) || k >= 1), `at least 30 samples: ${cell('n')}`);
  // The history below: the run is kept and charted.
  await frame.locator('figure svg.chart').first().waitFor({ timeout: 10_000 });
  assert.match(await frame.locator('figcaption').first().innerText(), /textops\.bench\.mjs::join — median across \d+ runs?/);
  await wb.page.mouse.move(5, 500);
  await wb.screenshot('2-results');
}
