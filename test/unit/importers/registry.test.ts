// The importer registry: package.json's custom editor opens exactly the endings importers claim,
// and detection asks content clues of every importer before any file-name guess.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { detectFormat } from '../../../src/core/importers/index';
import { IMPORTERS, profileFileExtensions } from '../../../src/core/importers/registry';
import { enc } from './helpers';

interface Manifest {
  contributes: {
    customEditors: { viewType: string; selector: { filenamePattern: string }[] }[];
    configurationDefaults: { 'workbench.editorAssociations': Record<string, string> };
  };
}
const manifest = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as Manifest;
const editor = manifest.contributes.customEditors.find((e) => e.viewType === 'hotline.profileViewer')!;

test('customEditors selectors are the registry extensions, both ways', () => {
  const patterns = editor.selector.map((s) => s.filenamePattern);
  const claimed = profileFileExtensions().map((e) => `*${e}`);
  for (const p of patterns)
    assert.ok(claimed.includes(p), `package.json opens ${p} in the flame graph editor, but no importer lists "${p.slice(1)}" in its extensions`);
  for (const c of claimed)
    assert.ok(patterns.includes(c), `an importer claims "${c.slice(1)}": add { "filenamePattern": "${c}" } to contributes.customEditors in package.json`);
  assert.equal(new Set(patterns).size, patterns.length, 'no pattern twice');
});

test('editor associations only name endings the custom editor opens', () => {
  const patterns = editor.selector.map((s) => s.filenamePattern);
  for (const [p, viewType] of Object.entries(manifest.contributes.configurationDefaults['workbench.editorAssociations'])) {
    if (viewType === editor.viewType) assert.ok(patterns.includes(p), p);
  }
});

test('every importer has its own id and says what it reads', () => {
  assert.equal(new Set(IMPORTERS.map((i) => i.id)).size, IMPORTERS.length);
  for (const i of IMPORTERS) {
    assert.ok(i.label.length > 0, i.id);
    for (const e of [...i.extensions, ...(i.looseExtensions ?? [])]) assert.match(e, /^\.[\w.-]+$/, `${i.id}: "${e}" is a file name ending starting with "."`);
  }
});

test('content clues come before file names: a name only breaks ties among JSON no importer recognised', () => {
  const cpuprofile = enc(JSON.stringify({ nodes: [{ id: 1, callFrame: {} }], startTime: 0 }));
  assert.equal(detectFormat(cpuprofile, 'misnamed.speedscope.json'), 'cpuprofile');
  const plain = enc('{"something": 1}');
  assert.equal(detectFormat(plain, 'p.cpuprofile'), 'cpuprofile');
  assert.equal(detectFormat(plain, 'p.speedscope.json'), 'speedscope');
  assert.equal(detectFormat(plain, 'p.heapprofile'), null, 'heap profiles are told by their content only');
  assert.equal(detectFormat(plain), null);
  // JSON is never read as a text format, even when a line looks like one.
  assert.equal(detectFormat(enc('{\n"main;work 3"\n}\nmain 1\n'), 'x.folded'), null);
});

test('binary protobuf with NUL bytes is pprof before the text formats are asked; without NULs it is asked last', () => {
  // time_nanos (field 9, varint 0), then a string table entry (field 6) holding "a 1": folded-looking text.
  const withNul = Uint8Array.from([0x48, 0x00, 0x32, 0x03, 0x61, 0x20, 0x31]);
  assert.equal(detectFormat(withNul), 'pprof');
  const noNul = Uint8Array.from([0x48, 0x01, 0x32, 0x03, 0x61, 0x20, 0x31]);
  assert.equal(detectFormat(noNul), 'folded');
});
