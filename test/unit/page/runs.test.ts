// Several runs: medians with their spread; the median run is the one nearest the median FCP and TTI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pageJson, pageText, parseLhr, summarizeRuns, type MetricId } from '../../../src/core/page';

const raw = JSON.parse(readFileSync(join(__dirname, '../../fixtures/page/examples-web.lhr.json'), 'utf8'));

/** The recorded run with chosen metric values (the rest of the result as recorded). */
function runWith(values: Partial<Record<MetricId, number>>, fetchTime: string) {
  const audits = { ...raw.audits };
  for (const [id, v] of Object.entries(values)) audits[id] = { ...audits[id], numericValue: v };
  return parseLhr({ ...raw, audits, fetchTime });
}

test('three runs: median, min and max per metric; the median run is picked by FCP and TTI', () => {
  const runs = [
    runWith({ 'largest-contentful-paint': 1300, 'first-contentful-paint': 1300, interactive: 2900 }, 'a'),
    runWith({ 'largest-contentful-paint': 1100, 'first-contentful-paint': 1100, interactive: 2500 }, 'b'),
    runWith({ 'largest-contentful-paint': 1200, 'first-contentful-paint': 1200, interactive: 2600 }, 'c'),
  ];
  const p = summarizeRuns(runs);
  const lcp = p.metrics.find((m) => m.id === 'largest-contentful-paint')!;
  assert.deepEqual([lcp.median, lcp.min, lcp.max], [1200, 1100, 1300]);
  assert.equal(p.medianRun.fetchTime, 'c');
  assert.match(pageText(p), /LCP  Largest Contentful Paint\s+1\.20 s\s+1\.10 s – 1\.30 s\s+\d+/);
  assert.match(pageText(p), /3 runs/);
  const json = pageJson(p);
  assert.equal(json.runs, 3);
  assert.equal(json.metrics.find((m) => m.id === 'largest-contentful-paint')!.median, 1200);
  assert.equal(json.budget, null);
});

test('one run: the recorded figures, the findings and the LCP element in the text', () => {
  const p = summarizeRuns([parseLhr(raw)]);
  const text = pageText(p);
  assert.match(text, /Lighthouse 12\.8\.2, simulate throttling, 1 run,/);
  assert.match(text, /LCP element: body > main > h1 <h1>/);
  assert.match(text, /Eliminate render-blocking resources[^\n]*\n\s+http:\/\/127\.0\.0\.1:\d+\/styles\/theme\.css\s+91\.\d KiB\s+blocks \d+/);
  assert.match(text, /…node_modules\/lodash\/lodash\.js: 4\d\.\d KiB of 70\.\d KiB unused/);
  assert.match(text, /Avoid long main-thread tasks[^\n]*\n\s+http:\/\/127\.0\.0\.1:\d+\/dist\/main\.js\s+[\d.]+ m?s task/);
  assert.throws(() => summarizeRuns([]), RangeError);
});
