// package.json's language lists (activation events, menus' `when` clauses) against the language registry, both ways.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  LANGUAGE_IDS,
  languageOfExtension,
  languageOfShebang,
  languageOfVscodeId,
  languageSpec,
  languagesWith,
  lintedVscodeIds,
  profiledVscodeIds,
} from '../../../src/core/languages';

interface MenuItem {
  command: string;
  when?: string;
}
const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
  activationEvents: string[];
  contributes: { menus: Record<string, MenuItem[]> };
};

const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort();

/** The language ids a menu item's `when` names with `resourceLangId =~ /^(a|b)$/`; null when it names none. */
function whenLanguageIds(when: string): string[] | null {
  if (/resourceExtname/.test(when)) assert.fail(`a when clause names file extensions, which the registry does not check yet: ${when}`);
  if (!/resourceLangId/.test(when)) return null;
  const m = /resourceLangId =~ \/\^\(([\w|]+)\)\$\//.exec(when);
  assert.ok(m, `a when clause names languages in a form this test does not read: ${when}`);
  return m[1]!.split('|');
}

/** What each command that names languages in its menus should name, from the registry. */
const EXPECTED: Record<string, string[]> = {
  'hotline.profileCurrentFile': profiledVscodeIds(),
  // Each memory language's own id (its dialects, e.g. JSX, are not memory programs).
  'hotline.memory.profileAllocations': languagesWith('memory').map((l) => languageSpec(l).vscodeIds[0]!),
};

test('activation events are exactly the onLanguage events of the registry languages', () => {
  const onLanguage = pkg.activationEvents.filter((e) => e.startsWith('onLanguage:')).map((e) => e.slice('onLanguage:'.length));
  assert.deepEqual(sorted(onLanguage), sorted(profiledVscodeIds()));
  for (const id of lintedVscodeIds()) assert.ok(onLanguage.includes(id), `the language server lints ${id} but the extension does not activate on it`);
});

test("menus' when clauses name exactly the registry's language ids", () => {
  const seen = new Set<string>();
  for (const [menu, items] of Object.entries(pkg.contributes.menus)) {
    for (const item of items) {
      const ids = item.when ? whenLanguageIds(item.when) : null;
      if (!ids) continue;
      const expected = EXPECTED[item.command];
      assert.ok(expected, `${menu}: ${item.command} names languages; say in this test which registry languages it should name`);
      assert.deepEqual(sorted(ids), sorted(expected), `${menu}: ${item.command}`);
      seen.add(item.command);
    }
  }
  assert.deepEqual(sorted(seen), sorted(Object.keys(EXPECTED)), 'every command expected here names its languages in a menu');
});

test('every registry language is found by its extensions and VS Code ids', () => {
  for (const l of LANGUAGE_IDS) {
    for (const ext of languageSpec(l).extensions) assert.equal(languageOfExtension(`/src/x${ext.toUpperCase()}`), l);
    for (const id of languageSpec(l).vscodeIds) assert.equal(languageOfVscodeId(id), l);
  }
  assert.equal(languageOfExtension('/src/README.md'), null);
  assert.equal(languageOfShebang('#!/usr/bin/env python3.12'), 'python');
  assert.equal(languageOfShebang('#!/usr/bin/env -S deno run'), 'javascript');
  assert.equal(languageOfShebang('#!/bin/sh'), null);
});
