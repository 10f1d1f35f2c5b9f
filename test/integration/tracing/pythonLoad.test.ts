// `hotline load --trace` on the real Flask example (examples/services/python) under the real
// opentelemetry-instrument (scripts/setup.d/72-tracing-python.sh) exporting to a real Zipkin (the jar
// of scripts/setup.d/71-tracing.sh, started once for the file), loaded by real autocannon on the
// loopback. Oracle: the spans Zipkin hands back; the queue's growth against Little's law for the example's pool.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { loadCommand } from '../../../src/cli/commands/load';
import { criticalPath, criticalTimeByLabel } from '../../../src/core/traces/criticalPath';
import { parseTraceText } from '../../../src/core/traces/importers/index';
import { tailBreakdown, treesByEndpoint } from '../../../src/core/traces/latency';
import { queueWaits } from '../../../src/core/traces/queueing';
import { spanLabel } from '../../../src/core/traces/model';
import { autocannonDir } from '../../../src/profilers/load/autocannon';
import { runLoadSession } from '../../../src/profilers/load/runLoad';
import { otelPythonVenv } from '../../../src/profilers/load/traced';
import { claimPort, startLocalZipkin, type LocalZipkin } from '../../../src/profilers/tracing/index';
import { EXAMPLES, processCommandLines, tempOut } from '../profilers/helpers';

const APP = join(EXAMPLES, 'services', 'python', 'app.py');
const work = tempOut('traced-load');
// Both fail with the install hint when missing (never a silent skip).
autocannonDir();
otelPythonVenv();

let zipkin: LocalZipkin;
before(async () => {
  zipkin = await startLocalZipkin({ timeoutMs: 90_000 });
});
after(async () => {
  await zipkin?.stop();
  rmSync(work, { recursive: true, force: true });
});

test(
  'hotline load --trace: every request of /slow is a trace in Zipkin, and the downstream call dominates the critical path of the p99 traces',
  { timeout: 120_000 },
  async () => {
    const port = await claimPort(0);
    const saved = join(work, 'slow.zipkin.json');
    let stdout = '';
    let stderr = '';
    const code = await loadCommand.run(
      [
        ...['--server', `python3 ${APP} ${port}`, '--url', `http://127.0.0.1:${port}/slow`, '-c', '8', '--amount', '300', '--no-profile'],
        ...['--trace', '--zipkin', zipkin.url, '--service-name', 'flask-slow', '--save-traces', saved, '--json'],
      ],
      { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: work },
    );
    assert.equal(code, 0, stderr);
    const out = JSON.parse(stdout);
    assert.equal(out.errors, 0, stdout);
    assert.equal(out.requests, 300);
    assert.deepEqual(
      processCommandLines().filter((p) => p.cmd.includes(`${APP} ${port}`)),
      [],
      'the service is stopped',
    );

    const { traces } = parseTraceText(readFileSync(saved, 'utf8'));
    assert.equal(out.traces.count, traces.length);
    // Every load request, plus the request that found the service ready.
    assert.ok(traces.length >= out.requests + 1, `${traces.length} traces for ${out.requests} requests`);
    const byEndpoint = treesByEndpoint(traces);
    assert.deepEqual([...byEndpoint.keys()], ['flask-slow GET /slow']);
    const trees = byEndpoint.get('flask-slow GET /slow')!;
    // The Flask request and its urllib call to the downstream.
    for (const t of trees)
      assert.deepEqual(t.trace.spans.map((s) => `${s.kind} ${spanLabel(s)}`).sort(), ['CLIENT flask-slow GET /', 'SERVER flask-slow GET /slow']);

    const b = tailBreakdown('flask-slow GET /slow', trees, 0.99);
    assert.ok(b.tailTraces.length >= 3, `${b.tailTraces.length} traces at or above p99`);
    for (const tree of b.tailTraces) {
      const byLabel = criticalTimeByLabel(criticalPath(tree), spanLabel);
      const downstream = byLabel.get('flask-slow GET /') ?? 0;
      // The downstream sleeps 40 ms; the handler around it does little, even at p99 of a busy machine.
      assert.ok(downstream / tree.root.duration > 0.5, `trace ${tree.trace.traceId}: downstream ${downstream} of ${tree.root.duration} µs`);
      for (const [label, time] of byLabel) if (label !== 'flask-slow GET /') assert.ok(time < downstream, `${label} ${time} µs ≥ downstream ${downstream} µs`);
    }
    assert.equal(b.shares[0]!.label, 'flask-slow GET /');
    // The CLI's report says the same.
    assert.equal(out.traces.endpoints[0].latency.endpoint, 'flask-slow GET /slow');
    assert.equal(out.traces.endpoints[0].tail.shares[0].label, 'flask-slow GET /');
  },
);

test('queue wait grows with load: the /queue request waits longer for its job span to start at 16 connections than at 1', { timeout: 120_000 }, async () => {
  // The example's pool: 2 workers of 10 ms jobs behind waitress's 8 request threads.
  const waits = async (connections: number) => {
    const port = await claimPort(0);
    const serviceName = `flask-queue-c${connections}`;
    const s = await runLoadSession({
      server: ['python3', APP, String(port)],
      load: { url: `http://127.0.0.1:${port}/queue`, connections, amount: 40 * connections },
      cwd: work,
      profileBase: null,
      trace: { zipkin: { url: zipkin.url }, serviceName },
    });
    assert.equal(s.result.non2xx, 0);
    const trees = treesByEndpoint(s.traces!.traces).get(`${serviceName} GET /queue`)!;
    const edge = queueWaits(trees).find((w) => w.edge === `${serviceName} GET /queue → ${serviceName} queue job`)!;
    assert.ok(edge && edge.count >= s.result.requests, `queue waits: ${JSON.stringify(queueWaits(trees))}`);
    return edge;
  };
  const low = await waits(1);
  const high = await waits(16);
  const seen = `queue wait p50/p95 ${low.p50}/${low.p95} µs at 1 connection, ${high.p50}/${high.p95} µs at 16`;
  // At 1 connection a job starts as soon as it is queued (measured: p50 0.6–0.7 ms, a thread hand-off).
  // At 16, all 8 request threads are busy, 2 of them on jobs, so about 6 jobs wait and by Little's law
  // each waits 6 / (2 workers / 10 ms) = 30 ms (measured: p50 30.6–30.8 ms over runs). The bounds
  // leave room for a busy machine, which only lengthens the wait at 16.
  assert.ok(high.p50 >= low.p50 + 15_000, seen);
  assert.ok(high.p50 >= 5 * low.p50, seen);
  assert.ok(high.p95 > low.p95, seen);
});
