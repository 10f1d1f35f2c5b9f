import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { contentHash, describeStaleReason, staleReason } from '../../../src/core/annotations/contentHash';

describe('staleness', () => {
  const text = 'def f():\n    return 1\n';
  const base = { currentText: text, maxAnnotatedLine: 1, lineCount: 3 };

  it('ignores line-ending differences', () => {
    assert.equal(contentHash('a\r\nb\r\n'), contentHash('a\nb\n'));
    assert.notEqual(contentHash('a\nb\n'), contentHash('a\nc\n'));
  });

  it('is fresh when the recorded hash matches and stale when it differs', () => {
    assert.equal(staleReason({ ...base, recordedHash: contentHash(text) }), null);
    assert.equal(staleReason({ ...base, recordedHash: contentHash(text + '# edited\n') }), 'content-changed');
  });

  it('does not call a file stale without a recorded hash (mtimes lie after a checkout)', () => {
    assert.equal(staleReason(base), null);
  });

  it('says so when annotated lines lie past the end of the file', () => {
    assert.equal(staleReason({ ...base, maxAnnotatedLine: 40, recordedHash: contentHash(text) }), 'lines-beyond-end');
    assert.match(describeStaleReason('lines-beyond-end'), /different version/);
  });
});
