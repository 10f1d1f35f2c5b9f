// Quick fixes are offered only when the rewrite is exact; these look-alikes must get the diagnostic
// but no fix. (test/integration/server/fixes.test.ts runs the fixes that are offered.)
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits } from '../../../src/server/engine';
import type { GrammarId } from '../../../src/server/grammars';
import { findingsFor } from './helpers';

async function fixesOf(rule: string, grammar: GrammarId, code: string): Promise<number[]> {
  const found = await findingsFor(rule, code, grammar);
  assert.ok(found.length > 0, `${rule} should still be reported on:\n${code}`);
  return found.map((f) => f.fixes.length);
}

async function fixedText(rule: string, grammar: GrammarId, code: string): Promise<string> {
  const [f] = await findingsFor(rule, code, grammar);
  assert.ok(f?.fixes[0], `${rule} should offer a fix on:\n${code}`);
  return applyEdits(code, f.fixes[0].edits);
}

describe('quick fixes are refused where they would change behaviour', () => {
  it('py/string-concat-in-loop: no fix when the string is read inside the loop or before it', async () => {
    assert.deepEqual(await fixesOf('py/string-concat-in-loop', 'python', 's = ""\nfor x in xs:\n    s += x\n    print(len(s))\n'), [0]);
    assert.deepEqual(await fixesOf('py/string-concat-in-loop', 'python', 's = ""\nlog(s)\nfor x in xs:\n    s += x\n'), [0]);
    assert.deepEqual(await fixesOf('py/string-concat-in-loop', 'python', 's = ""\nfor x in xs:\n    s += s + x\n'), [0]);
    assert.deepEqual(await fixesOf('py/string-concat-in-loop', 'python', 's = ""\nfor x in xs:\n    s = s + x\n'), [0]);
  });
  it('py/sync-io-in-async: no fix for open() or inside generator expressions', async () => {
    assert.deepEqual(await fixesOf('py/sync-io-in-async', 'python', 'async def f(p):\n    return open(p).read()\n'), [0]);
    assert.deepEqual(await fixesOf('py/sync-io-in-async', 'python', 'async def f(us):\n    return list(requests.get(u) for u in us)\n'), [0]);
  });
  it('py/sync-io-in-async: a chained call is parenthesised around the await', async () => {
    const out = await fixedText('py/sync-io-in-async', 'python', 'import asyncio\nasync def f(u):\n    return requests.get(u).json()\n');
    assert.match(out, /return \(await asyncio\.to_thread\(requests\.get, u\)\)\.json\(\)/);
  });
  it('js/array-lookup-in-loop: no fix when the array changes in the loop or for fromIndex', async () => {
    // An array that grows inside the loop is not even reported: a Set built before it would go stale.
    assert.deepEqual(
      await findingsFor(
        'js/array-lookup-in-loop',
        'function f(seen, xs) {\n  for (const x of xs) {\n    if (!seen.includes(x)) seen.push(x);\n  }\n}\n',
        'javascript',
      ),
      [],
    );
    assert.deepEqual(
      await fixesOf('js/array-lookup-in-loop', 'javascript', 'function f(ids, xs) {\n  for (const x of xs) if (ids.includes(x, 2)) n++;\n}\n'),
      [0],
    );
    assert.deepEqual(await fixesOf('js/array-lookup-in-loop', 'javascript', 'function f(ids, xs) {\n  for (const x of xs) n += ids.indexOf(x);\n}\n'), [0]);
  });
  it('js/dom-mutation-in-loop: no fragment when the loop reads the parent or can return early', async () => {
    assert.deepEqual(
      await fixesOf(
        'js/dom-mutation-in-loop',
        'javascript',
        'function f(list, xs) {\n  for (const x of xs) {\n    list.appendChild(x);\n    log(list.children.length);\n  }\n}\n',
      ),
      [0],
    );
    assert.deepEqual(
      await fixesOf(
        'js/dom-mutation-in-loop',
        'javascript',
        'function f(list, xs) {\n  for (const x of xs) {\n    if (!x) return;\n    list.appendChild(x);\n  }\n}\n',
      ),
      [0],
    );
  });
  it('js/listener-not-removed: no cleanup fix for inline handlers or effects that already return', async () => {
    assert.deepEqual(
      await fixesOf('js/listener-not-removed', 'javascript', 'useEffect(() => {\n  window.addEventListener("resize", () => go());\n}, []);\n'),
      [0],
    );
    assert.deepEqual(
      await fixesOf('js/listener-not-removed', 'javascript', 'useEffect(() => {\n  window.addEventListener("resize", go);\n  return () => stop();\n}, []);\n'),
      [0],
    );
  });
  it('go/append-without-prealloc: no fix when the length is unknown (a function result)', async () => {
    assert.deepEqual(
      await fixesOf(
        'go/append-without-prealloc',
        'go',
        'package p\nfunc f() []int {\n\tout := []int{}\n\tfor i, x := range load() {\n\t\tout = append(out, i+x)\n\t}\n\treturn out\n}\n',
      ),
      [0],
    );
  });
  it('go/append-without-prealloc: counted loops keep nil and never make with a negative capacity', async () => {
    // var out []T: allocate only when the count is positive (a negative n runs the loop zero times).
    const counted = await fixedText(
      'go/append-without-prealloc',
      'go',
      'package p\nfunc f(n int) []int {\n\tvar out []int\n\tfor i := 0; i < n; i++ {\n\t\tout = append(out, i*i)\n\t}\n\treturn out\n}\n',
    );
    assert.match(counted, /\tif n > 0 \{\n\t\tout = make\(\[\]int, 0, n\)\n\t\}\n\tfor i := 0/);
    const ranged = await fixedText(
      'go/append-without-prealloc',
      'go',
      'package p\nfunc f(n int) []int {\n\tvar out []int\n\tfor i := range n {\n\t\tout = append(out, i)\n\t}\n\treturn out\n}\n',
    );
    assert.match(ranged, /if n > 0 \{\n\t\tout = make\(\[\]int, 0, n\)/);
    // In place, make([]int, 0, n) would panic for n < 0: reported without a fix; len(xs) is safe.
    assert.deepEqual(
      await fixesOf(
        'go/append-without-prealloc',
        'go',
        'package p\nfunc f(n int) []int {\n\tout := []int{}\n\tfor i := 0; i < n; i++ {\n\t\tout = append(out, i)\n\t}\n\treturn out\n}\n',
      ),
      [0],
    );
    const inPlace = await fixedText(
      'go/append-without-prealloc',
      'go',
      'package p\nfunc f(xs []int) []int {\n\tout := []int{}\n\tfor i := 0; i < len(xs); i++ {\n\t\tout = append(out, xs[i])\n\t}\n\treturn out\n}\n',
    );
    assert.match(inPlace, /out := make\(\[\]int, 0, len\(xs\)\)/);
  });
  it('go/string-concat-in-loop: no Builder when the string is read inside the loop', async () => {
    assert.deepEqual(
      await fixesOf(
        'go/string-concat-in-loop',
        'go',
        'package p\nfunc f(xs []string) string {\n\ts := ""\n\tfor _, x := range xs {\n\t\ts += x\n\t\tif len(s) > 9 {\n\t\t\tbreak\n\t\t}\n\t}\n\treturn s\n}\n',
      ),
      [0],
    );
  });
  it('rs/vec-without-capacity: no fix for a range whose bound has an unknown integer type', async () => {
    assert.deepEqual(
      await fixesOf('rs/vec-without-capacity', 'rust', 'fn f(n: u32) {\n    let mut v = Vec::new();\n    for i in 0..n {\n        v.push(i);\n    }\n}\n'),
      [0],
    );
  });
  it('rs/clone-in-loop: no fix for &x.clone() (the borrow may change type)', async () => {
    assert.deepEqual(await fixesOf('rs/clone-in-loop', 'rust', 'fn f(xs: &[String]) {\n    for x in xs {\n        take(&x.clone());\n    }\n}\n'), [0]);
  });
});
