// The one page builder: the CSP carries the page's nonce, every script that runs carries it, and
// embedded data comes back verbatim however hostile its strings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { embeddedDataBlock, messagePage, newNonce, pageCsp, webviewPage } from '../../../src/core/webviewPage';
import type { FirstPaint, StandaloneData } from '../../../src/core/webviewProtocol';

const hostile = '</script><script>alert(1)</script><!-- \u2028\u2029 </SCRIPT > & <style>';

const standalone: StandaloneData = {
  title: hostile,
  profile: {
    v: 1,
    metadata: { format: hostile },
    weightTypes: [{ name: 'samples', unit: 'samples' }],
    frames: [[hostile, `/src/${hostile}.py`, 3, null, 'user']],
    stackFrame: [0],
    stackParent: [-1],
    sampleStack: [0],
    sampleWeights: [1],
  },
};
const firstPaint = {
  model: { title: hostile, facts: [hostile] },
  view: { requestId: 0, provisional: true, nodes: [{ name: hostile }] },
} as unknown as FirstPaint;

/** Every element of the given tag, with its attributes and text, read without a DOM. */
function tags(html: string, tag: string): { attrs: string; text: string }[] {
  return [...html.matchAll(new RegExp(`<${tag}\\b([^>]*)>([\\s\\S]*?)</${tag}>`, 'g'))].map(([, attrs, text]) => ({ attrs: attrs!, text: text! }));
}

function nonceOf(html: string): string {
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)![1]!;
  assert.match(csp, /^default-src 'none'; /);
  return /script-src 'nonce-([^']+)'/.exec(csp)![1]!;
}

for (const [name, bundle, cspSource] of [
  ['served bundle', { script: { uri: 'https://res.invalid/dist/webview.js' }, style: { uri: 'https://res.invalid/dist/webview.css' } }, 'https://res.invalid'],
  ['inlined bundle', { script: { inline: 'console.log("</script>")' }, style: { inline: 'body{} </style>' } }, undefined],
] as const) {
  test(`${name}: the CSP has the nonce, every running script carries it, the data round-trips verbatim`, () => {
    const nonce = newNonce();
    const html = webviewPage({ nonce, cspSource, title: hostile, bundle, data: { 'hotline-data': standalone, 'hotline-first-paint': firstPaint } });
    assert.equal(nonceOf(html), nonce);
    assert.ok(pageCsp(nonce, cspSource).includes(`style-src ${cspSource ? `${cspSource} ` : ''}'nonce-${nonce}'`));
    const scripts = tags(html, 'script');
    assert.equal(scripts.length, 3, 'two data blocks and the bundle: no closing tag came from a string');
    for (const s of scripts) {
      if (/type="application\/json"/.test(s.attrs)) assert.doesNotMatch(s.attrs, /nonce|src=/, 'data blocks are inert');
      else assert.match(s.attrs, new RegExp(`^ nonce="${nonce.replace(/[+/=]/g, '\\$&')}"`), 'a script that runs carries the nonce');
    }
    const data = (id: string) => JSON.parse(scripts.find((s) => s.attrs.includes(`id="${id}"`))!.text);
    assert.deepEqual(data('hotline-data'), standalone);
    assert.deepEqual(data('hotline-first-paint'), firstPaint);
    for (const s of scripts.filter((x) => /application\/json/.test(x.attrs))) assert.doesNotMatch(s.text, /[<>\u2028\u2029]/);
    assert.ok(html.includes('<div id="app"></div>'), 'the bundle gets its root');
    assert.ok(html.includes(`<title>&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;!--`));
    assert.equal((html.match(/<\/style/gi) ?? []).length, cspSource ? 0 : 1, 'an inlined stylesheet cannot be closed early');
  });
}

test('a page built in the extension has its markup, its style and the load ping as its one script', () => {
  const html = webviewPage({
    nonce: 'n0nce',
    cspSource: 'vscode-resource:',
    title: 'Results',
    style: 'h1 { color: red }',
    body: '<h1>Results</h1>',
    loadedPing: true,
  });
  assert.deepEqual(tags(html, 'script'), [{ attrs: ' nonce="n0nce"', text: "acquireVsCodeApi().postMessage({ type: 'loaded' });" }]);
  assert.deepEqual(tags(html, 'style'), [{ attrs: ' nonce="n0nce"', text: 'h1 { color: red }' }]);
  assert.ok(html.includes('<body>\n<h1>Results</h1>\n<script'));
  assert.doesNotMatch(html, /id="app"/);
});

test('a message page escapes its text and runs nothing; data blocks leave out what is absent', () => {
  const html = messagePage(hostile);
  assert.deepEqual(tags(html, 'script'), []);
  assert.ok(html.includes(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'">`), 'a message page allows nothing');
  assert.throws(() => webviewPage({ loadedPing: true }), /needs a nonce/);
  assert.ok(html.includes('<p>&lt;/script&gt;&lt;script&gt;alert(1)'));
  assert.equal(webviewPage({ nonce: 'n', data: { 'hotline-first-paint': null } }).includes('<script'), false);
  assert.match(embeddedDataBlock('hotline-first-paint', firstPaint), /^<script type="application\/json" id="hotline-first-paint">[^<]*<\/script>$/);
});
