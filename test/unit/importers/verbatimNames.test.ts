// Frame names are data: `hotline report --json` gives them back exactly as recorded, whatever the
// importer; escaping is the renderers' job (the standalone page embeds them escaped, the panel
// sets textContent).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { profileFromJson } from '../../../src/core/flame/profileJson';
import { ensureCliBuilt, hotline } from '../cliRun';

const NAMES = ['List<String>::get', 'say "hi"', 'tmpl${x}', 'a&b', '</script><b>x</b>'];

before(ensureCliBuilt);

const files: Record<string, string> = {
  'names.folded': NAMES.map((n, i) => `main;${n} ${i + 1}`).join('\n') + '\n',
  'names.perf.txt':
    NAMES.map((n, i) => `app 1/1 [000] ${i + 1}.000001:    ${i + 1} cycles: \n\t 4005d6 ${n}+0x1 (/bin/app)\n\t 4005f0 main+0x2 (/bin/app)\n`).join('\n') +
    '\n',
  'names.speedscope.json': JSON.stringify({
    $schema: 'https://www.speedscope.app/file-format-schema.json',
    shared: { frames: [{ name: 'main' }, ...NAMES.map((name) => ({ name }))] },
    profiles: [
      { type: 'sampled', name: 'p', unit: 'none', startValue: 0, endValue: 15, samples: NAMES.map((_, i) => [0, i + 1]), weights: NAMES.map((_, i) => i + 1) },
    ],
  }),
  'names.cpuprofile': JSON.stringify({
    nodes: [
      { id: 1, callFrame: { functionName: '(root)', url: '', lineNumber: -1, columnNumber: -1 }, children: NAMES.map((_, i) => i + 2) },
      ...NAMES.map((functionName, i) => ({ id: i + 2, callFrame: { functionName, url: 'file:///a.js', lineNumber: 0, columnNumber: 0 } })),
    ],
    startTime: 0,
    endTime: 1600,
    samples: NAMES.flatMap((_, i) => Array.from({ length: i + 1 }, () => i + 2)),
    timeDeltas: NAMES.flatMap((_, i) => Array.from({ length: i + 1 }, () => 100)),
  }),
};

test('report --json returns names with <, ", ${ and & verbatim, from every importer', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-names-'));
  for (const [file, text] of Object.entries(files)) {
    writeFileSync(join(dir, file), text);
    const r = hotline('report', join(dir, file), '--json');
    assert.equal(r.status, 0, r.stderr);
    const names = (JSON.parse(r.stdout) as { functions: { name: string }[] }).functions.map((f) => f.name);
    for (const n of NAMES) assert.ok(names.includes(n), `${file}: ${JSON.stringify(n)} in ${JSON.stringify(names)}`);
  }
});

test('the standalone page embeds the same names escaped, and they read back verbatim', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-names-'));
  const input = join(dir, 'names.folded');
  writeFileSync(input, files['names.folded']!);
  const out = join(dir, 'names.html');
  const r = hotline('flamegraph', input, '-o', out);
  assert.equal(r.status, 0, r.stderr);
  const html = readFileSync(out, 'utf8');
  const block = /<script type="application\/json" id="hotline-data">([^]*?)<\/script>/.exec(html)![1]!;
  assert.doesNotMatch(block, /[<>&]/, 'no markup characters inside the data block');
  // Outside Hotline's own inlined bundle and CSS, no name appears as markup.
  const markup = html.replace(/<script nonce="[^"]*">[^]*?<\/script>/, '').replace(/<style nonce="[^"]*">[^]*?<\/style>/, '');
  for (const n of ['<b>', '<String>', '</script><b>']) assert.ok(!markup.includes(n), `${n} never raw in the page`);
  const back = profileFromJson((JSON.parse(block) as { profile: unknown }).profile);
  for (const n of NAMES)
    assert.ok(
      back.frames.some((f) => f.name === n),
      `${JSON.stringify(n)} embedded verbatim`,
    );
});
