import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { annotateLines, heatLevel, hottestLineSelf } from '../../../src/core/annotations/lineAnnotations';
import { formatBytes, formatDurationNs, formatShare, weightDisplay } from '../../../src/core/annotations/weightFormat';

const samples = weightDisplay({ name: 'samples', unit: 'samples' }, 'auto');

describe('annotateLines', () => {
  const stats = [
    { line: 3, self: 0, total: 10_000 },
    { line: 7, self: 1234, total: 1234 },
    { line: 9, self: 50, total: 50 },
    { line: 12, self: 4000, total: 6000 },
  ];
  const opts = { profileTotal: 10_000, hottestSelf: 4000, thresholdPercent: 1, display: samples };

  it('writes `● N samples · P%` from the total weight, 0-based lines', () => {
    const out = annotateLines(stats, opts);
    assert.deepEqual(
      out.map((a) => [a.line, a.text]),
      [
        [2, '● 10,000 samples · 100%'],
        [6, '● 1,234 samples · 12.3%'],
        [11, '● 6,000 samples · 60.0%'],
      ],
    );
  });

  it('leaves out lines under the threshold and keeps all at 0', () => {
    assert.equal(
      annotateLines(stats, opts).some((a) => a.line === 8),
      false,
      '0.5% is under 1%',
    );
    assert.equal(annotateLines(stats, { ...opts, thresholdPercent: 0 }).length, 4);
    assert.equal(annotateLines(stats, { ...opts, thresholdPercent: 50 }).length, 2);
  });

  it('heats the gutter from self weight, not total', () => {
    const out = annotateLines(stats, opts);
    const heat = Object.fromEntries(out.map((a) => [a.line, a.heat]));
    assert.equal(heat[2], 0, 'a call site with no self time gets no heat');
    assert.equal(heat[11], 5);
    assert.ok(heat[6]! >= 2 && heat[6]! <= 3, `1234/4000 is warm, got ${heat[6]}`);
  });

  it('merges repeated lines and sorts', () => {
    const out = annotateLines(
      [
        { line: 5, self: 1, total: 1 },
        { line: 2, self: 3, total: 3 },
        { line: 5, self: 2, total: 2 },
      ],
      {
        ...opts,
        profileTotal: 6,
        hottestSelf: 3,
      },
    );
    assert.deepEqual(
      out.map((a) => [a.line, a.total]),
      [
        [1, 3],
        [4, 3],
      ],
    );
  });

  it('skips invalid lines and empty profiles', () => {
    assert.deepEqual(
      annotateLines(
        [
          { line: 0, self: 1, total: 1 },
          { line: 1.5, self: 1, total: 1 },
        ],
        opts,
      ),
      [],
    );
    assert.deepEqual(annotateLines(stats, { ...opts, profileTotal: 0 }), []);
  });

  it('shows time, bytes or only the share depending on unit', () => {
    const time = weightDisplay({ name: 'samples', unit: 'samples' }, 'time', 5_000_000);
    assert.equal(annotateLines([{ line: 1, self: 200, total: 200 }], { ...opts, display: time })[0]!.text, '● 1.00 s · 2.0%');
    const bytes = weightDisplay({ name: 'alloc_space', unit: 'bytes' }, 'auto');
    assert.equal(annotateLines([{ line: 1, self: 3 << 20, total: 3 << 20 }], { ...opts, profileTotal: 6 << 20, display: bytes })[0]!.text, '● 3.0 MiB · 50.0%');
    const pct = weightDisplay({ name: 'samples', unit: 'samples' }, 'percent');
    assert.equal(annotateLines([{ line: 1, self: 1, total: 1 }], { ...opts, thresholdPercent: 0, display: pct })[0]!.text, '● <0.1%');
    assert.equal(annotateLines([{ line: 1, self: 1, total: 1 }], { ...opts, thresholdPercent: 0 })[0]!.text, '● 1 sample · <0.1%');
  });
});

describe('heat and formatting', () => {
  it('heat levels grow with self share and stay in 1..5', () => {
    assert.equal(heatLevel(0, 100), 0);
    assert.equal(heatLevel(1, 100), 1);
    assert.equal(heatLevel(25, 100), 3);
    assert.equal(heatLevel(100, 100), 5);
    assert.equal(heatLevel(500, 100), 5);
    assert.equal(heatLevel(Number.NaN, 100), 0);
    assert.equal(hottestLineSelf([[{ line: 1, self: 3, total: 3 }], [{ line: 2, self: 9, total: 9 }]]), 9);
  });

  it('formats durations, bytes and shares', () => {
    assert.equal(formatDurationNs(1_500), '1.5 µs');
    assert.equal(formatDurationNs(12_345_678), '12.3 ms');
    assert.equal(formatBytes(512), '512 B');
    assert.equal(formatBytes(1536), '1.5 KiB');
    assert.equal(formatShare(0.123), '12.3%');
    assert.equal(formatShare(0), '0%');
    assert.equal(formatShare(0.0004), '<0.1%');
  });
});

describe('formatCount', () => {
  it('groups thousands', async () => {
    const { formatCount } = await import('../../../src/core/annotations/weightFormat');
    assert.deepEqual([0, 7, 999, 1000, 1234.4, 123456, 1234567, -4321].map(formatCount), ['0', '7', '999', '1,000', '1,234', '123,456', '1,234,567', '-4,321']);
    assert.equal(formatCount(Number.NaN), '?');
  });
});
