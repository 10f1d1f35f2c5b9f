// The quick first view of a big profile: the stack trie pruned for the screen, embedded in the
// page as an inert JSON block. Same picture as the real tree's first view when each frame is its
// own function; nothing for small profiles.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProfileBuilder } from '../../../src/core/model/profile';
import { buildFlameTree } from '../../../src/core/flame/flameTree';
import { focusView } from '../../../src/core/flame/prune';
import { flattenView } from '../../../src/core/flame/viewCodec';
import { quickFirstView, QUICK_VIEW_MIN_STACKS } from '../../../src/core/flame/quickView';
import { firstPaint } from '../../../src/core/flame/session';
import { embeddedDataBlock } from '../../../src/core/webviewPage';

/** A tree of `n` distinct stacks (each frame a function of its own), weights uneven. */
function big(n: number, hostileName = false) {
  const b = new ProfileBuilder({ format: 'generated', profiler: 'test' });
  const stacks: number[] = [];
  for (let i = 0; i < n; i++) {
    const name = hostileName && i === 0 ? '</script><img src=x onerror=alert(1)>' : `f${i}`;
    const f = b.frame({ name, file: `/src/m${i % 7}.py`, line: 1 + (i % 50) });
    const parent = i < 10 ? -1 : stacks[Math.floor(i / 3)]!;
    stacks.push(b.stack(parent, f));
  }
  for (let i = 0; i < n; i++) b.addSampleAt(stacks[i]!, [1 + (i % 13 === 0 ? 40 : 0)]);
  return b.build();
}

test('a big profile gets the same first view from its stack trie as from the full tree', () => {
  const p = big(QUICK_VIEW_MIN_STACKS + 1000);
  const quick = quickFirstView(p, 1200)!;
  assert.ok(quick, 'a quick view for a big profile');
  assert.equal(quick.provisional, true);
  const real = focusView(buildFlameTree(p), 0, { width: 1200 });
  const flat = flattenView(real.root);
  assert.equal(quick.drawn, real.drawn);
  assert.deepEqual(
    quick.nodes.map((n) => [n.name, n.value, n.file, n.line]),
    flat.nodes.map((n) => [n.name, n.value, n.file, n.line]),
  );
  assert.deepEqual(quick.parents, flat.parents);
});

test('small profiles and differential views get none; the embedded block cannot be closed by a name', () => {
  assert.equal(quickFirstView(big(100), 1200), null);
  const p = big(QUICK_VIEW_MIN_STACKS, true);
  assert.equal(firstPaint({ profile: p, title: 't', baseline: p }), null);
  const fp = firstPaint({ profile: p, title: '</script><img src=x onerror=alert(1)>' })!;
  assert.equal(fp.model.viewFollows, true);
  const html = embeddedDataBlock('hotline-first-paint', fp);
  assert.match(html, /^<script type="application\/json" id="hotline-first-paint">/);
  assert.equal(html.indexOf('</script>'), html.length - '</script>'.length, 'one closing tag, at the end');
  assert.ok(!html.slice(0, -9).includes('<', 60), 'no raw "<" inside the data');
  const data = JSON.parse(html.slice(html.indexOf('>') + 1, -'</script>'.length));
  assert.equal(data.model.title, '</script><img src=x onerror=alert(1)>', 'the title comes back as text');
});
