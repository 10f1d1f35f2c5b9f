import { test } from 'node:test';
import assert from 'node:assert/strict';
import { profileFromJson, profileToJson } from '../../../src/core/flame/profileJson';
import { embedJson } from '../../../src/core/webviewPage';
import { standalonePageHtml } from '../../../src/core/flame/standalonePage';
import { folded } from './helpers';

const evil = '</script><script>alert(1)</script><!--';

test('embedded JSON cannot close its script element, and round-trips', () => {
  const p = folded([`main;${evil} 3`]);
  const text = embedJson(profileToJson(p));
  assert.doesNotMatch(text, /<|>/);
  const back = profileFromJson(JSON.parse(text));
  assert.equal(back.frames[1]!.name, evil);
  assert.deepEqual(Array.from(back.sampleWeights), Array.from(p.sampleWeights));
});

test('edited embedded data with out-of-range indexes is rejected, not trusted', () => {
  const j = profileToJson(folded(['main;a 1']));
  j.stackFrame[0] = 99;
  assert.throws(() => profileFromJson(j), /out of range/);
  assert.throws(() => profileFromJson({ v: 2 }), /malformed/);
});

test('the page has one nonce for its one script and one style, and escapes the title', () => {
  const html = standalonePageHtml({ title: evil, profile: folded(['main 1']), script: 'console.log("</script>")', css: 'body{}' });
  const nonce = /'nonce-([^']+)'/.exec(html)![1]!;
  assert.equal(html.split(`nonce="${nonce}"`).length - 1, 2);
  assert.match(html, /<title>&lt;\/script&gt;&lt;script&gt;alert\(1\)/);
  assert.equal((html.match(/<\/script>/g) ?? []).length, 2, 'only the two real closing tags');
});
