// Profile-aware severity: a finding on a hot line is at least a warning; off the hot lines it keeps
// its own severity, so a low-confidence finding (a hint) stays quiet where no profile saw it hot.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { withHeat } from '../../../src/server/hotLines';
import type { Finding, Severity } from '../../../src/server/rule';
import { findingsFor } from './helpers';

const hot = (share: number) => ({ line: 3, self: Math.round(share * 100), total: 100, share });
const finding = (severity: Severity): Finding => ({
  rule: 'py/unbounded-cache',
  severity,
  confidence: severity === 'hint' ? 'low' : 'high',
  message: 'm',
  start: 0,
  end: 1,
  range: { start: { line: 2, character: 0 }, end: { line: 2, character: 1 } },
  fixes: [],
});

describe('withHeat', () => {
  it('raises a finding on a hot line to at least a warning', () => {
    assert.deepEqual(
      (['hint', 'info', 'warning', 'error'] as const).map((s) => withHeat(finding(s), hot(0.3), 0.05).severity),
      ['warning', 'warning', 'error', 'error'],
    );
    assert.equal(withHeat(finding('hint'), hot(0.3), 0.05).message, 'm — 30% of samples are on this line');
  });
  it('keeps the severity below the threshold and without a profile (a hint stays a hint)', () => {
    assert.deepEqual(withHeat(finding('hint'), hot(0.01), 0.05), { severity: 'hint', message: 'm — 1% of samples are on this line' });
    assert.deepEqual(withHeat(finding('hint'), null, 0.05), { severity: 'hint', message: 'm' });
    assert.deepEqual(withHeat(finding('warning'), null, 0.05), { severity: 'warning', message: 'm' });
  });
  it('a real low-confidence finding (a cached module function) is a hint until its line is hot', async () => {
    const [f] = await findingsFor('py/unbounded-cache', 'import functools\n\n@functools.cache\ndef load(key):\n    return key\n', 'python');
    assert.equal(f.severity, 'hint');
    assert.equal(withHeat(f, null, 0.05).severity, 'hint');
    assert.equal(withHeat(f, hot(0.2), 0.05).severity, 'warning');
  });
});
