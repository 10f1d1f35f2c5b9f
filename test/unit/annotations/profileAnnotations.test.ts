import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ProfileAnnotator } from '../../../src/core/annotations/profileAnnotations';
import { weightDisplay } from '../../../src/core/annotations/weightFormat';

const lineStats = new Map([
  [
    '/app/slow.py',
    [
      { line: 4, self: 0, total: 90 },
      { line: 9, self: 60, total: 60 },
      { line: 12, self: 30, total: 30 },
      { line: 13, self: 1, total: 1 },
    ],
  ],
  ['/usr/lib/python3.11/json/decoder.py', [{ line: 353, self: 9, total: 9 }]],
]);
const functions = [
  { name: '<module>', file: '/app/slow.py', line: 4, self: 0, total: 100 },
  { name: 'build_report', file: '/app/slow.py', line: 9, self: 60, total: 60 },
  { name: 'lookup', file: '/app/slow.py', line: 12, self: 31, total: 31 },
  { name: 'decode', file: '/usr/lib/python3.11/json/decoder.py', line: 353, self: 9, total: 9 },
];
const frames = [
  { name: '<module>', file: '/app/slow.py', line: 4 },
  { name: 'build_report', file: '/app/slow.py', line: 9 },
  { name: 'lookup', file: '/app/slow.py', line: 12 },
  { name: 'lookup', file: '/app/slow.py', line: 13 },
];

function annotator(threshold = 1, lens = 5) {
  return new ProfileAnnotator(
    {
      lineStats,
      functions,
      frames,
      profileTotal: 100,
      display: weightDisplay({ name: 'samples', unit: 'samples' }, 'auto'),
      paths: { roots: ['/home/me/proj'] },
    },
    { thresholdPercent: threshold, codeLensThresholdPercent: lens },
  );
}

describe('ProfileAnnotator', () => {
  it('annotates a workspace file the profile recorded under a container path', () => {
    const file = annotator().forDocument('/home/me/proj/slow.py');
    assert.ok(file);
    assert.equal(file.recordedFile, '/app/slow.py');
    assert.deepEqual(
      file.lines.map((l) => [l.line, l.text, l.heat]),
      [
        [3, '● 90 samples · 90.0%', 0],
        [8, '● 60 samples · 60.0%', 5],
        [11, '● 30 samples · 30.0%', 4],
        [12, '● 1 sample · 1.0%', 1],
      ],
    );
    assert.equal(annotator(1.5).forDocument('/home/me/proj/slow.py')!.lines.length, 3, 'a 1% line is under a 1.5% threshold');
    assert.equal(file.byLine.get(8)?.self, 60);
  });

  it('does no work for files the profile does not touch', () => {
    const a = annotator();
    assert.equal(a.forDocument('/home/me/proj/untouched.py'), undefined);
    assert.equal(a.computedFiles, 0);
    a.forDocument('/home/me/proj/slow.py');
    a.forDocument('/home/me/proj/slow.py');
    assert.equal(a.computedFiles, 1);
  });

  it('lists hot functions above the CodeLens threshold, hottest first', () => {
    assert.deepEqual(
      annotator(1, 40)
        .forDocument('/home/me/proj/slow.py')!
        .hotFunctions.map((f) => f.name),
      ['<module>', 'build_report'],
    );
  });

  it('names the function of a line and finds the enclosing one for unnamed lines', () => {
    const a = annotator();
    assert.deepEqual(a.functionNamesAt('/app/slow.py', 13), ['lookup']);
    assert.equal(a.enclosingFunction('/app/slow.py', 9)?.name, 'build_report');
    assert.equal(a.enclosingFunction('/app/slow.py', 10)?.name, 'build_report');
    assert.equal(a.enclosingFunction('/app/slow.py', 2), undefined);
  });
});
