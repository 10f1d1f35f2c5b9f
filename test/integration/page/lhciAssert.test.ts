// Lighthouse CI's assertion format, with `lhci assert` (@lhci/cli 0.14.0, installed by scripts/setup.d/60-web.sh)
// as the oracle: the same recorded Lighthouse result of examples/web and the same assertions, and every
// assertion's pass/fail (and value) from lhci's own assertion-results.json compared with Hotline's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { evaluateLhciAssertions, parseLhciAssertions, parseLhr, summarizeRuns } from '../../../src/core/page';

const lhrFile = join(__dirname, '../../fixtures/page/examples-web.lhr.json');

/** HOTLINE_LHCI, else the copy 60-web.sh installs in $HOTLINE_CACHE/lhci. */
function lhci(): string {
  const bin = process.env.HOTLINE_LHCI ?? join(process.env.HOTLINE_CACHE ?? join(homedir(), '.cache', 'hotline'), 'lhci', 'node_modules', '.bin', 'lhci');
  assert.ok(existsSync(bin), `lhci is missing at ${bin}: run bash scripts/setup.d/60-web.sh (it installs @lhci/cli@0.14.0), or set HOTLINE_LHCI`);
  return bin;
}

interface LhciResult {
  auditId: string;
  auditProperty?: string;
  name: string;
  level: string;
  passed: boolean;
  actual: number;
}

/** Runs `lhci assert` on the recorded result; its exit code and its per-assertion results. */
async function lhciAssert(assertions: Record<string, unknown>): Promise<{ code: number; results: LhciResult[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-lhci-'));
  try {
    const rc = join(dir, 'lighthouserc.json');
    writeFileSync(rc, JSON.stringify({ ci: { assert: { assertions, includePassedAssertions: true } } }));
    const code = await promisify(execFile)(lhci(), ['assert', `--config=${rc}`, `--lhr=${lhrFile}`], { cwd: dir }).then(
      () => 0,
      (err: { code?: number }) => err.code ?? -1,
    );
    return { code, results: JSON.parse(readFileSync(join(dir, '.lighthouseci', 'assertion-results.json'), 'utf8')) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const row = (r: { auditId: string; auditProperty?: string; name: string; level: string; passed: boolean; actual: number }) =>
  `${r.auditId}${r.auditProperty ? `.${r.auditProperty}` : ''} ${r.name} ${r.level} ${r.passed ? 'pass' : 'FAIL'} ${Number.isFinite(r.actual) ? Number(r.actual.toFixed(3)) : 'none'}`;

async function compare(assertions: Record<string, unknown>) {
  const oracle = await lhciAssert(assertions);
  const page = summarizeRuns([parseLhr(JSON.parse(readFileSync(lhrFile, 'utf8')))]);
  const ours = evaluateLhciAssertions(parseLhciAssertions({ ci: { assert: { assertions } } }), page);
  assert.deepEqual(ours.results.map(row).sort(), oracle.results.map(row).sort(), 'the same assertions pass and fail, with the same values');
  assert.equal(ours.errors > 0 ? 1 : 0, oracle.code, `lhci exits ${oracle.code}; Hotline counts ${ours.errors} failed error-level assertions`);
  return ours;
}

test('a strict assertion set the example breaks: the same failures as lhci assert (exit 1), warnings and offs alike', { timeout: 60_000 }, async () => {
  const ours = await compare({
    'categories:performance': ['error', { minScore: 0.9 }],
    'largest-contentful-paint': ['error', { maxNumericValue: 1000 }],
    'total-blocking-time': ['warn', { maxNumericValue: 200 }],
    'resource-summary:script:size': ['error', { maxNumericValue: 50_000 }],
    'resource-summary:total:count': ['warn', { maxNumericValue: 10 }],
    'render-blocking-resources': 'error',
    'unused-javascript': ['warn', { maxLength: 0 }],
    'cumulative-layout-shift': 'off',
    'long-tasks': 'warn',
    'no-such-audit': 'error',
  });
  assert.ok(ours.errors >= 3, `the example breaks the performance score, LCP and script size: ${ours.errors} errors`);
  assert.ok(ours.warnings >= 1, 'TBT over 200 ms is a warning');
});

test('a loose set the example meets: every assertion passes in both, lhci exits 0', { timeout: 60_000 }, async () => {
  const ours = await compare({
    'categories:performance': ['error', { minScore: 0.5 }],
    'largest-contentful-paint': ['error', { maxNumericValue: 4000 }],
    'first-contentful-paint': 'error',
    'resource-summary:script:size': ['error', { maxNumericValue: 500_000 }],
    'resource-summary:stylesheet:count': ['error', { maxNumericValue: 2 }],
    'total-blocking-time': ['warn', { maxNumericValue: 5000, minScore: 0.1 }],
  });
  assert.equal(ours.errors + ours.warnings, 0);
  assert.equal(ours.results.length, 7, 'TBT has two checks');
});
