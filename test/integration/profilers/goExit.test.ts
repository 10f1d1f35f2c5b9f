/**
 * A Go main that ends with os.Exit still gets its runtime/pprof profile: the wrapper's overlay
 * routes the call through a stop of the profile first. The program really runs under `go`, and
 * exits with its own code.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { tempOut } from './helpers';

const out = tempOut('go-exit');
after(() => rmSync(out, { recursive: true, force: true }));

const MAIN = `package main

import (
	"fmt"
	"os"
)

// spin is the work: about a second of arithmetic.
func spin(n int) int {
	s := 0
	for i := 0; i < n; i++ {
		s += i % 7 * (i % 13) // HOT
	}
	return s
}

func main() {
	fmt.Println("os.Exit(99) in a string stays as it is", spin(900_000_000))
	os.Exit(3)
}
`;

test('a Go main that ends with os.Exit(3) keeps its profile and its exit code', { timeout: 240_000 }, async () => {
  const { preparePlan, runProfile } = await import('../../../src/profilers');
  const dir = join(out, 'exiter');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'go.mod'), 'module exiter\n\ngo 1.21\n');
  writeFileSync(join(dir, 'main.go'), MAIN);
  const { plan } = preparePlan({ program: join(dir, 'main.go'), outDir: out, timeoutSeconds: 180 });
  assert.equal(plan.profiler, 'go-main');
  const output: string[] = [];
  const run = await runProfile(plan, { onOutput: (l) => output.push(l) });
  assert.equal(run.exitCode, 3, `the program's own exit code; output:\n${output.slice(-10).join('\n')}`);
  assert.ok(
    output.some((l) => l.includes('os.Exit(99) in a string stays as it is')),
    `the string is printed unchanged: ${output.join(' | ')}`,
  );
  const spin = run.profile.frames.find((f) => f.name === 'main.spin');
  assert.ok(spin, `main.spin is in the profile (${run.profile.sampleStack.length} samples)`);
  const hotLine = MAIN.split('\n').findIndex((l) => l.includes('// HOT')) + 1;
  assert.ok(
    run.profile.frames.some((f) => f.name === 'main.spin' && f.line === hotLine && f.file === join(dir, 'main.go')),
    'samples sit on the HOT line of the real main.go',
  );
  assert.equal(
    run.profile.frames.some((f) => /zz_hotline_main_test\.go$/.test(f.file ?? '') || f.name.includes('zzHotlineExit')),
    false,
    'the wrapper stays invisible',
  );
  assert.equal(readFileSync(join(dir, 'main.go'), 'utf8'), MAIN, "the user's file is untouched");
});
