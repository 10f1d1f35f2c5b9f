import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli/main';

async function load(argv: string[], cwd = process.cwd()) {
  let stdout = '';
  let stderr = '';
  const code = await main(['load', ...argv], { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd });
  return { code, stdout, stderr };
}

test('hotline load: bad input exits 2 with one line naming the problem, before anything starts', async () => {
  const cases: [string[], RegExp][] = [
    [['--server', 'python3 app.py'], /--url is needed/],
    [['--server', 'x', '--pid', '12', '--url', 'http://127.0.0.1:8080/'], /--server \(start the service\) or --pid \(a running one\), not both/],
    [['--pid', '0', '--url', 'http://127.0.0.1:8080/'], /--pid must be a whole number >= 1/],
    [['--pid', '12', '--no-profile', '--url', 'http://127.0.0.1:8080/'], /leave out --no-profile to load the URL only/],
    [['--url', 'http://127.0.0.1:8080/', '--profile', 'p'], /--profile needs --server or --pid/],
    [['--url', 'http://127.0.0.1:8080/', '--trace'], /--trace needs --server/],
    [['--server', 'x', '--url', 'http://127.0.0.1:8080/', '--zipkin', 'http://127.0.0.1:9411'], /--zipkin goes with --trace/],
    [['--server', 'x', '--url', 'http://127.0.0.1:8080/', '--trace', '--service-name', ' '], /--service-name is empty/],
    [['--server', 'x', '--url', 'http://127.0.0.1:8080/', '--trace', '--zipkin', '127.0.0.1:9411'], /--zipkin takes Zipkin's base URL/],
    [['--server', 'python3 app.py', '--url', 'http://192.168.1.5:8080/'], /not a loopback address.*--allow-remote/],
    [['--server', '  ', '--url', 'http://127.0.0.1:8080/'], /--server is empty/],
    [['--server', 'x', '--url', 'http://127.0.0.1:8080/', '-d', '2', '-a', '100'], /--duration or --amount, not both/],
    [['--server', 'x', '--url', 'http://127.0.0.1:8080/', '-c', '0'], /--connections must be a whole number from 1/],
    [['--server', 'x', '--url', 'http://127.0.0.1:8080/', '--header', 'nocolon'], /--header takes "Name: value"/],
    [['--server', 'x', '--url', 'http://127.0.0.1:8080/', '--threshold', '5'], /--threshold goes with --baseline/],
    [['--server', 'x', '--url', 'http://127.0.0.1:8080/', '--baseline', '/no/such/file.json'], /cannot read the baseline \/no\/such\/file\.json: ENOENT/],
    [['--server', 'x', '--url', 'http://127.0.0.1:8080/', '--bogus'], /unknown option --bogus/],
  ];
  for (const [argv, message] of cases) {
    const r = await load(argv);
    assert.equal(r.code, 2, argv.join(' '));
    assert.match(r.stderr, message, argv.join(' '));
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  }
});

test('hotline load: a baseline that is not a load result is refused', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-load-cli-'));
  writeFileSync(join(dir, 'b.json'), '{"benchmarks": []}');
  const r = await load(['--server', 'x', '--url', 'http://127.0.0.1:8080/', '--baseline', 'b.json'], dir);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /b\.json: not a load result: expected the JSON of `autocannon --json` or of `hotline load --save`/);
});

test('hotline load --help lists the options', async () => {
  const r = await load(['--help']);
  assert.equal(r.code, 0);
  for (const o of [
    '--server',
    '--pid',
    '--trace',
    '--zipkin',
    '--save-traces',
    '--url',
    '--connections',
    '--duration',
    '--amount',
    '--profile',
    '--baseline',
    '--threshold',
    '--save',
    '--allow-remote',
  ])
    assert.ok(r.stdout.includes(o), o);
});
