// Applies every quick fix to the fixture programs under test/fixtures/lint/, then compiles and runs
// the result with the real toolchains: a fix that breaks code is worse than none.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { lintText } from '../../../src/server/lint';
import { applyAllFixes, cargoOutputs, count, grammars, run, scratch } from './fixKit';

const root = join(__dirname, '../../..');
const fixtures = join(root, 'test/fixtures/lint');

describe('quick fixes keep programs compiling and behaving the same', () => {
  it('Python: "".join and asyncio.to_thread fixes run with the same output', async () => {
    const original = readFileSync(join(fixtures, 'python/fixable.py'), 'utf8');
    const { text, applied } = await applyAllFixes(original, 'python');
    assert.equal(count(applied, 'py/string-concat-in-loop'), 3, applied.join());
    assert.equal(count(applied, 'py/sync-io-in-async'), 2, applied.join()); // open() gets no fix
    assert.match(text, /^import asyncio$/m);
    assert.match(text, /await asyncio\.sleep\(0\.01\)/);
    const dir = scratch('py');
    writeFileSync(join(dir, 'before.py'), original);
    writeFileSync(join(dir, 'after.py'), text);
    assert.equal(run('python3', ['after.py'], dir), run('python3', ['before.py'], dir));
    assert.deepEqual(
      (await lintText(grammars, text, 'python')).filter((f) => f.rule === 'py/string-concat-in-loop'),
      [],
    );
  });

  it('JavaScript: Set, DocumentFragment and listener-cleanup fixes run under node', async () => {
    const original = readFileSync(join(fixtures, 'javascript/fixable.js'), 'utf8');
    const { text, applied } = await applyAllFixes(original, 'javascript');
    assert.equal(count(applied, 'js/array-lookup-in-loop'), 3, applied.join());
    assert.equal(count(applied, 'js/dom-mutation-in-loop'), 1, applied.join());
    assert.equal(count(applied, 'js/listener-not-removed'), 1, applied.join());
    const dir = scratch('js');
    writeFileSync(join(dir, 'before.js'), original);
    writeFileSync(join(dir, 'after.js'), text);
    const before = run(process.execPath, ['before.js'], dir).split('\n');
    const after = run(process.execPath, ['after.js'], dir).split('\n');
    // Same list, now with one live insertion instead of three; the listener is gone after unmount.
    assert.equal(before[0], 'a b c 3');
    assert.equal(after[0], 'a b c 1');
    assert.deepEqual(after.slice(1, 4), before.slice(1, 4));
    assert.equal(before[4], 'resize handled 2');
    assert.equal(after[4], 'resize handled 1');
  });

  // Excerpts of the real findings of the precision study (docs/lint-study/), not written with the rules.
  for (const [grammar, file, expected, cmd] of [
    ['python', 'real/findings.py', { 'py/string-concat-in-loop': 4, 'py/sync-io-in-async': 1 }, 'python3'],
    ['javascript', 'real/findings.js', { 'js/array-lookup-in-loop': 4 }, process.execPath],
  ] as const) {
    it(`${grammar}: the fixes of real findings (${file}) compile and run the same`, async () => {
      const original = readFileSync(join(fixtures, file), 'utf8');
      const { text, applied } = await applyAllFixes(original, grammar);
      assert.deepEqual(Object.fromEntries(Object.keys(expected).map((r) => [r, count(applied, r)])), expected, applied.join());
      const dir = scratch(`real-${grammar}`);
      const ext = grammar === 'python' ? 'py' : 'js';
      writeFileSync(join(dir, `before.${ext}`), original);
      writeFileSync(join(dir, `after.${ext}`), text);
      run(cmd, grammar === 'python' ? ['-m', 'py_compile', `after.${ext}`] : ['--check', `after.${ext}`], dir);
      assert.equal(run(cmd, [`after.${ext}`], dir), run(cmd, [`before.${ext}`], dir));
    });
  }

  it('TypeScript: the Set fix passes tsc --strict and runs the same', async () => {
    const original = readFileSync(join(fixtures, 'typescript/fixable.ts'), 'utf8');
    const { text, applied } = await applyAllFixes(original, 'typescript');
    assert.equal(count(applied, 'js/array-lookup-in-loop'), 2, applied.join());
    const dir = scratch('ts');
    writeFileSync(join(dir, 'before.ts'), original);
    writeFileSync(join(dir, 'after.ts'), text);
    const tsc = join(root, 'node_modules/typescript/bin/tsc');
    run(
      process.execPath,
      [
        tsc,
        '--strict',
        '--noEmit',
        '--target',
        'es2022',
        '--module',
        'nodenext',
        '--types',
        'node',
        '--typeRoots',
        join(root, 'node_modules/@types'),
        'after.ts',
      ],
      dir,
    );
    const tsx = ['--import', join(root, 'node_modules/tsx/dist/loader.mjs')];
    assert.equal(run(process.execPath, [...tsx, 'after.ts'], dir), run(process.execPath, [...tsx, 'before.ts'], dir));
  });

  it('Go: strings.Builder, preallocation and buffered-channel fixes pass go vet and run the same', async () => {
    const original = readFileSync(join(fixtures, 'go/fixable.go'), 'utf8');
    const { text, applied } = await applyAllFixes(original, 'go');
    assert.equal(count(applied, 'go/string-concat-in-loop'), 2, applied.join());
    assert.equal(count(applied, 'go/append-without-prealloc'), 2, applied.join());
    assert.equal(count(applied, 'go/goroutine-leak'), 1, applied.join());
    const outputs: string[] = [];
    for (const [name, source] of [
      ['before', original],
      ['after', text],
    ]) {
      const dir = scratch(`go-${name}`);
      writeFileSync(join(dir, 'go.mod'), 'module fixable\n\ngo 1.22\n');
      writeFileSync(join(dir, 'main.go'), source);
      run('go', ['vet', '.'], dir, { GOFLAGS: '-mod=mod', GOTOOLCHAIN: 'local' });
      outputs.push(run('go', ['run', '.'], dir, { GOTOOLCHAIN: 'local' }));
    }
    assert.equal(outputs[1], outputs[0]);
  });

  it('Rust: with_capacity and clone-removal fixes pass cargo check and run the same', async () => {
    const original = readFileSync(join(fixtures, 'rust/fixable.rs'), 'utf8');
    const { text, applied } = await applyAllFixes(original, 'rust');
    assert.equal(count(applied, 'rs/vec-without-capacity'), 2, applied.join());
    assert.equal(count(applied, 'rs/clone-in-loop'), 2, applied.join());
    assert.match(text, /Vec::with_capacity\(words\.len\(\)\)/);
    const outputs = cargoOutputs('fixable', { before: original, after: text });
    assert.equal(outputs[1], outputs[0]);
  });
});
