// The command tables (by their vscode-free id lists) against package.json's contributes, both ways.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { COMMAND_IDS, INTERNAL_COMMANDS } from '../../../src/extension/commandIds';

const root = join(__dirname, '../../..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  contributes: {
    commands: { command: string; title: string; category?: string }[];
    menus: Record<string, { command?: string; alt?: string; submenu?: string }[]>;
    viewsWelcome?: { contents: string }[];
  };
};
const contributed = manifest.contributes.commands.map((c) => c.command);
const handled = Object.values(COMMAND_IDS).flat() as string[];
const internal = INTERNAL_COMMANDS as readonly string[];

test('every contributed command has a handler in one of the tables', () => {
  const missing = contributed.filter((id) => !handled.includes(id));
  assert.deepEqual(missing, [], `contributed in package.json but in no command table: ${missing.join(', ')}`);
});

test('every handled command is contributed, or listed as internal and then not contributed', () => {
  const unknown = handled.filter((id) => !contributed.includes(id) && !internal.includes(id));
  assert.deepEqual(unknown, [], `in a command table but neither contributed nor internal: ${unknown.join(', ')}`);
  const both = internal.filter((id) => contributed.includes(id));
  assert.deepEqual(both, [], `internal commands that package.json contributes: ${both.join(', ')}`);
  for (const id of internal) assert.ok(handled.includes(id), `internal command ${id} has no table`);
});

test('no command id is in two tables or contributed twice', () => {
  const twice = (ids: string[]) => ids.filter((id, i) => ids.indexOf(id) !== i);
  assert.deepEqual(twice(handled), []);
  assert.deepEqual(twice(contributed), []);
});

test('every menu entry and welcome-view link names a contributed command', () => {
  const named: string[] = [];
  for (const [menu, entries] of Object.entries(manifest.contributes.menus)) {
    for (const e of entries) for (const id of [e.command, e.alt]) if (id) named.push(`${menu}: ${id}`);
  }
  for (const v of manifest.contributes.viewsWelcome ?? []) for (const m of v.contents.matchAll(/command:([\w.]+)/g)) named.push(`viewsWelcome: ${m[1]}`);
  assert.ok(named.length > 0);
  const dangling = named.filter((n) => !contributed.includes(n.split(': ')[1]!));
  assert.deepEqual(dangling, [], `menu entries naming no contributed command: ${dangling.join(', ')}`);
});

test('every contributed command is a hotline.* command with the Hotline category', () => {
  for (const c of manifest.contributes.commands) {
    assert.match(c.command, /^hotline\./);
    assert.equal(c.category, 'Hotline', c.command);
  }
});

test('commands are registered in one place only: src/extension/commandTable.ts', () => {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(ts|mjs|cjs|js)$/.test(name)) files.push(p);
    }
  };
  walk(join(root, 'src'));
  walk(join(root, 'webview'));
  const registering = files.filter((f) => /\bregisterCommand\s*\(/.test(readFileSync(f, 'utf8'))).map((f) => relative(root, f));
  assert.deepEqual(registering, ['src/extension/commandTable.ts']);
});
