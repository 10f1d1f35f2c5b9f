// The CLI's exit codes, as a CI job sees them: 1 on a regression, 0 otherwise, 2 on bad input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { main } from '../../../src/cli/main';
import { seededRandom } from '../../../src/core/bench/rng';

async function cli(args: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd });
  return { code, stdout, stderr };
}

/** A baseline file holding constructed timings: `center` ns with ~3% jitter, seeded. */
function baselineFile(dir: string, file: string, centers: Record<string, number>, seed: number): string {
  const rand = seededRandom(seed);
  const benchmarks = Object.entries(centers).map(([name, c]) => ({ name, samples: Array.from({ length: 40 }, () => c * (1 + 0.06 * (rand() - 0.5))) }));
  const path = join(dir, file);
  writeFileSync(
    path,
    JSON.stringify({ schema: 'hotline-bench-baseline', version: 1, name: file, createdAt: '2026-01-01T00:00:00Z', unit: 'ns', tool: 'go-test', benchmarks }),
  );
  return path;
}

test('compare: a constructed 15% slowdown exits 1 and names the benchmark; a 2% wobble exits 0', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-cli-bench-'));
  baselineFile(dir, 'base.json', { BenchmarkParse: 10_000, BenchmarkEncode: 5_000 }, 1);
  baselineFile(dir, 'slow.json', { BenchmarkParse: 11_500, BenchmarkEncode: 5_050 }, 2);
  baselineFile(dir, 'wobble.json', { BenchmarkParse: 10_200, BenchmarkEncode: 4_950 }, 3);

  const slow = await cli(['bench', 'compare', 'base.json', 'slow.json'], dir);
  assert.equal(slow.code, 1);
  assert.match(slow.stdout, /BenchmarkParse\s+\d+\.\d+ µs\s+11\.\d µs\s+\+1[45]\.\d%\s+\S+\s+slower/);
  assert.match(slow.stdout, /BenchmarkEncode.*unchanged/);
  assert.match(slow.stderr, /hotline: 1 benchmark slower: BenchmarkParse \(\+1[45]\.\d%, p[=<]/);

  const wobble = await cli(['bench', 'compare', 'base.json', 'wobble.json'], dir);
  assert.equal(wobble.code, 0, wobble.stderr);
  assert.match(wobble.stdout, /0 slower, 0 faster, 2 unchanged/);

  // A tolerance above the slowdown lets it pass.
  assert.equal((await cli(['bench', 'compare', 'base.json', 'slow.json', '--threshold', '20'], dir)).code, 0);
});

test('compare --json and --markdown', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-cli-bench-'));
  baselineFile(dir, 'base.json', { BenchmarkParse: 10_000 }, 1);
  baselineFile(dir, 'slow.json', { BenchmarkParse: 11_500 }, 2);
  const r = await cli(['bench', 'compare', 'base.json', 'slow.json', '--json', '--markdown', 'summary.md'], dir);
  assert.equal(r.code, 1);
  const json = JSON.parse(r.stdout);
  assert.equal(json.regressions, 1);
  assert.equal(json.benchmarks[0].verdict, 'slower');
  assert.ok(json.benchmarks[0].pValue < 0.05);
  assert.match(readFileSync(join(dir, 'summary.md'), 'utf8'), /^### Benchmarks: 1 slower, 0 faster, 0 unchanged[\s\S]*\| BenchmarkParse \|.*🔴 slower \|/);
});

test('bad input exits 2 with one actionable line', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-cli-bench-'));
  baselineFile(dir, 'base.json', { BenchmarkParse: 10_000 }, 1);
  writeFileSync(join(dir, 'notes.txt'), 'hello');
  const cases: [string[], RegExp][] = [
    [['bench', 'compare', 'base.json'], /takes two inputs/],
    [['bench', 'compare', 'base.json', 'missing'], /"missing" is neither a file nor a saved baseline/],
    [['bench', 'compare', 'base.json', 'notes.txt'], /notes\.txt: not benchmark output/],
    [['bench', 'compare', 'base.json', 'base.json', '--threshold', 'ten'], /--threshold takes a percentage/],
    [['bench', 'compare', 'base.json', 'base.json', '--frobnicate'], /Unknown option '--frobnicate'/],
    [['bench', 'run', 'nowhere'], /no such file or folder: nowhere/],
    [['bench', 'run', '.'], /no benchmarks found under \./],
    [['bench'], /needs a subcommand/],
  ];
  for (const [args, message] of cases) {
    const r = await cli(args, dir);
    assert.equal(r.code, 2, `${args.join(' ')} -> ${r.code} ${r.stderr}`);
    assert.match(r.stderr, message);
    assert.match(r.stderr, /^hotline: /);
  }
});

test('bench run --save writes a baseline once; a second --save without --force exits 2 and keeps it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-cli-bench-'));
  cpSync(new URL('../../../examples/bench/go', import.meta.url).pathname, join(dir, 'go'), { recursive: true });
  const first = await cli(['bench', 'run', 'go', '--quick', '--samples', '5', '--save', 'main'], dir);
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stdout, /BenchmarkJoinBuilder\s+5\s/);
  const path = join(dir, '.hotline', 'baselines', 'main.json');
  const saved = readFileSync(path, 'utf8');
  assert.equal(JSON.parse(saved).benchmarks[0].samples.length, 5);
  const again = await cli(['bench', 'run', 'go', '--quick', '--samples', '5', '--save', 'main'], dir);
  assert.equal(again.code, 2);
  assert.match(again.stderr, /already exists; pass --force/);
  assert.equal(readFileSync(path, 'utf8'), saved);
  // The saved baseline is found by name.
  assert.equal((await cli(['bench', 'compare', 'main', '.hotline/baselines/main.json'], dir)).code, 0);
});

test('bench run --against main: a real 10x slowdown in the working tree exits 1; the worktree is removed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-cli-against-'));
  cpSync(new URL('../../../examples/bench/go', import.meta.url).pathname, dir, { recursive: true });
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: dir, stdio: 'pipe' }).toString();
  git('init', '-q', '-b', 'main');
  git('add', '.');
  git('commit', '-q', '-m', 'base');
  // Make JoinBuilder do its work ten times over, in the working tree only.
  const src = readFileSync(join(dir, 'textops.go'), 'utf8');
  writeFileSync(
    join(dir, 'textops.go'),
    src.replace(
      '\tfor _, w := range words {\n\t\tb.WriteString(w)\n\t}\n\treturn b.String()',
      '\tfor k := 0; k < 10; k++ {\n\t\tb.Reset()\n\t\tfor _, w := range words {\n\t\t\tb.WriteString(w)\n\t\t}\n\t}\n\treturn b.String()',
    ),
  );
  assert.notEqual(readFileSync(join(dir, 'textops.go'), 'utf8'), src);
  const r = await cli(
    ['bench', 'run', '.', '--against', 'main', '--filter', 'JoinBuilder', '--quick', '--samples', '6', '--rounds', '2', '--markdown', 'pr.md'],
    dir,
  );
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /BenchmarkJoinBuilder.*slower/);
  assert.match(r.stderr, /running go-test at main \(round 2 of 2\)/);
  assert.match(readFileSync(join(dir, 'pr.md'), 'utf8'), /1 slower/);
  assert.doesNotMatch(git('worktree', 'list'), /hotline-bench-ref/);
  assert.ok(!existsSync(join(dir, '.hotline')));
});
