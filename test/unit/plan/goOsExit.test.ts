// The Go main wrapper's os.Exit rewrite: calls in code become zzHotlineExit(os.Exit, …) so the
// profile is written before the program exits; comments, strings, runes and look-alikes stay.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { GO_MAIN_WRAPPER_NAME, planProfile, rewriteOsExit } from '../../../src/core/plan';

test('rewrites os.Exit calls in code, keeping every line where it was', () => {
  const src = [
    'package main',
    '',
    'import "os"',
    '',
    'func main() {',
    '\tif bad() {',
    '\t\tos.Exit(1)',
    '\t}',
    '\tdefer os.Exit(run())',
    '\tos . Exit (2)',
    '}',
  ].join('\n');
  const out = rewriteOsExit(src)!;
  assert.equal(out.split('\n').length, src.split('\n').length);
  assert.equal(out.split('\n')[6], '\t\tzzHotlineExit(os.Exit, 1)');
  assert.equal(out.split('\n')[8], '\tdefer zzHotlineExit(os.Exit, run())');
  assert.equal(out.split('\n')[9], '\tzzHotlineExit(os.Exit, 2)');
});

test('leaves comments, strings, raw strings, runes and look-alike names alone', () => {
  const src = [
    'package main',
    '// os.Exit(1) in a comment',
    '/* os.Exit(2)',
    '   still a comment */',
    'var a = "os.Exit(3) \\" os.Exit(4)"',
    'var b = `os.Exit(5)',
    'os.Exit(6)`',
    "var c = '\\''",
    'func f() { myos.Exit(7); x.os.Exit(8); exit := os.Exit; exit(9) }',
  ].join('\n');
  assert.equal(rewriteOsExit(src), null);
  // A call after all of them is still found.
  const out = rewriteOsExit(`${src}\nfunc g() { os.Exit(10) }`)!;
  assert.equal(out.split('\n').at(-1), 'func g() { zzHotlineExit(os.Exit, 10) }');
  assert.equal(out.split('\n').slice(0, -1).join('\n'), src);
});

const dir = mkdtempSync(join(tmpdir(), 'hotline-go-exit-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('the go-main plan overlays a rewritten copy of each file that calls os.Exit, and only those', () => {
  writeFileSync(join(dir, 'go.mod'), 'module exiter\n\ngo 1.21\n');
  writeFileSync(join(dir, 'main.go'), 'package main\n\nimport "os"\n\nfunc main() { work(); os.Exit(3) }\n');
  writeFileSync(join(dir, 'work.go'), 'package main\n\nfunc work() {}\n');
  writeFileSync(join(dir, 'main_test.go'), 'package main\n');
  const plan = planProfile({ program: join(dir, 'main.go'), tempDir: join(dir, 'run'), outDir: join(dir, 'out') });
  assert.equal(plan.profiler, 'go-main');
  const files = plan.steps.filter((s) => s.kind === 'write-file');
  const overlay = JSON.parse(files.find((s) => s.path.endsWith('overlay.json'))!.content) as { Replace: Record<string, string> };
  const copy = files.find((s) => s.content.includes('zzHotlineExit(os.Exit, 3)'));
  assert.ok(copy, `a rewritten main.go is written: ${files.map((f) => f.label).join(' | ')}`);
  assert.equal(overlay.Replace[join(dir, 'main.go')], copy.path);
  assert.equal(overlay.Replace[join(dir, 'work.go')], undefined, 'work.go has no os.Exit: built as it is');
  assert.equal(overlay.Replace[join(dir, 'main_test.go')], '', 'the package tests are left out');
  assert.ok(overlay.Replace[join(dir, GO_MAIN_WRAPPER_NAME)]);
  assert.match(files.find((s) => s.path.endsWith(GO_MAIN_WRAPPER_NAME))!.content, /func zzHotlineExit\(exit func\(int\), code int\)/);
});
