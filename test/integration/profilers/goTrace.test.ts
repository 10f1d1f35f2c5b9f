// A Go execution trace fetched from the running example service (/debug/pprof/trace?seconds=1, the
// "trace" kind of Attach to Go pprof), turned by go tool trace -pprof into where goroutines blocked.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { planGoPprof } from '../../../src/core/plan';
import { totalWeight } from '../../../src/core/model/profile';
import { runProfile } from '../../../src/profilers/index';
import { loadProfileSource } from '../../../src/profilers/profileLoader';
import { liveProcessGroups } from '../../../src/profilers/processTree';
import { markedLine } from '../../unit/memory/markedLine';
import { startGoService } from '../goService';

const MAIN = 'examples/long-running/go/main.go';

test('the trace kind downloads an execution trace and opens it as the sync blocking profile, at the service’s own lines', { timeout: 120_000 }, async () => {
  const svc = await startGoService(60);
  const dir = mkdtempSync(join(tmpdir(), 'hotline-go-trace-'));
  try {
    const run = await runProfile(planGoPprof({ url: `127.0.0.1:${svc.port}`, kind: 'trace', seconds: 1, outDir: join(dir, 'profiles') }), {});
    assert.equal(run.profile.metadata.format, 'go-trace');
    assert.equal(run.profile.weightTypes[0]!.unit, 'nanoseconds');
    const drive = run.profile.frames.filter((f) => f.name === 'main.drive').map((f) => f.line);
    assert.ok(drive.includes(markedLine(MAIN, 'client.Get(')), `the client blocks in Get: lines ${drive.join(', ')}`);
    // The saved .trace reopens the same way (the Profiles view, hotline report).
    assert.match(run.profilePath, /\.trace$/);
    const again = await loadProfileSource(run.profilePath);
    assert.equal(totalWeight(again), totalWeight(run.profile));
    const sched = await loadProfileSource(run.profilePath, { goTraceProfile: 'sched' });
    assert.notEqual(totalWeight(sched), totalWeight(again), 'another kind is another profile');
  } finally {
    svc.stop();
  }
  assert.deepEqual(liveProcessGroups(), []);
});
