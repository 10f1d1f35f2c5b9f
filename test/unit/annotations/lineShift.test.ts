import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { shiftLine, shiftLines } from '../../../src/core/annotations/lineShift';

const change = (startLine: number, startCharacter: number, endLine: number, endCharacter: number, text: string) => ({
  startLine,
  startCharacter,
  endLine,
  endCharacter,
  text,
});

describe('shiftLine', () => {
  it('moves lines below an insertion (Enter at the end of a line above)', () => {
    const c = change(4, 20, 4, 20, '\n    ');
    assert.equal(shiftLine(3, c), 3);
    assert.equal(shiftLine(4, c), 4);
    assert.equal(shiftLine(5, c), 6);
  });

  it('pushes a line down when text with newlines is pasted at its start', () => {
    assert.equal(shiftLine(10, change(10, 0, 10, 0, 'a\nb\n')), 12);
    assert.equal(shiftLine(10, change(10, 0, 10, 0, 'x')), 10);
  });

  it('drops deleted lines and pulls the rest up', () => {
    const c = change(2, 0, 5, 0, ''); // delete lines 2, 3, 4
    assert.deepEqual(
      [1, 2, 3, 4, 5, 9].map((l) => shiftLine(l, c)),
      [1, -1, -1, -1, 2, 6],
    );
  });

  it('drops a line merged into the previous one by a partial deletion', () => {
    const c = change(2, 8, 3, 4, ''); // join line 3 (minus 4 chars) onto line 2
    assert.equal(shiftLine(2, c), 2);
    assert.equal(shiftLine(3, c), -1);
    assert.equal(shiftLine(4, c), 3);
  });

  it('keeps a line edited in place', () => {
    assert.equal(shiftLine(7, change(7, 3, 7, 9, 'other')), 7);
    assert.equal(shiftLine(7, change(7, 0, 7, 9, 'other')), 7);
  });

  it('applies several changes in order and keeps removed lines removed', () => {
    const lines = Int32Array.from([0, 5, 10]);
    shiftLines(lines, [change(8, 0, 8, 0, 'x\ny\n'), change(1, 0, 6, 0, '')]);
    assert.deepEqual([...lines], [0, -1, 7]);
  });
});
