// Lighthouse CI assertions told apart from budget.json by content, their bad forms refused with one message,
// and the checks on examples/web's recorded result (lhci assert itself is the oracle in test/integration/page).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  BudgetFormatError,
  evaluateLhciAssertions,
  isLhciAssertConfig,
  pageJson,
  pageText,
  parseLhciAssertions,
  parseLhr,
  summarizeRuns,
} from '../../../src/core/page';

const page = summarizeRuns([parseLhr(JSON.parse(readFileSync(join(__dirname, '../../fixtures/page/examples-web.lhr.json'), 'utf8')))]);

test('detected from content: an assertions object or a lighthouserc.json is lhci, a budget.json array is not', () => {
  assert.equal(isLhciAssertConfig({ assertions: {} }), true);
  assert.equal(isLhciAssertConfig({ ci: { assert: { assertions: {} } } }), true);
  assert.equal(isLhciAssertConfig({ preset: 'lighthouse:recommended' }), true);
  assert.equal(isLhciAssertConfig([{ resourceSizes: [{ resourceType: 'script', budget: 100 }] }]), false);
  assert.equal(isLhciAssertConfig({ resourceSizes: [] }), false);
});

test('bad assertion files: one message naming the entry', () => {
  const bad = (json: unknown, re: RegExp) =>
    assert.throws(
      () => parseLhciAssertions(json),
      (e: Error) => e instanceof BudgetFormatError && re.test(e.message),
    );
  bad({ preset: 'lighthouse:recommended', assertions: {} }, /preset is not supported by Hotline; list the assertions/);
  bad({ ci: { assert: { assertMatrix: [] } } }, /assertMatrix is not supported/);
  bad({ assertions: [] }, /"assertions" must be an object/);
  bad({ assertions: { 'first-contentful-paint': 'fatal' } }, /assertions\["first-contentful-paint"\] must be "error", "warn", "off"/);
  bad({ assertions: { 'first-contentful-paint': ['error', { maxNumericValue: '2s' }] } }, /maxNumericValue must be a number/);
  bad({ assertions: { 'resource-summary:script': 'error' } }, /resource-summary:<type>:size or resource-summary:<type>:count/);
  bad({ assertions: { 'first-contentful-paint': ['error', { aggregationMethod: 'mean' }] } }, /aggregationMethod must be one of median, optimistic/);
});

test("examples/web's result: errors exceed the budget, warnings are only counted, off is skipped; text and JSON show them", () => {
  const config = parseLhciAssertions({
    assertions: {
      'categories:performance': ['error', { minScore: 0.9 }],
      'resource-summary:script:size': ['warn', { maxNumericValue: 50_000 }],
      'largest-contentful-paint': ['error', { maxNumericValue: 2500 }],
      'cumulative-layout-shift': 'off',
    },
  });
  const r = evaluateLhciAssertions(config, page);
  assert.deepEqual(
    r.results.map((x) => [x.key, x.name, x.actual, x.passed]),
    [
      ['categories:performance', 'minScore', 0.79, false],
      ['resource-summary:script:size', 'maxNumericValue', 74928, false],
      ['largest-contentful-paint', 'maxNumericValue', page.runs[0]!.audits['largest-contentful-paint']!.numericValue, true],
    ],
  );
  assert.equal(r.errors, 1);
  assert.equal(r.warnings, 1);
  const text = pageText(page, undefined, { assertions: r });
  assert.match(
    text,
    /Lighthouse CI assertions: 1 failed, 1 warning, 1 passed\n {2}FAIL {2}categories:performance +minScore +0\.79, expected >= 0\.9\n {2}warn {2}resource-summary:script:size/,
  );
  assert.equal(pageJson(page, undefined, { assertions: r }).assertions?.errors, 1);
  assert.equal('assertions' in pageJson(page), false, 'no assertions key without an assertion file');
  assert.deepEqual(evaluateLhciAssertions({ ...config, matchingUrlPattern: '/checkout' }, page).results, [], 'matchingUrlPattern leaves other pages out');
});
