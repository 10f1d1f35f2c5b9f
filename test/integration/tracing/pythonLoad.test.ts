// `hotline load --trace` on the real Flask example (examples/services/python) under the real
// opentelemetry-instrument (scripts/setup.d/72-tracing-python.sh) exporting to a real Zipkin (the jar
// of scripts/setup.d/71-tracing.sh, started once for the file), loaded by real autocannon on the
// loopback. Oracle: the spans Zipkin hands back; the queue's growth against Little's law for the example's pool.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { treesByEndpoint } from '../../../src/core/traces/latency';
import { queueWaits } from '../../../src/core/traces/queueing';
import { autocannonDir } from '../../../src/profilers/load/autocannon';
import { runLoadSession } from '../../../src/profilers/load/runLoad';
import { otelPythonVenv } from '../../../src/profilers/load/traced';
import { claimPort } from '../../../src/profilers/tracing/index';
import { EXAMPLES, tempOut } from '../profilers/helpers';
import { checkSlowEndpoint, zipkinForFile } from './tracedLoad';

const APP = join(EXAMPLES, 'services', 'python', 'app.py');
const work = tempOut('traced-load');
// Both fail with the install hint when missing (never a silent skip).
autocannonDir();
otelPythonVenv();

const zipkin = zipkinForFile(work);

test(
  'hotline load --trace: every request of /slow is a trace in Zipkin, and the downstream call dominates the critical path of the p99 traces',
  { timeout: 120_000 },
  () =>
    checkSlowEndpoint({
      zipkinUrl: zipkin().url,
      work,
      command: `python3 ${APP}`,
      serviceName: 'flask-slow',
      // The Flask request and its urllib call to the downstream.
      spans: ['CLIENT flask-slow GET /', 'SERVER flask-slow GET /slow'],
    }),
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
      trace: { zipkin: { url: zipkin().url }, serviceName },
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
