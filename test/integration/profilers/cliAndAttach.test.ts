/**
 * `hotline profile` end to end (in process), a Node run stopped by its time limit, and attaching
 * to running processes: py-spy --pid, a Node process through its inspector, and a Go program's
 * net/http/pprof endpoint.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { profileCommand } from '../../../src/cli/commands/profile';
import { planAttach, planGoPprof } from '../../../src/core/plan';
import { EXAMPLES, exampleLines, hotLineOf, tempOut } from './helpers';

const work = tempOut('cli');
const children: ChildProcess[] = [];
after(() => {
  for (const c of children) c.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
});

async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await profileCommand.run(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: EXAMPLES });
  return { code, stdout, stderr };
}

describe('hotline profile', () => {
  test('--json prints the report plus language, profiler, saved profile and exit code', { timeout: 120_000 }, async () => {
    const out = join(work, 'json');
    const r = await cli(['c/upper.c', '--json', '--out', out, '--', '200']);
    assert.equal(r.code, 0, r.stderr);
    const obj = JSON.parse(r.stdout);
    assert.equal(obj.language, 'c');
    assert.equal(obj.profiler, 'perf');
    assert.equal(obj.exitCode, 0);
    assert.ok(existsSync(obj.profile) && obj.profile.startsWith(out));
    assert.equal(obj.format, 'perf-script');
    assert.ok(obj.total > 0 && Array.isArray(obj.lines) && Array.isArray(obj.functions));
    assert.ok(obj.functions.some((f: { name: string }) => f.name === 'upper_case'));
  });

  test("the program's own exit code is the command's and the JSON's", { timeout: 60_000 }, async () => {
    const script = join(work, 'exit3.py');
    writeFileSync(script, 'import sys\ntotal = sum(i * i for i in range(2_000_000))\nsys.exit(3)\n');
    const r = await cli([script, '--json', '--out', join(work, 'exit')]);
    assert.equal(r.code, 3);
    assert.equal(JSON.parse(r.stdout).exitCode, 3);
    assert.equal(JSON.parse(r.stdout).language, 'python');
  });

  test('bad input is a usage error naming the problem', async () => {
    await assert.rejects(cli([]), /needs a program/);
    await assert.rejects(cli(['python/report.py', '--rate', 'fast']), /--rate needs a positive number/);
    await assert.rejects(cli(['python/report.py', '--profiler', 'gprof']), /unknown profiler "gprof"/);
    await assert.rejects(cli(['python/report.py', '--bogus']), /unknown option --bogus/);
    await assert.rejects(cli(['no/such/file.py']), /does not exist/);
  });
});

describe('time limits', () => {
  test('a Node server stopped by the time limit keeps its profile', { timeout: 60_000 }, async () => {
    const { preparePlan, runProfile } = await import('../../../src/profilers');
    const file = join(work, 'server.js');
    writeFileSync(
      file,
      [
        "'use strict';",
        'let total = 0;',
        'function handle(n) {',
        '  for (let i = 0; i < n; i++) total += Math.sqrt(i); // HOT',
        '}',
        'setInterval(() => handle(2e6), 5);',
        '',
      ].join('\n'),
    );
    const run = await runProfile(preparePlan({ program: file, outDir: join(work, 'node-timeout') }).plan, { timeoutMs: 2000 });
    assert.equal(run.timedOut, true);
    assert.equal(run.exitCode, 130);
    assert.equal(exampleLines(run.profile, work)[0]?.line, hotLineOf(file));
  });
});

describe('typescript across files', () => {
  test('relative imports are transpiled too and their frames map to their own .ts lines', { timeout: 60_000 }, async () => {
    const { preparePlan, runProfile } = await import('../../../src/profilers');
    const dir = join(work, 'tsproj');
    mkdirSync(join(dir, 'util'), { recursive: true });
    writeFileSync(join(dir, 'package.json'), '{"name": "tsproj", "private": true}');
    writeFileSync(
      join(dir, 'util', 'score.ts'),
      [
        'export interface Scored {',
        '  readonly score: number;',
        '}',
        '',
        'export function score(words: readonly string[], known: readonly string[]): number {',
        '  let n = 0;',
        '  for (const w of words) if (known.indexOf(w) >= 0) n++; // HOT',
        '  return n;',
        '}',
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(dir, 'main.ts'),
      [
        "import { score } from './util/score';",
        'const known: string[] = Array.from({ length: 6000 }, (_, i) => `w${i}`);',
        'const words: string[] = Array.from({ length: 30000 }, (_, i) => `w${(i * 7) % 9000}`);',
        'console.log(score(words, known));',
        '',
      ].join('\n'),
    );
    const { plan } = preparePlan({ program: join(dir, 'main.ts'), outDir: join(work, 'tsproj-out') });
    const run = await runProfile(plan, {});
    assert.equal(run.exitCode, 0, run.stderrTail);
    const top = exampleLines(run.profile, dir)[0];
    assert.equal(`${top?.file}:${top?.line}`, `${join(dir, 'util', 'score.ts')}:${hotLineOf(join(dir, 'util', 'score.ts'))}`);
    assert.equal(existsSync(join(dir, '.hotline')), false, 'the transpiled mirror is gone');
  });
});

describe('attach', () => {
  test('py-spy --pid records a running Python process for the chosen seconds', { timeout: 60_000 }, async () => {
    const { runProfile } = await import('../../../src/profilers');
    const script = join(work, 'busy.py');
    writeFileSync(script, ['def busy():', '    n = 0', '    while True:', '        n += 1  # HOT', '', 'busy()', ''].join('\n'));
    const child = spawn('python3', [script], { stdio: 'ignore' });
    children.push(child);
    await new Promise((r) => setTimeout(r, 300));
    const run = await runProfile(planAttach({ kind: 'py-spy', pid: child.pid!, seconds: 1, outDir: join(work, 'attach') }), {});
    assert.equal(exampleLines(run.profile, work)[0]?.line, hotLineOf(script));
    assert.equal(child.exitCode, null, 'the attached process keeps running');
    child.kill('SIGKILL');
  });

  test('a running Node process, started without --inspect: its inspector is opened, recorded, closed again', { timeout: 60_000 }, async () => {
    const { runProfile } = await import('../../../src/profilers');
    const { listeningPorts } = await import('../../../src/profilers/nodeInspector');
    const script = join(work, 'busy.js');
    // Work in slices, so the event loop (and the inspector's messages) get their turn.
    writeFileSync(
      script,
      ['function spin() {', '  let n = 0;', '  for (let i = 0; i < 2e6; i++) n += i % 7; // HOT', '  return n;', '}', 'setInterval(spin, 1);', ''].join('\n'),
    );
    const child = spawn(process.execPath, [script], { stdio: 'ignore' });
    children.push(child);
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(listeningPorts(child.pid!), [], 'no inspector before');
    const output: string[] = [];
    const run = await runProfile(planAttach({ kind: 'node-inspector', pid: child.pid!, seconds: 1, outDir: join(work, 'attach-node') }), {
      onOutput: (l) => output.push(l),
    });
    assert.ok(
      output.some((l) => l.startsWith(`kill -USR1 ${child.pid}`)),
      output.join(' | '),
    );
    assert.equal(run.plan.format, 'cpuprofile');
    assert.equal(run.exitCode, 0, 'a recording that went well (no process of ours ran)');
    assert.equal(exampleLines(run.profile, work)[0]?.line, hotLineOf(script));
    assert.equal(child.exitCode, null, 'the attached process keeps running');
    // The inspector Hotline opened is closed again.
    for (let i = 0; i < 20 && listeningPorts(child.pid!).length; i++) await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(listeningPorts(child.pid!), [], 'no inspector left open');
    child.kill('SIGKILL');
  });

  test('hotline profile --pid: the CLI attaches the same way and reports the recording', { timeout: 60_000 }, async () => {
    const script = join(work, 'busy-cli.js');
    writeFileSync(
      script,
      ['function spin() {', '  let n = 0;', '  for (let i = 0; i < 2e6; i++) n += i % 7; // HOT', '  return n;', '}', 'setInterval(spin, 1);', ''].join('\n'),
    );
    const child = spawn(process.execPath, [script], { stdio: 'ignore' });
    children.push(child);
    await new Promise((r) => setTimeout(r, 300));
    const r = await cli(['--pid', String(child.pid), '--seconds', '1', '--out', join(work, 'attach-cli'), '--json']);
    assert.equal(r.code, 0, r.stderr);
    const obj = JSON.parse(r.stdout) as { profiler: string; exitCode: number; functions: { name: string }[] };
    assert.equal(obj.profiler, 'node-cpu-prof');
    assert.equal(obj.exitCode, 0);
    assert.equal(obj.functions[0]?.name, 'spin');
    assert.equal(child.exitCode, null, 'still running');
    child.kill('SIGKILL');
    await assert.rejects(cli(['--pid', '999999999']), /no process 999999999/);
    await assert.rejects(cli(['x.py', '--pid', '1']), /a program or --pid, not both/);
  });

  test('a Node process that is not one (or is gone) is refused with a reason', { timeout: 30_000 }, async () => {
    const { runProfile } = await import('../../../src/profilers');
    const sleeper = spawn('sleep', ['30'], { stdio: 'ignore' });
    children.push(sleeper);
    await new Promise((r) => setTimeout(r, 100));
    // sleep dies of SIGUSR1 (its default action): the error says no inspector came up.
    await assert.rejects(
      runProfile(planAttach({ kind: 'node-inspector', pid: sleeper.pid!, seconds: 1, outDir: join(work, 'attach-none') }), {}),
      /opened no inspector|cannot read the open files/,
    );
  });

  test("a Go program's net/http/pprof CPU profile", { timeout: 180_000 }, async () => {
    const { runProfile } = await import('../../../src/profilers');
    const dir = join(work, 'gosrv');
    mkdirSync(dir);
    writeFileSync(join(dir, 'go.mod'), 'module example.com/gosrv\n\ngo 1.21\n');
    writeFileSync(
      join(dir, 'main.go'),
      [
        'package main',
        '',
        'import (',
        '\t"fmt"',
        '\t"net"',
        '\t"net/http"',
        '\t_ "net/http/pprof"',
        '\t"os"',
        ')',
        '',
        'var sink float64',
        '',
        'func burn() {',
        '\tfor {',
        // One line: the loop's compare/increment and its body share the samples.
        '\t\tfor i := 0; i < 1000000; i++ { sink += float64(i) * 1.0000001 } // HOT',
        '\t}',
        '}',
        '',
        'func main() {',
        '\tln, err := net.Listen("tcp", "127.0.0.1:0")',
        '\tif err != nil {',
        '\t\tpanic(err)',
        '\t}',
        '\tfmt.Fprintln(os.Stdout, ln.Addr().String())',
        '\tgo burn()',
        '\thttp.Serve(ln, nil)',
        '}',
        '',
      ].join('\n'),
    );
    const build = spawnSync('go', ['build', '-o', join(dir, 'srv'), '.'], { cwd: dir, encoding: 'utf8' });
    assert.equal(build.status, 0, build.stderr);
    const child = spawn(join(dir, 'srv'), [], { stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(child);
    const addr = await new Promise<string>((resolve) => child.stdout!.once('data', (d: Buffer) => resolve(d.toString().trim())));
    const plan = planGoPprof({ url: addr, kind: 'cpu', seconds: 1, outDir: join(work, 'pprof') });
    const run = await runProfile(plan, {});
    assert.equal(run.profile.metadata.format, 'pprof');
    assert.equal(exampleLines(run.profile, dir)[0]?.line, hotLineOf(join(dir, 'main.go')));
    const heap = await runProfile(planGoPprof({ url: `http://${addr}/debug/pprof/`, kind: 'goroutine', seconds: 0, outDir: join(work, 'pprof') }), {});
    assert.ok(
      heap.profile.frames.some((f) => f.name === 'main.burn'),
      'the goroutine profile shows the burning goroutine',
    );
    child.kill('SIGKILL');
  });
});
