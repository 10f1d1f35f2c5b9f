import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildFlameTree } from '../../../src/core/flame/flameTree';
import { focusView, pruneSubtree } from '../../../src/core/flame/prune';
import type { FlameViewNode } from '../../../src/core/webviewProtocol';
import { folded } from './helpers';

function count(n: FlameViewNode): number {
  return 1 + (n.children ?? []).reduce((s, c) => s + count(c), 0);
}
function find(n: FlameViewNode, name: string): FlameViewNode | undefined {
  if (n.name === name) return n;
  for (const c of n.children ?? []) {
    const f = find(c, name);
    if (f) return f;
  }
  return undefined;
}

// main holds one big callee and 500 tiny ones (1 sample each of 10,500).
const lines = ['main;big 10000', ...Array.from({ length: 500 }, (_, i) => `main;tiny${i};leaf 1`)];

test('children narrower than the pixel cutoff merge into one "n small frames" node', () => {
  const t = buildFlameTree(folded(lines));
  const v = pruneSubtree(t, 0, { width: 1000, minPx: 0.5 });
  const main = v.root.children![0]!;
  assert.equal(main.name, 'main');
  assert.deepEqual(
    main.children!.map((c) => c.name),
    ['big', '500 small frames'],
  );
  const merged = main.children![1]!;
  assert.equal(merged.value, 500);
  assert.equal(merged.kind, 'm');
  assert.equal(merged.merged!.count, 500);
  assert.equal(v.merged, 500);
  // Widths still add up: nothing lost.
  assert.equal(
    main.children!.reduce((s, c) => s + c.value, 0),
    10500,
  );
});

test('zooming into the merged node expands exactly its members at full width', () => {
  const t = buildFlameTree(folded(lines));
  const main = pruneSubtree(t, 0, { width: 1000 }).root.children![0]!;
  const m = main.children![1]!.merged!;
  const v = focusView(t, m.parent, { width: 1000, budget: 2000 }, { parent: m.parent, cutoff: m.cutoff });
  const focused = find(v.root, 'main')!;
  assert.equal(focused.value, 500);
  assert.equal(focused.children!.length, 500);
  assert.ok(!find(v.root, 'big'), 'the big sibling is not part of the small group');
  assert.equal(v.root.name, 'all');
  assert.equal(v.root.value, 500, 'ancestors span the focused width');
  assert.ok(find(v.root, 'leaf'));
});

test('the node budget bounds what is drawn, widest first', () => {
  const many = Array.from({ length: 3000 }, (_, i) => `main;f${i};g${i} ${1000 + i}`);
  const t = buildFlameTree(folded(many));
  const v = pruneSubtree(t, 0, { width: 1000, minPx: 0, budget: 100 });
  assert.ok(count(v.root) <= 100 + 1 + 100, `drew ${count(v.root)}`);
  // The widest function is among those drawn.
  assert.ok(find(v.root, 'f2999'));
  assert.ok(!find(v.root, 'f0'));
});

test('focus view keeps the ancestor chain and prunes relative to the focused width', () => {
  const t = buildFlameTree(folded(['main;a;b 1', 'main;a;c 1', 'main;z 100000']));
  const unfocused = pruneSubtree(t, 0, { width: 1000 });
  assert.ok(!find(unfocused.root, 'b'), 'b is far below a pixel at the top level');
  const aId = find(unfocused.root, 'main')!.children!.find((c) => c.kind === 'm') ? -1 : -1;
  assert.equal(aId, -1);
  let a = -1;
  for (let n = 1; n < t.size; n++) if (t.functions[t.func[n]!]!.name === 'a') a = n;
  const v = focusView(t, a, { width: 1000 });
  assert.deepEqual([v.root.name, v.root.children![0]!.name, v.root.children![0]!.children![0]!.name], ['all', 'main', 'a']);
  assert.equal(v.root.value, 2);
  assert.deepEqual(
    find(v.root, 'a')!
      .children!.map((c) => c.name)
      .sort(),
    ['b', 'c'],
  );
});

test('a 5,000-deep chain is emitted whole', () => {
  const t = buildFlameTree(folded([Array.from({ length: 5000 }, (_, i) => `f${i}`).join(';') + ' 7']));
  const v = pruneSubtree(t, 0, { width: 800 });
  assert.equal(v.drawn, 5000);
});
