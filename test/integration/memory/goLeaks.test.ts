// Go leak watching on the long-running example service (examples/long-running/go): built and run by
// Hotline, or attached to by its pprof URL; the leaked goroutine and the growing map are found at
// their lines in the running program, and nothing Hotline started outlives the run, on Cancel too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli/main';
import { runGoLeaks } from '../../../src/profilers/memory/index';
import { ProfileCancelledError, ProfileMissingError } from '../../../src/profilers/errors';
import { liveProcessGroups } from '../../../src/profilers/processTree';
import { groupMembers } from '../../../src/profilers/memory/rssSampler';
import { portOpen } from '../../../src/profilers/ports';
import { markedLine, ROOT } from '../../unit/memory/markedLine';
import { startGoService } from '../goService';

const SERVICE = 'examples/long-running/go';
const MAIN = join(ROOT, SERVICE, 'main.go');
const io = () => {
  const o = { out: '', err: '' };
  return { o, io: { stdout: (t: string) => void (o.out += t), stderr: (t: string) => void (o.err += t), cwd: ROOT } };
};

test('hotline leaks <go dir>: the goroutine blocked in a chan receive on the LEAK line and the map grown on the GROWS line', async () => {
  const { o, io: cli } = io();
  const code = await main(['leaks', SERVICE, '--interval', '1.5', '--snapshots', '3', '--json'], cli);
  assert.equal(code, 1, o.err);
  const r = JSON.parse(o.out);
  assert.equal(r.language, 'go');
  assert.equal(r.grew, true);
  assert.equal(r.snapshots.length, 3);
  assert.equal(r.files.length, 6, 'a goroutine and a heap profile per snapshot, kept');
  const g = r.goroutines[0];
  assert.equal(g.wait, 'chan receive');
  assert.equal(g.onChannel, true);
  assert.deepEqual(g.blockedAt, { name: 'main.awaitConfirmation', file: MAIN, line: markedLine(`${SERVICE}/main.go`, '// LEAK') });
  assert.ok(g.counts[1] > g.counts[0] && g.counts[2] > g.counts[1], `${g.counts}`);
  const site = r.heap[0];
  assert.deepEqual(
    { function: site.function, file: site.file, line: site.line },
    { function: 'main.handleOrder', file: MAIN, line: markedLine(`${SERVICE}/main.go`, '// GROWS') },
  );
  assert.equal(site.container.name, 'sessions');
  assert.equal(site.container.kind, 'map');
  assert.deepEqual(
    r.patterns.map((p: { id: string }) => p.id),
    ['goroutine-blocked-on-channel', 'unbounded-container-growth'],
  );
  // GODEBUG=gctrace=1 was on: the run's collections are the GC summary.
  assert.ok(r.gc.events >= 1 && r.gc.byKind['mark-sweep'] === r.gc.events, JSON.stringify(r.gc));
  assert.equal(r.series.find((s: { name: string }) => s.name === 'heap after GC')?.bytes.length, r.gc.events);
  assert.deepEqual(liveProcessGroups(), []);
});

test('hotline leaks --pprof-url: a service already running is watched and left running', async () => {
  const svc = await startGoService(30);
  const port = svc.port;
  try {
    const { o, io: cli } = io();
    // 1.5 s: the heap profile samples one allocation per 512 KiB, so each interval needs a few MiB of new sessions to show.
    assert.equal(await main(['leaks', '--pprof-url', `http://127.0.0.1:${port}`, '--interval', '1.5', '--snapshots', '3'], cli), 1, o.err);
    assert.match(o.out, /^the Go service at http:\/\/127\.0\.0\.1:\d+.*: goroutines or live heap of the program grew in every interval: a leak$/m);
    assert.match(o.out, new RegExp(`chan receive in main\\.awaitConfirmation .*main\\.go:${markedLine(`${SERVICE}/main.go`, '// LEAK')}$`, 'm'));
    assert.match(o.out, /\(grows map sessions\)$/m);
    assert.equal(svc.process.exitCode, null, 'the service Hotline attached to still runs');
    assert.equal(await portOpen('127.0.0.1', port), true);
    assert.equal(await main(['leaks', '--pprof-url', `http://127.0.0.1:${port}`, SERVICE], cli), 2);
    assert.match(o.err, /give no program/);
  } finally {
    svc.stop();
  }
});

test('Cancel ends the Go program and its whole process group', async () => {
  const outDir = mkdtempSync(join(tmpdir(), 'hotline-go-cancel-'));
  const ac = new AbortController();
  const running = runGoLeaks({ program: SERVICE, cwd: ROOT, intervalMs: 1000, snapshots: 20, outDir }, { signal: ac.signal, timeoutMs: 120_000 });
  const binary = join(outDir, 'go');
  let pgid: number | undefined;
  for (let i = 0; i < 1200 && pgid === undefined; i++) {
    await new Promise((r) => setTimeout(r, 50));
    pgid = liveProcessGroups().find((p) => {
      try {
        return readFileSync(`/proc/${p}/cmdline`, 'latin1').startsWith(binary);
      } catch {
        return false;
      }
    });
  }
  assert.ok(pgid !== undefined, 'the built program started in a group of its own');
  await new Promise((r) => setTimeout(r, 1500));
  assert.ok(groupMembers(pgid).length > 0, 'running before Cancel');
  ac.abort();
  await assert.rejects(running, ProfileCancelledError);
  assert.deepEqual(groupMembers(pgid), []);
  assert.deepEqual(liveProcessGroups(), []);
});

test('a Go program that does not serve pprof: one clear message naming HOTLINE_PPROF_ADDR, its stderr kept, nothing left running', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-go-nopprof-'));
  mkdirSync(join(dir, 'app'));
  writeFileSync(join(dir, 'app', 'go.mod'), 'module example.com/app\n\ngo 1.22\n');
  writeFileSync(join(dir, 'app', 'main.go'), 'package main\n\nimport "os"\n\nfunc main() {\n\tos.Stderr.WriteString("no server here\\n")\n\tos.Exit(3)\n}\n');
  await assert.rejects(runGoLeaks({ program: join(dir, 'app'), intervalMs: 500, snapshots: 3 }, { timeoutMs: 60_000 }), (e: unknown) => {
    assert.ok(e instanceof ProfileMissingError, String(e));
    assert.match(e.message, /ended \(exit code 3\) before serving \/debug\/pprof: it must import net\/http\/pprof and serve it on \$HOTLINE_PPROF_ADDR/);
    assert.match(e.stderrTail, /no server here/);
    return true;
  });
  assert.deepEqual(liveProcessGroups(), []);
});
