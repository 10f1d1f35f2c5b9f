// Runs the real memory profilers (tracemalloc, V8 heap sampling, go test -memprofile) on examples/memory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasMemray, runMemoryProfile } from '../../../src/profilers/memory/index';
import { findExecutable } from '../../../src/profilers/toolCheck';
import { liveProcessGroups } from '../../../src/profilers/processTree';
import { ProfileCancelledError } from '../../../src/profilers/errors';
import { Profile, totalWeight } from '../../../src/core/model/profile';
import { markedLine, ROOT } from '../../unit/memory/markedLine';

function topSelf(p: Profile): { frame: Profile['frames'][number]; share: number } {
  const n = p.weightTypes.length;
  const m = new Map<number, number>();
  p.sampleStack.forEach((leaf, j) => m.set(p.stackFrame[leaf]!, (m.get(p.stackFrame[leaf]!) ?? 0) + p.sampleWeights[j * n]!));
  const [f, w] = [...m.entries()].sort((a, b) => b[1] - a[1])[0]!;
  return { frame: p.frames[f]!, share: w / totalWeight(p, 0) };
}

test('Python: tracemalloc finds the HOT line on top, with resident memory over time', async () => {
  const run = await runMemoryProfile(
    { program: 'examples/memory/big_alloc.py', args: ['8000'], cwd: ROOT, pythonTracer: 'tracemalloc' },
    { timeoutMs: 60_000 },
  );
  assert.equal(run.profile.metadata.profiler, 'tracemalloc');
  const user = run.profile.frames.filter((f) => f.file === join(ROOT, 'examples/memory/big_alloc.py'));
  assert.ok(user.length > 0);
  assert.equal(run.exitCode, 0);
  assert.equal(run.language, 'python');
  assert.deepEqual(
    run.profile.weightTypes.map((w) => w.unit),
    ['bytes', 'objects'],
  );
  const top = topSelf(run.profile);
  assert.equal(top.frame.file, join(ROOT, 'examples/memory/big_alloc.py'));
  assert.equal(top.frame.line, markedLine('examples/memory/big_alloc.py', '# HOT'));
  assert.ok(top.share > 0.8, `HOT line share ${top.share}`);
  // 8000 rows of 1 KiB are alive at the peak, by tracemalloc's own high-water mark; the snapshot the
  // profile shows is taken whenever traced memory grows by 5% (polled every 2 ms), so it holds at
  // least 90% of that mark and its note says how much.
  const doc = JSON.parse(readFileSync(run.profilePath, 'utf8')) as { peakTracedBytes: number; peakSnapshotBytes: number };
  assert.ok(doc.peakTracedBytes > 8000 * 1024, `tracemalloc's peak ${doc.peakTracedBytes}`);
  assert.ok(totalWeight(run.profile, 0) >= 0.9 * doc.peakTracedBytes, `snapshot ${totalWeight(run.profile, 0)} of a ${doc.peakTracedBytes} peak`);
  assert.match(run.profile.metadata.notes!.join(' '), /snapshot nearest the peak: [\d.]+ MiB traced of a [\d.]+ MiB high-water mark/);
  const rss = run.series.find((s) => s.name === 'rss')!;
  assert.ok(rss.bytes.length > 0, 'RSS was sampled');
  assert.ok(Math.max(...rss.bytes) > 8000 * 1024, 'RSS peak includes the table');
  assert.ok(run.series.some((s) => s.name === 'python-traced' && s.bytes.length > 0));
});

test('Python: memray (installed by setup, picked by default) finds the same HOT line, and the heap over time', async () => {
  assert.equal(hasMemray('python3'), true, 'scripts/setup.d/30-profilers.sh installs memray');
  const run = await runMemoryProfile({ program: 'examples/memory/big_alloc.py', args: ['8000'], cwd: ROOT }, { timeoutMs: 60_000 });
  assert.equal(run.exitCode, 0);
  assert.equal(run.profile.metadata.profiler, 'memray');
  assert.match(run.argv.join(' '), /memray_profile\.py/);
  const top = topSelf(run.profile);
  assert.equal(top.frame.file, join(ROOT, 'examples/memory/big_alloc.py'));
  assert.equal(top.frame.line, markedLine('examples/memory/big_alloc.py', '# HOT'));
  assert.equal(top.frame.name, 'build_table');
  assert.ok(top.share > 0.8, `HOT line share ${top.share}`);
  assert.ok(totalWeight(run.profile, 0) > 8000 * 1024);
  assert.equal(
    run.profile.frames.some((f) => /memray_profile\.py$|hotline_program\.py$|runpy/.test(f.file ?? '')),
    false,
    'the helper is cut from the stacks',
  );
  assert.ok(run.series.some((s) => s.name === 'heap (memray)' && s.bytes.length > 0));
});

test('Python: a program that crashes keeps what it allocated and its exit code', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-mem-test-'));
  const prog = join(dir, 'crash.py');
  writeFileSync(prog, 'data = [bytes(1000) for _ in range(3000)]\nraise RuntimeError("boom")\n');
  const run = await runMemoryProfile({ program: prog, outDir: dir }, { timeoutMs: 60_000 });
  assert.equal(run.exitCode, 1);
  assert.match(run.stderrTail, /RuntimeError: boom/);
  assert.equal(topSelf(run.profile).frame.line, 1);
  assert.match(run.profile.metadata.notes!.join(' '), /the program failed: RuntimeError: boom/);
});

test('Node: the sampling heap profile names the constructor that holds the memory', async () => {
  const run = await runMemoryProfile({ program: 'examples/memory/leaky_listener.js', cwd: ROOT }, { timeoutMs: 60_000 });
  assert.equal(run.exitCode, 0);
  const top = topSelf(run.profile);
  const seen = `top of the profile: ${top.frame.name} ${top.frame.file}:${top.frame.line}; notes: ${(run.profile.metadata.notes ?? []).join(' ')}`;
  assert.equal(top.frame.name, 'RequestContext', seen);
  assert.equal(top.frame.file, join(ROOT, 'examples/memory/leaky_listener.js'), seen);
  assert.equal(top.frame.line, markedLine('examples/memory/leaky_listener.js', 'class RequestContext') + 1);
  assert.ok(run.series[0]!.bytes.length > 0);
});

test('Node: cancel stops the program and leaves no process behind', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-mem-test-'));
  const prog = join(dir, 'forever.js');
  writeFileSync(prog, 'const keep = []; setInterval(() => keep.push(new Array(1000).fill(1)), 5);\n');
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 700);
  await assert.rejects(runMemoryProfile({ program: prog, outDir: dir }, { signal: controller.signal, timeoutMs: 30_000 }), ProfileCancelledError);
  assert.deepEqual(liveProcessGroups(), []);
});

test('Go: go test -memprofile, allocated space, the HOT line on top', { skip: findExecutable('go') ? false : 'go is not installed' }, async () => {
  const run = await runMemoryProfile({ program: 'examples/memory/go', cwd: ROOT, goBenchtime: '30x' }, { timeoutMs: 240_000 });
  assert.equal(run.exitCode, 0, run.stderrTail);
  assert.deepEqual(run.profile.weightTypes, [
    { name: 'alloc_space', unit: 'bytes' },
    { name: 'alloc_objects', unit: 'objects' },
  ]);
  const top = topSelf(run.profile);
  assert.equal(top.frame.file, join(ROOT, 'examples/memory/go/records.go'));
  assert.equal(top.frame.line, markedLine('examples/memory/go/records.go', '// HOT'));
  assert.ok(top.share > 0.8, `HOT line share ${top.share}`);
});

test('TypeScript: the heap profile names the .ts function that allocates', async () => {
  const TS = 'examples/memory/session_cache.ts';
  const run = await runMemoryProfile({ program: TS, cwd: ROOT }, { timeoutMs: 60_000 });
  assert.equal(run.exitCode, 0);
  assert.equal(run.profile.metadata.language, 'typescript');
  const top = topSelf(run.profile);
  assert.equal(top.frame.file, join(ROOT, TS));
  assert.equal(top.frame.line, markedLine(TS, 'export function openSession'));
  assert.equal(top.frame.name, 'openSession');
});
