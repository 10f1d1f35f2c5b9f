// The real Zipkin (the jar scripts/setup.d/71-tracing.sh fetched) started once for the file and
// stopped by process group at the end; examples/tracing run under real OpenTelemetry
// auto-instrumentation; a bounded number of loopback requests; the traces read back from
// Zipkin's HTTP API. Oracle: the durations in Zipkin's own JSON.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { join } from 'node:path';
import { main } from '../../../src/cli/main';
import { criticalPath, criticalTimeByLabel } from '../../../src/core/traces/criticalPath';
import { endpointLatency, tailBreakdown, treesByEndpoint } from '../../../src/core/traces/latency';
import { spanLabel } from '../../../src/core/traces/model';
import { ProfilerNotFoundError } from '../../../src/profilers/errors';
import { execInGroup } from '../../../src/profilers/processTree';
import { claimPort, fetchServices, fetchTraces, PortInUseError, postSpans, startLocalZipkin, type LocalZipkin } from '../../../src/profilers/tracing/index';

const example = join(__dirname, '../../../examples/tracing');
const REQUESTS = 60;
const AT_ONCE = 3;

let zipkin: LocalZipkin;
const services = new AbortController();
const running: Promise<unknown>[] = [];
const clientMs: number[] = [];

/** Starts one example service under OpenTelemetry; resolves with the URL it prints. */
function startService(script: string, env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const output: string[] = [];
    running.push(
      execInGroup([process.execPath, '--require', join(example, 'otel-bootstrap.cjs'), join(example, script)], {
        cwd: example,
        env: { ...env, OTEL_EXPORTER_ZIPKIN_ENDPOINT: `${zipkin.url}/api/v2/spans` },
        signal: services.signal,
        onOutput: (line) => {
          output.push(line);
          const m = /listening on (http:\/\/\S+)/.exec(line);
          if (m) resolve(m[1]!);
        },
      }).then((r) => reject(new Error(`${script} exited (${r.exitCode ?? r.signal}) before listening:\n${output.join('\n')}`))),
    );
  });
}

function get(url: string): Promise<number> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 200 ? resolve(performance.now() - t0) : reject(new Error(`${url}: ${res.statusCode}`))));
      })
      .on('error', reject);
  });
}

before(async () => {
  zipkin = await startLocalZipkin({ timeoutMs: 60_000 });
  const downstream = await startService('downstream.js', { OTEL_SERVICE_NAME: 'pricing', FAST_MS: '10', SLOW_MS: '150', SLOW_EVERY: '10' });
  const frontend = await startService('frontend.js', { OTEL_SERVICE_NAME: 'shop', DOWNSTREAM_URL: downstream });
  for (let i = 0; i < REQUESTS; i += AT_ONCE) {
    clientMs.push(...(await Promise.all(Array.from({ length: Math.min(AT_ONCE, REQUESTS - i) }, () => get(`${frontend}/checkout`)))));
  }
});

after(async () => {
  services.abort();
  await Promise.allSettled(running);
  await zipkin?.stop();
});

/** Polls Zipkin until every request's trace is complete (the exporter sends in batches). */
async function allTraces() {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const got = await fetchTraces({ url: zipkin.url }, { serviceName: 'shop', limit: 1000, lookbackMs: 600_000 });
    if ((got.traces.length === REQUESTS && got.traces.every((t) => t.spans.length === 3)) || Date.now() > deadline) return got;
    await new Promise((r) => setTimeout(r, 300));
  }
}

test('every request is one trace of three spans in Zipkin: shop server, shop client, pricing server', async () => {
  const { traces } = await allTraces();
  assert.equal(traces.length, REQUESTS);
  for (const t of traces) assert.deepEqual(t.spans.map((s) => `${s.service} ${s.kind}`).sort(), ['pricing SERVER', 'shop CLIENT', 'shop SERVER']);
});

test('Zipkin lists the two services that sent it spans (what Show Traces from Zipkin offers)', async () => {
  await allTraces();
  assert.deepEqual(await fetchServices({ url: zipkin.url }), ['pricing', 'shop']);
});

test('percentiles computed from the spans agree with the durations Zipkin reports', async () => {
  const { traces, text } = await allTraces();
  const raw = JSON.parse(text) as { parentId?: string; duration: number }[][];
  const durations = raw.map((t) => t.find((s) => !s.parentId)!.duration).sort((a, b) => a - b);
  const q = (p: number) => {
    const pos = (durations.length - 1) * p;
    return durations[Math.floor(pos)]! + (durations[Math.ceil(pos)]! - durations[Math.floor(pos)]!) * (pos - Math.floor(pos));
  };
  const l = endpointLatency('shop GET /checkout', treesByEndpoint(traces).get('shop GET /checkout')!);
  assert.deepEqual([l.count, l.p50, l.p95, l.p99, l.max], [REQUESTS, q(0.5), q(0.95), q(0.99), durations.at(-1)]);
  // The server's span lies inside the request the test timed (Zipkin's start times are whole ms).
  const sortedClient = [...clientMs].sort((a, b) => a - b);
  assert.ok(l.p50 / 1000 <= sortedClient[Math.floor(REQUESTS / 2)]! + 1, `server p50 ${l.p50} µs, client median ${sortedClient[REQUESTS / 2]} ms`);
  assert.ok(l.p95 > 140_000, 'one downstream call in ten takes 150 ms: p95 is a slow one');
});

test('the downstream span dominates the critical path of the slowest traces', async () => {
  const { traces } = await allTraces();
  const b = tailBreakdown('shop GET /checkout', treesByEndpoint(traces).get('shop GET /checkout')!);
  assert.ok(b.tailTraces.length >= 1);
  for (const tree of b.tailTraces) {
    const byLabel = criticalTimeByLabel(criticalPath(tree), spanLabel);
    const pricing = byLabel.get('pricing GET /price') ?? 0;
    assert.ok(pricing / tree.root.duration > 0.8, `trace ${tree.trace.traceId}: downstream ${pricing} of ${tree.root.duration} µs`);
    for (const [label, t] of byLabel) if (label !== 'pricing GET /price') assert.ok(t < pricing, `${label} ${t} ≥ downstream ${pricing}`);
  }
  assert.equal(b.shares[0]!.label, 'pricing GET /price');
  assert.ok(b.shares[0]!.tailShare > b.shares[0]!.medianShare, 'the downstream share grows in the tail');
});

test('hotline traces --zipkin URL --service shop prints the same breakdown', async () => {
  let stdout = '';
  let stderr = '';
  const code = await main(['traces', '--zipkin', zipkin.url, '--service', 'shop', '--lookback', '600'], {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    cwd: example,
  });
  assert.equal(code, 0, stderr);
  assert.match(stdout, new RegExp(`^shop GET /checkout — ${REQUESTS} traces$`, 'm'));
  assert.match(stdout, /tail mean {2}median mean\n {4}pricing GET \/price /);
});

test('spans posted to Zipkin come back as one trace with the same times', async () => {
  const now = Date.now() * 1000;
  const span = (id: string, parentId: string | undefined, start: number, duration: number, service: string) => ({
    traceId: 'feedc0de00000001',
    id,
    ...(parentId ? { parentId } : {}),
    name: 'work',
    timestamp: now + start,
    duration,
    localEndpoint: { serviceName: service },
  });
  await postSpans(
    { url: zipkin.url },
    JSON.stringify([span('00000000000000a1', undefined, 0, 5_000, 'posted'), span('00000000000000a2', '00000000000000a1', 1_000, 3_000, 'posted-db')]),
  );
  const deadline = Date.now() + 10_000;
  let got = await fetchTraces({ url: zipkin.url }, { serviceName: 'posted', lookbackMs: 600_000 });
  while (got.traces.length === 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    got = await fetchTraces({ url: zipkin.url }, { serviceName: 'posted', lookbackMs: 600_000 });
  }
  assert.equal(got.traces.length, 1);
  assert.deepEqual(got.traces[0]!.spans.map((s) => [s.service, s.start - now, s.duration]).sort(), [
    ['posted', 0, 5_000],
    ['posted-db', 1_000, 3_000],
  ]);
});

test('a port already taken and Java missing: one message that says what to do', async () => {
  await assert.rejects(
    claimPort(zipkin.port),
    (e: unknown) => e instanceof PortInUseError && e.message.includes(`port ${zipkin.port} on 127.0.0.1 is already in use`),
  );
  await assert.rejects(
    startLocalZipkin({ env: { PATH: '/nonexistent' } }),
    (e: unknown) => e instanceof ProfilerNotFoundError && /apt-get install -y openjdk-17-jre-headless/.test(e.message),
  );
});

test("stop() ends Zipkin's whole process group", async () => {
  const pid = zipkin.pid;
  process.kill(-pid, 0); // alive now
  await zipkin.stop();
  assert.throws(() => process.kill(-pid, 0), /ESRCH/);
});
