// The Live Top page and the messages it may send.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { liveTopPageHtml } from '../../../src/core/liveTop/liveTopPage';
import { PAGE_IDS, parseFromLiveTopMessage } from '../../../src/core/webviewProtocol';
import { assertStrictPage } from '../strictPage';

test('the page: strict CSP, the one nonce-d bundle script, the table, the seconds field and both buttons', () => {
  const html = liveTopPageHtml({ script: 'vscode-webview://x/dist/liveTop.js' }, { nonce: 'n0nce', cspSource: 'vscode-webview://x' });
  assertStrictPage(html, 'n0nce');
  assert.match(html, /<script nonce="n0nce" src="vscode-webview:\/\/x\/dist\/liveTop\.js"><\/script>/);
  for (const id of [PAGE_IDS.liveTopRows, PAGE_IDS.liveTopStatus, PAGE_IDS.liveTopSeconds, PAGE_IDS.liveTopProfile, PAGE_IDS.liveTopStop])
    assert.match(html, new RegExp(`id="${id}"`));
  assert.match(html, /<button id="live-top-profile">Profile the last N seconds<\/button>/);
});

test('messages from the page: loaded, stop, and profileRecent with whole seconds in range only', () => {
  assert.deepEqual(parseFromLiveTopMessage({ type: 'loaded' }, 300), { type: 'loaded' });
  assert.deepEqual(parseFromLiveTopMessage({ type: 'stop', extra: '<x>' }, 300), { type: 'stop' });
  assert.deepEqual(parseFromLiveTopMessage({ type: 'profileRecent', seconds: 10 }, 300), { type: 'profileRecent', seconds: 10 });
  for (const bad of [
    { type: 'profileRecent', seconds: 0 },
    { type: 'profileRecent', seconds: 301 },
    { type: 'profileRecent', seconds: 2.5 },
    { type: 'profileRecent', seconds: '10' },
    { type: 'openSource', frame: 1 },
    null,
    [],
    'stop',
  ])
    assert.equal(parseFromLiveTopMessage(bad, 300), null, JSON.stringify(bad));
});
