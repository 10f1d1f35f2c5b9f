/**
 * Runs every example under its real profiler on this machine (py-spy, node --cpu-prof, TypeScript
 * transpiled + source maps, go test -cpuprofile, the Go main wrapper, cargo + perf, gcc + perf)
 * and checks that the example's `HOT` line tops the line report of the user's code.
 * Arguments shrink each program to about a second of work.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { ProfileRequest } from '../../../src/core/plan';
import { EXAMPLES, exampleLines, hotLineOf, tempOut } from './helpers';

const out = tempOut('examples');
after(() => rmSync(out, { recursive: true, force: true }));

interface Case {
  name: string;
  file: string;
  hotFile?: string;
  request?: Partial<ProfileRequest>;
  profiler: string;
  format: string;
}

const cases: Case[] = [
  { name: 'python (py-spy)', file: 'python/report.py', request: { args: ['900000'] }, profiler: 'py-spy', format: 'speedscope' },
  { name: 'javascript (node --cpu-prof)', file: 'javascript/orders.js', request: { args: ['15000'] }, profiler: 'node-cpu-prof', format: 'cpuprofile' },
  {
    name: 'typescript (transpiled, mapped back to .ts)',
    file: 'typescript/tags.ts',
    request: { args: ['15000'] },
    profiler: 'node-cpu-prof',
    format: 'cpuprofile',
  },
  { name: 'go main package (runtime/pprof wrapper)', file: 'go/main.go', request: { args: ['14000'] }, profiler: 'go-main', format: 'pprof' },
  {
    name: 'go benchmark (go test -cpuprofile -bench)',
    file: 'go/main_test.go',
    hotFile: 'go/main.go',
    request: { go: { benchtime: '4x' } },
    profiler: 'go-test',
    format: 'pprof',
  },
  { name: 'rust crate (cargo release + perf)', file: 'rust/src/main.rs', request: { args: ['4000'] }, profiler: 'perf', format: 'perf-script' },
  { name: 'c (gcc -O2 -g + perf)', file: 'c/upper.c', request: { args: ['220'] }, profiler: 'perf', format: 'perf-script' },
];

describe('examples under their real profilers', () => {
  for (const c of cases) {
    test(c.name, { timeout: 240_000 }, async () => {
      const { preparePlan, runProfile, readRunInfo } = await import('../../../src/profilers');
      const program = join(EXAMPLES, c.file);
      const hotFile = join(EXAMPLES, c.hotFile ?? c.file);
      const { plan } = preparePlan({ program, outDir: out, timeoutSeconds: 180, ...c.request });
      assert.equal(plan.profiler, c.profiler);
      assert.equal(plan.format, c.format);
      const output: string[] = [];
      const run = await runProfile(plan, { onOutput: (l) => output.push(l) });
      assert.equal(run.exitCode, 0, `exit code; output:\n${output.slice(-20).join('\n')}`);
      assert.ok(existsSync(run.profilePath), 'profile saved');
      assert.equal(existsSync(plan.tempDir), false, 'temporary folder removed');
      for (const p of plan.tempPaths) assert.equal(existsSync(p), false, `${p} removed`);
      assert.equal(readRunInfo(run.profilePath)?.language, plan.language);
      assert.equal(run.profile.metadata.language, plan.language);

      const lines = exampleLines(run.profile, join(EXAMPLES, c.file.split('/')[0]!));
      assert.ok(lines.length > 0, 'the profile has lines of the example');
      const top = lines[0]!;
      const expected = hotLineOf(hotFile);
      assert.equal(`${top.file}:${top.line}`, `${hotFile}:${expected}`, `top lines: ${JSON.stringify(lines.slice(0, 4))}`);
      const sum = lines.reduce((s, l) => s + l.self, 0);
      assert.ok(top.self / sum > 0.5, `the HOT line holds most of the example's samples (${top.self} of ${sum})`);
      if (c.profiler === 'go-main') {
        // The generated TestMain is invisible: no wrapper frames, package main named as `go run` names it.
        assert.equal(
          run.profile.frames.some((f) => /zz_hotline_main_test\.go$|_testmain\.go$/.test(f.file ?? '')),
          false,
        );
        assert.ok(run.profile.frames.some((f) => f.name === 'main.renderReport'));
      }
      if (c.file.endsWith('.ts')) {
        // The saved profile itself names the .ts file: reopening it needs no source map.
        assert.match(readFileSync(run.profilePath, 'utf8'), /tags\.ts/);
      }
    });
  }
});
