import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFromWebviewMessage } from '../../../src/core/webviewProtocol';
import { FlameSession } from '../../../src/core/flame/session';
import type { ToWebviewMessage } from '../../../src/core/webviewProtocol';
import { folded } from './helpers';

test('validator accepts well-formed messages and rejects everything else', () => {
  assert.deepEqual(parseFromWebviewMessage({ type: 'openSource', frame: 3 }), { type: 'openSource', frame: 3 });
  assert.deepEqual(parseFromWebviewMessage({ type: 'focus', requestId: 1, node: 5, width: 800.4 }), { type: 'focus', requestId: 1, node: 5, width: 800 });
  for (const bad of [
    null,
    'ready',
    [],
    {},
    { type: 'nope' },
    { type: 'openSource', frame: -1 },
    { type: 'openSource', frame: 1.5 },
    { type: 'openSource', frame: '3' },
    { type: 'focus', requestId: 1, node: 5, width: 0 },
    { type: 'focus', requestId: 1, node: 5, width: 1e9 },
    { type: 'focus', requestId: 1, node: 5, width: 100, small: { parent: 'x', cutoff: 1 } },
    { type: 'search', requestId: 1, pattern: 'x'.repeat(5000) },
    { type: 'search', requestId: 1, pattern: 7 },
    { type: 'setOptions', options: { weight: 0, myCodeOnly: 'yes', inverted: false, diff: false } },
    { type: 'ready' },
  ])
    assert.equal(parseFromWebviewMessage(bad), null, JSON.stringify(bad));
  const ready = parseFromWebviewMessage({ type: 'ready', width: 500, state: { search: 'a', colorBy: 'evil', focus: -3, title: 't' } });
  assert.deepEqual(ready, { type: 'ready', width: 500, state: { search: 'a', title: 't' } });
});

test('session answers ready/focus/search and never opens a frame that does not exist', () => {
  const sent: ToWebviewMessage[] = [];
  const opened: number[] = [];
  let details = 0;
  const post = (m: ToWebviewMessage) => (m.type === 'details' ? details++ : sent.push(m));
  const s = new FlameSession({ profile: folded(['main;a 3', 'main;b 1']), title: 't' }, { post, openSource: (f) => opened.push(f) });
  s.handle({ type: 'ready', width: 800, state: { focus: 12345 } });
  assert.ok(sent[0]!.type === 'model' && sent[0]!.model.viewFollows === true);
  const first = sent[1]!;
  assert.ok(
    first.type === 'view' && first.view.requestId === 0 && first.view.focus === 0,
    'the first view comes unasked; a stale focus falls back to the root',
  );
  assert.equal(details, 1, 'the lists follow the first view');
  sent.length = 1;
  s.handle({ type: 'focus', requestId: 7, node: 0, width: 800 });
  const v = sent[1]!;
  assert.ok(v.type === 'view' && v.view.requestId === 7 && v.view.nodes[0]!.value === 4 && v.view.parents[0] === -1);
  assert.equal(details, 1, 'the lists go once per tree');
  s.handle({ type: 'focus', requestId: 8, node: 99999, width: 800 });
  assert.ok(sent[2]!.type === 'view' && sent[2]!.view.focus === 0, 'an unknown node falls back to the root');
  s.handle({ type: 'search', requestId: 9, pattern: '^a$' });
  assert.ok(sent[3]!.type === 'searchResult' && sent[3]!.share === 0.75);
  s.handle({ type: 'search', requestId: 10, pattern: '[' });
  assert.ok(sent[4]!.type === 'searchResult' && /not a valid/.test(sent[4]!.error!));
  s.handle({ type: 'openSource', frame: 1 });
  s.handle({ type: 'openSource', frame: 1000 });
  assert.deepEqual(opened, [1]);
  s.handle({ type: 'setOptions', options: { weight: 5, myCodeOnly: true, inverted: true, diff: true } });
  assert.deepEqual(s.currentOptions, { weight: 0, myCodeOnly: true, inverted: true, diff: false }, 'no baseline: no diff; bad weight: 0');
  s.handle({ type: 'focus', requestId: 11, node: 0, width: 800 });
  assert.equal(details, 2, 'a new tree sends its lists again');
});

import { bestSuffixMatch, relativeTails, sharedSuffix } from '../../../src/core/flame/sourcePath';

test('source paths recorded elsewhere resolve by the longest shared suffix', () => {
  assert.equal(sharedSuffix('/ci/build/src/app/main.py', '/home/me/proj/src/app/main.py'), 3);
  assert.equal(sharedSuffix('C:\\w\\src\\a.py', '/x/src/a.py'), 2);
  const cands = ['/ws/tests/main.py', '/ws/src/app/main.py', '/ws/other/app/main.py'];
  assert.equal(bestSuffixMatch('/ci/build/src/app/main.py', cands), '/ws/src/app/main.py');
  assert.equal(bestSuffixMatch('/ci/main.py', ['/ws/deep/x/main.py', '/ws/main.py']), '/ws/main.py', 'tie: the shorter path');
  assert.equal(bestSuffixMatch('/ci/nothing.py', cands), null);
  assert.deepEqual(relativeTails('/ci/src/a.py'), ['ci/src/a.py', 'src/a.py', 'a.py']);
});

test('reveal zooms the webview to the heaviest node of a named function', () => {
  const sent: ToWebviewMessage[] = [];
  const s = new FlameSession({ profile: folded(['main;a;work 1', 'main;b;work 5']), title: 't' }, { post: (m) => sent.push(m) });
  assert.equal(s.reveal({ name: 'work', file: '/elsewhere/app.py' }), true);
  const m = sent[0]!;
  assert.ok(m.type === 'reveal');
  assert.equal(s.currentTree.total[m.node], 5);
  assert.equal(s.reveal({ name: 'absent' }), false);
});

import { flattenView, unflattenView } from '../../../src/core/flame/viewCodec';
import { buildFlameTree } from '../../../src/core/flame/flameTree';
import { focusView } from '../../../src/core/flame/prune';

test('views travel flat and come back identical, even 5,000 levels deep', () => {
  const small = focusView(buildFlameTree(folded(['main;a;b 3', 'main;a;c 1', 'main;d 2'])), 0, { width: 800 }).root;
  assert.deepEqual(unflattenView(flattenView(small)), small);
  const deep = focusView(buildFlameTree(folded([Array.from({ length: 5000 }, (_, i) => `f${i}`).join(';') + ' 1'])), 0, { width: 800 }).root;
  const flat = flattenView(deep);
  assert.equal(flat.nodes.length, 5001);
  assert.doesNotThrow(() => structuredClone(flat), 'the flat form survives structured cloning');
  let n = unflattenView(flat);
  let depth = 0;
  while (n.children) [n, depth] = [n.children[0]!, depth + 1];
  assert.equal(depth, 5000);
  assert.throws(() => unflattenView({ nodes: flat.nodes.slice(0, 2), parents: [-1, 5] }), /malformed/);
});

test('the top-functions table stays top-down in the inverted view', () => {
  let details: import('../../../src/core/webviewProtocol').FlameDetails | undefined;
  const s = new FlameSession(
    { profile: folded(['main;a;leaf 3', 'main;b;leaf 1']), title: 't' },
    {
      post: (m) => {
        if (m.type === 'details') details = m.details;
      },
    },
  );
  s.handle({ type: 'setOptions', options: { weight: 0, myCodeOnly: false, inverted: true, diff: false } });
  s.handle({ type: 'focus', requestId: 1, node: 0, width: 800 });
  const main = details!.functions.find((r) => r.name === 'main')!;
  assert.equal(main.self, 0, 'main spends no time itself, even though it is the outermost caller');
  assert.equal(details!.functions.find((r) => r.name === 'leaf')!.self, 4);
});
