import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits } from '../../../src/server/engine';
import { lintText } from '../../../src/server/lint';
import { ALL_RULES } from '../../../src/server/rules/index';
import { parseSuppressions } from '../../../src/server/suppressions';
import { grammars } from './helpers';

const concat = 's = ""\nfor x in xs:\n    s += x\n';

describe('rule engine', () => {
  it('every rule has a unique id, a message that says what to do, and compiles for each of its languages', async () => {
    assert.equal(new Set(ALL_RULES.map((r) => r.id)).size, ALL_RULES.length);
    assert.equal(ALL_RULES.length, 23);
    for (const rule of ALL_RULES) {
      assert.match(rule.id, /^(py|js|go|rs)\/[a-z0-9-]+$/);
      assert.ok(rule.message.length > 80, rule.id);
      for (const lang of rule.languages) await lintText(grammars, '', lang, {}, [rule]); // throws on a bad query
    }
  });

  it('puts the diagnostic on the offending statement, not the loop header', async () => {
    const [f] = await lintText(grammars, concat, 'python');
    assert.deepEqual(f.range, { start: { line: 2, character: 4 }, end: { line: 2, character: 10 } });
  });

  it('honours suppression comments on the line and on the line above, by rule or for all', async () => {
    const run = async (code: string, lang: 'python' | 'javascript' = 'python') => (await lintText(grammars, code, lang)).map((f) => f.rule);
    assert.deepEqual(await run('s = ""\nfor x in xs:\n    s += x  # hotline: ignore[py/string-concat-in-loop]\n'), []);
    assert.deepEqual(await run('s = ""\nfor x in xs:\n    # hotline: ignore\n    s += x\n'), []);
    assert.deepEqual(await run('s = ""\nfor x in xs:\n    s += x  # hotline: ignore[py/unbounded-cache]\n'), ['py/string-concat-in-loop']);
    assert.deepEqual(
      await run('for (const o of os) {\n  // hotline-ignore js/array-lookup-in-loop\n  if (ids.find((i) => i === o)) n++;\n}\n', 'javascript'),
      [],
    );
  });

  it('turns rules off by id or by family prefix, and overrides severity', async () => {
    assert.deepEqual(await lintText(grammars, concat, 'python', { disabled: ['py/string-concat-in-loop'] }), []);
    assert.deepEqual(await lintText(grammars, concat, 'python', { disabled: ['py/*'] }), []);
    assert.deepEqual(await lintText(grammars, concat, 'python', { severity: { 'py/string-concat-in-loop': 'off' } }), []);
    const [f] = await lintText(grammars, concat, 'python', { severity: { 'py/string-concat-in-loop': 'error' } });
    assert.equal(f.severity, 'error');
  });

  it('parses suppressions with line numbers and lists', () => {
    const s = parseSuppressions('a\nb  # hotline: ignore[py/a, py/b]\n// hotline-ignore\nc\n');
    assert.deepEqual([...(s.get(1) as Set<string>)], ['py/a', 'py/b']);
    assert.equal(s.get(3), 'all');
  });

  it('applies edits from the end and rejects overlapping ones', () => {
    assert.equal(
      applyEdits('abcdef', [
        { start: 0, end: 1, newText: 'X' },
        { start: 4, end: 6, newText: '' },
      ]),
      'Xbcd',
    );
    assert.throws(
      () =>
        applyEdits('abcdef', [
          { start: 0, end: 3, newText: '' },
          { start: 2, end: 4, newText: '' },
        ]),
      /overlapping/,
    );
  });
});
