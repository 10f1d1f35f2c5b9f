// The Lighthouse result of examples/web (recorded by Lighthouse 12.8.2 in Debian's Chromium with the
// flags `hotline page` passes); the oracle is Lighthouse's own figures in the same file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { finding, LhrFormatError, METRICS, parseLhr } from '../../../src/core/page';

const fixture = join(__dirname, '../../fixtures/page/examples-web.lhr.json');
const raw = JSON.parse(readFileSync(fixture, 'utf8'));
const audit = parseLhr(raw);

test('the six metrics carry Lighthouse numericValue, score and display value', () => {
  assert.deepEqual(
    audit.metrics.map((m) => m.short),
    ['LCP', 'FCP', 'CLS', 'TBT', 'SI', 'TTI'],
  );
  for (const m of METRICS) {
    const got = audit.metrics.find((x) => x.id === m.id)!;
    assert.equal(got.value, raw.audits[m.id].numericValue, m.id);
    assert.equal(got.score, raw.audits[m.id].score, m.id);
    assert.equal(got.displayValue, raw.audits[m.id].displayValue, m.id);
  }
  assert.equal(audit.metrics.find((m) => m.id === 'cumulative-layout-shift')!.unit, 'unitless');
  assert.equal(audit.performanceScore, raw.categories.performance.score);
  assert.equal(audit.lighthouseVersion, '12.8.2');
  assert.deepEqual(audit.auditErrors, []);
});

test("the findings name the example's three problems", () => {
  const blocking = finding(audit, 'render-blocking-resources')!;
  assert.deepEqual(
    blocking.items.map((i) => new URL(i.url).pathname),
    ['/styles/theme.css'],
  );
  assert.equal(blocking.items[0]!.wastedMs, raw.audits['render-blocking-resources'].details.items[0].wastedMs);
  assert.equal(blocking.savingsMs, raw.audits['render-blocking-resources'].details.overallSavingsMs);

  const unusedJs = finding(audit, 'unused-javascript')!;
  assert.equal(new URL(unusedJs.items[0]!.url).pathname, '/dist/main.js');
  assert.equal(unusedJs.savingsBytes, raw.audits['unused-javascript'].details.overallSavingsBytes);
  const lodash = unusedJs.items[0]!.sources.find((s) => s.source.endsWith('node_modules/lodash/lodash.js'))!;
  assert.ok(lodash.wastedBytes > 20 * 1024, `lodash unused bytes ${lodash.wastedBytes}`);
  assert.equal(lodash.wastedBytes, raw.audits['unused-javascript'].details.items[0].subItems.items[0].sourceWastedBytes);

  const longTasks = finding(audit, 'long-tasks')!;
  const mainTask = longTasks.items.find((i) => i.url.endsWith('/dist/main.js'))!;
  assert.ok(mainTask.durationMs! > 50);
  assert.equal(mainTask.durationMs, raw.audits['long-tasks'].details.items.find((i: { url: string }) => i.url.endsWith('/dist/main.js')).duration);

  const bootup = finding(audit, 'bootup-time')!;
  assert.equal(new URL(bootup.items[0]!.url).pathname, '/dist/main.js');
  assert.equal(bootup.items[0]!.scriptingMs, raw.audits['bootup-time'].details.items[0].scripting);
  assert.ok(finding(audit, 'unused-css-rules')!.items[0]!.url.endsWith('/styles/theme.css'));
  assert.equal(finding(audit, 'total-byte-weight')!.items.length, raw.audits['total-byte-weight'].details.items.length);
});

test("resource totals are Lighthouse's resource-summary", () => {
  const script = audit.resources.find((r) => r.resourceType === 'script')!;
  const summary = raw.audits['resource-summary'].details.items.find((i: { resourceType: string }) => i.resourceType === 'script');
  assert.equal(script.transferSize, summary.transferSize);
  assert.equal(script.requestCount, 1);
  assert.equal(audit.resources.find((r) => r.resourceType === 'total')!.requestCount, 3);
});

test('not a Lighthouse result, or a page Lighthouse could not load: LhrFormatError with the reason', () => {
  assert.throws(() => parseLhr({ traceEvents: [] }), LhrFormatError);
  assert.throws(() => parseLhr(null), /not a Lighthouse result/);
  assert.throws(
    () =>
      parseLhr({
        ...raw,
        runtimeError: { code: 'ERRORED_DOCUMENT_REQUEST', message: 'Lighthouse was unable to reliably load the page you requested. (Status code: 404)' },
      }),
    /could not load the page \(ERRORED_DOCUMENT_REQUEST\).*Status code: 404/,
  );
  const noLcp = {
    ...raw,
    audits: { ...raw.audits, 'largest-contentful-paint': { ...raw.audits['largest-contentful-paint'], numericValue: undefined, errorMessage: 'NO_LCP' } },
  };
  assert.throws(() => parseLhr(noLcp), /no value for Largest Contentful Paint.*NO_LCP/);
});
