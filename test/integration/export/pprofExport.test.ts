/**
 * `hotline report FILE --export pprof -o OUT` on recorded fixtures, read back by the real
 * `go tool pprof` (Go on PATH: /usr/local/go/bin or https://go.dev/dl): pprof's total of the
 * default sample type and its top flat function are Hotline's total and top self function; every
 * weight type is a pprof sample type with the same total.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ensureCliBuilt, hotline, root } from '../../unit/cliRun';

const out = mkdtempSync(join(tmpdir(), 'hotline-pprof-export-'));
after(() => rmSync(out, { recursive: true, force: true }));
before(ensureCliBuilt);

const go = (...args: string[]) => {
  try {
    return execFileSync('go', ['tool', 'pprof', ...args], {
      encoding: 'utf8',
      env: { ...process.env, GOTOOLCHAIN: 'local' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new Error('go not found: install Go (https://go.dev/dl) or put /usr/local/go/bin on PATH');
    throw e;
  }
};
/** `go tool pprof -raw`: the sample types and each sample's values ("  v1 v2: loc ids"), summed per type. */
function pprofTotals(file: string): Map<string, number> {
  const text = go('-raw', file);
  const lines = text.split('\n');
  const at = lines.indexOf('Samples:');
  const types = lines[at + 1]!.trim().split(/\s+/);
  const sums = types.map(() => 0);
  for (const l of lines.slice(at + 2)) {
    const m = /^\s+([\d\s]+):/.exec(l);
    if (!m) {
      if (/^\S/.test(l)) break;
      continue;
    }
    m[1]!
      .trim()
      .split(/\s+/)
      .forEach((v, i) => (sums[i]! += Number(v)));
  }
  return new Map(types.map((t, i) => [t.split('/')[0]!, sums[i]!]));
}
/** The name on the first row of `go tool pprof -top` (highest flat). */
const pprofTop = (file: string) => /^ *[\d.]+[a-zµA-Z]* +[\d.]+% +[\d.]+% +[\d.]+[a-zµA-Z]* +[\d.]+% +(.+)$/m.exec(go('-top', file))![1]!;

const FIXTURES = [
  'test/fixtures/profiles/perf/faults.perf-script.txt', // page-faults and samples (period weights)
  'test/fixtures/interop/dhat/allocs.dhat.json', // bytes and blocks, eight weight types
  'test/fixtures/interop/austin/hot.austin', // wall time and samples
  'test/fixtures/interop/gperftools/work.heap', // legacy pprof in, pprof out
];

for (const fixture of FIXTURES) {
  test(`${fixture}: go tool pprof reads the export with Hotline's totals and top function`, { timeout: 60_000 }, () => {
    const file = join(out, `${fixture.replace(/\W+/g, '_')}.pb.gz`);
    const r = hotline('report', join(root, fixture), '--json', '--top', '5', '--export', 'pprof', '-o', file);
    assert.equal(r.status, 0, r.stderr);
    const report = JSON.parse(r.stdout) as { total: number; functions: { name: string; self: number }[] };
    const totals = pprofTotals(file);
    assert.equal([...totals.values()][0], Math.round(report.total), `default sample type total: ${[...totals.entries()].join(' ')}`);
    assert.equal(pprofTop(file), report.functions[0]!.name);
    const json = JSON.parse(hotline('report', join(root, fixture), '--json').stdout) as { total: number };
    assert.equal(json.total, report.total, 'the export does not change the report');
  });
}

test('every weight type of a multi-weight profile is a pprof sample type with the same total', { timeout: 60_000 }, async () => {
  const { loadProfileSource } = await import('../../../src/profilers/profileLoader');
  const { totalWeight } = await import('../../../src/core/model/profile');
  const fixture = join(root, 'test/fixtures/interop/dhat/allocs.dhat.json');
  const file = join(out, 'dhat-all.pb.gz');
  assert.equal(hotline('report', fixture, '--export', 'pprof', '-o', file).status, 0);
  const p = await loadProfileSource(fixture);
  const totals = pprofTotals(file);
  assert.deepEqual(
    [...totals.keys()],
    p.weightTypes.map((w) => w.name),
  );
  p.weightTypes.forEach((w, i) => assert.equal(totals.get(w.name), Math.round(totalWeight(p, i)), w.name));
});
