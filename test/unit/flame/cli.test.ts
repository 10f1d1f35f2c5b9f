import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli/main';
import { parseFlamegraphArgs } from '../../../src/cli/commands/flamegraph';

const root = join(__dirname, '..', '..', '..');
const fixture = (p: string) => join(root, 'test/fixtures/profiles', p);

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { stdout: (t) => (out += t), stderr: (t) => (err += t), cwd: root });
  return { code, out, err };
}

test('hotline diff prints the biggest changes by share, and --json the same data', async () => {
  const text = await run(['diff', fixture('node/hot.cpuprofile'), fixture('py-spy/hot.speedscope.json'), '--limit', '3']);
  assert.equal(text.code, 0, text.err);
  assert.match(text.out, /^base: .*hot\.cpuprofile \(total \d+ samples\)/m);
  assert.match(text.out, /buildString\s+\d+\.\d%\s+0\.0%\s+-\d+\.\d%/);
  const json = await run(['diff', fixture('node/hot.cpuprofile'), fixture('py-spy/hot.speedscope.json'), '--json']);
  const report = JSON.parse(json.out) as { changes: { name: string; deltaSelf: number }[]; base: { total: number } };
  assert.ok(report.base.total > 0);
  const names = report.changes.map((c) => c.name);
  assert.ok(names.includes('buildString') && names.includes('build_string'));
  for (let i = 1; i < report.changes.length; i++) assert.ok(Math.abs(report.changes[i - 1]!.deltaSelf) >= Math.abs(report.changes[i]!.deltaSelf));
});

test('hotline diff of a profile with itself reports no change', async () => {
  const r = await run(['diff', fixture('node/hot.cpuprofile'), fixture('node/hot.cpuprofile')]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /No function changed its share/);
});

test('bad input: one line on stderr, exit code 2', async () => {
  for (const argv of [
    ['diff', fixture('node/hot.cpuprofile')],
    ['diff', '/nope/a', '/nope/b'],
    ['flamegraph'],
    ['flamegraph', 'a', 'b'],
    ['flamegraph', fixture('node/hot.cpuprofile'), '--bogus'],
  ]) {
    const r = await run(argv);
    assert.equal(r.code, 2, argv.join(' '));
    assert.match(r.err, /^hotline: .+\n$/);
  }
  assert.deepEqual(parseFlamegraphArgs(['p.json', '-o', 'x.html', '--baseline', 'b.json']), { input: 'p.json', output: 'x.html', baseline: 'b.json' });
});

test('hotline flamegraph writes a self-contained page with the profile embedded', async (t) => {
  if (!existsSync(join(root, 'dist/webview.js'))) return t.skip('dist/webview.js not built (npm run build)');
  const dir = mkdtempSync(join(tmpdir(), 'hotline-flame-cli-'));
  const out = join(dir, 'node.html');
  const r = await run(['flamegraph', fixture('node/hot.cpuprofile'), '-o', out]);
  assert.equal(r.code, 0, r.err);
  const html = readFileSync(out, 'utf8');
  assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-/);
  const markup = html.replace(/<script nonce="[^"]+">[\s\S]*?<\/script>/, '').replace(/<style nonce="[^"]+">[\s\S]*?<\/style>/, '');
  assert.doesNotMatch(markup, /<script[^>]+src=|<link[^>]+href=|(?:src|href)="https?:/i, 'the page loads nothing from elsewhere');
  assert.equal((html.match(/<script/g) ?? []).length >= 2, true);
  assert.match(html, /<script type="application\/json" id="hotline-data">\{"title":"hot\.cpuprofile"/);
});
