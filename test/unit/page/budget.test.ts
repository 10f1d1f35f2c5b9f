// Budgets in Lighthouse's budget.json format against examples/web's recorded result.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BudgetFormatError, evaluateBudget, matchingBudget, parseBudgets, parseLhr, pageText, pathMatches, summarizeRuns } from '../../../src/core/page';

const raw = JSON.parse(readFileSync(join(__dirname, '../../fixtures/page/examples-web.lhr.json'), 'utf8'));
const page = summarizeRuns([parseLhr(raw)]);
const summary = (t: string) => raw.audits['resource-summary'].details.items.find((i: { resourceType: string }) => i.resourceType === t);

test('a budget the example breaks: script KiB, request count and TBT over; each check says by how much', () => {
  const [budget] = parseBudgets([
    {
      resourceSizes: [
        { resourceType: 'script', budget: 50 },
        { resourceType: 'total', budget: 1000 },
      ],
      resourceCounts: [{ resourceType: 'total', budget: 2 }],
      timings: [
        { metric: 'total-blocking-time', budget: 200 },
        { metric: 'cumulative-layout-shift', budget: 0.1 },
      ],
    },
  ]);
  const r = evaluateBudget(budget!, page);
  assert.equal(r.exceeded, 3);
  const script = r.checks.find((c) => c.kind === 'size' && c.name === 'script')!;
  assert.deepEqual([script.budget, script.actual, script.over], [50 * 1024, summary('script').transferSize, true]);
  assert.equal(r.checks.find((c) => c.kind === 'count')!.actual, summary('total').requestCount);
  const tbt = r.checks.find((c) => c.name === 'total-blocking-time')!;
  assert.deepEqual([tbt.actual, tbt.over], [raw.audits['total-blocking-time'].numericValue, true]);
  assert.equal(r.checks.find((c) => c.name === 'cumulative-layout-shift')!.over, false);
  const text = pageText(page, r);
  assert.match(text, /Budget for \/: 3 of 5 exceeded/);
  assert.match(text, /OVER  script size\s+73\.\d KiB > 50\.0 KiB/);
});

test('a loose budget passes', () => {
  const [budget] = parseBudgets([
    { resourceSizes: [{ resourceType: 'total', budget: 2000 }], timings: [{ metric: 'largest-contentful-paint', budget: 30000 }] },
  ]);
  assert.equal(evaluateBudget(budget!, page).exceeded, 0);
});

test('path patterns as Lighthouse reads them; the last matching budget wins', () => {
  assert.ok(pathMatches('/', '/checkout'));
  assert.ok(pathMatches('/shop/*/cart', '/shop/a/b/cart/x'));
  assert.ok(pathMatches('/index.html$', '/index.html'));
  assert.ok(!pathMatches('/index.html$', '/index.html/more'));
  assert.ok(!pathMatches('/shop', '/'));
  const budgets = parseBudgets([
    { path: '/', timings: [{ metric: 'interactive', budget: 1 }] },
    { path: '/shop', timings: [{ metric: 'interactive', budget: 2 }] },
  ]);
  assert.equal(matchingBudget(budgets, 'http://127.0.0.1:8080/about')?.timings?.[0]?.budget, 1);
  assert.equal(matchingBudget(budgets, 'http://127.0.0.1:8080/shop/cart')?.timings?.[0]?.budget, 2);
  assert.equal(matchingBudget(parseBudgets([{ path: '/shop', timings: [{ metric: 'interactive', budget: 2 }] }]), 'http://x/'), undefined);
});

test('budget files Hotline cannot use are refused with the entry and the allowed values', () => {
  assert.throws(() => parseBudgets({ resourceSizes: [] }), BudgetFormatError);
  assert.throws(
    () => parseBudgets([{ resourceSizes: [{ resourceType: 'scripts', budget: 1 }] }]),
    /budget\[0\]\.resourceSizes\[0\]\.resourceType "scripts" is not one of total, document, script/,
  );
  assert.throws(
    () => parseBudgets([{ timings: [{ metric: 'first-meaningful-paint', budget: 1 }] }]),
    /metric "first-meaningful-paint" is not one of largest-contentful-paint/,
  );
  assert.throws(() => parseBudgets([{ timings: [{ metric: 'interactive', budget: '5s' }] }]), /timings\[0\]\.budget must be a number/);
  assert.throws(() => parseBudgets([{ path: 'shop' }]), /path must be a string starting with "\/"/);
  assert.throws(() => parseBudgets([{ path: '/' }]), /has none of resourceSizes, resourceCounts, timings/);
});
