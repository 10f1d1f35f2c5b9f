// Incremental parsing must give the same tree as parsing the final text from scratch.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { Node } from 'web-tree-sitter';
import { DocumentStore } from '../../../src/server/documents';
import { descendants } from '../../../src/server/syntax';
import { grammars } from './helpers';

/** Every node with its offsets and points: a wrong tree.edit shows up as shifted positions. */
function dump(root: Node): string {
  return [...descendants(root)]
    .map((n) => `${n.type}@${n.startIndex}-${n.endIndex}:${n.startPosition.row},${n.startPosition.column}-${n.endPosition.row},${n.endPosition.column}`)
    .join(' ');
}

const START = 'def f(rows):\n    s = ""\n    for r in rows:\n        s += str(r)  # é😀\n    return s\n';

describe('DocumentStore', () => {
  it('keeps the edited tree in step with random incremental edits (including non-ASCII and newlines)', async () => {
    const pieces = fc.constantFrom('', 'x', ' += "a"\n', '\n    ', 'for i in y:\n        ', 'é😀', '"', '):', '\r\n', '#');
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat(), fc.nat(6), pieces), { minLength: 1, maxLength: 12 }), async (edits) => {
        const store = new DocumentStore(grammars);
        const entry = store.open('file:///t.py', 'python', 1, START, 'python');
        await store.parse(entry);
        let version = 1;
        for (const [at, len, text] of edits) {
          const doc = entry.doc.getText();
          let start = at % (doc.length + 1);
          // Never split a surrogate pair: editors don't, and LSP offsets would not round-trip.
          if (start > 0 && /[\uDC00-\uDFFF]/.test(doc[start] ?? '')) start--;
          let end = Math.min(doc.length, start + len);
          if (end < doc.length && /[\uDC00-\uDFFF]/.test(doc[end] ?? '')) end++;
          store.change('file:///t.py', ++version, [{ range: { start: entry.doc.positionAt(start), end: entry.doc.positionAt(end) }, text }]);
          if (version % 3 === 0) await store.parse(entry); // sometimes re-parse between edits, sometimes batch
        }
        const incremental = dump((await store.parse(entry)).rootNode);
        const parser = await grammars.parser('python');
        const fresh = parser.parse(entry.doc.getText())!;
        assert.equal(incremental, dump(fresh.rootNode));
        fresh.delete();
        parser.delete();
        store.close('file:///t.py');
      }),
      { numRuns: 150 },
    );
  });
});
