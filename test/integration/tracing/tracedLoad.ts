// What both traced-load tests (Python's and Node's example) share: the file's local Zipkin, and the
// check on the example's /slow endpoint: `hotline load --trace` on /slow, every request a trace in
// Zipkin with the expected spans, and in each trace at or above p99 the downstream call holds most of
// the critical path.
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { loadCommand } from '../../../src/cli/commands/load';
import { criticalPath, criticalTimeByLabel } from '../../../src/core/traces/criticalPath';
import { parseTraceText } from '../../../src/core/traces/importers/index';
import { tailBreakdown, treesByEndpoint } from '../../../src/core/traces/latency';
import { spanLabel } from '../../../src/core/traces/model';
import { claimPort, startLocalZipkin, type LocalZipkin } from '../../../src/profilers/tracing/index';
import { processCommandLines } from '../profilers/helpers';

/** A real Zipkin (scripts/setup.d/71-tracing.sh's jar) started once before the file's tests; stopped, and `work` removed, after them. */
export function zipkinForFile(work: string): () => LocalZipkin {
  let zipkin: LocalZipkin | undefined;
  before(async () => {
    zipkin = await startLocalZipkin({ timeoutMs: 90_000 });
  });
  after(async () => {
    await zipkin?.stop();
    rmSync(work, { recursive: true, force: true });
  });
  return () => zipkin!;
}

export interface SlowEndpointCase {
  readonly zipkinUrl: string;
  readonly work: string;
  /** The service's command line before its port argument. */
  readonly command: string;
  readonly serviceName: string;
  /** Every /slow trace's spans as "KIND label", sorted. */
  readonly spans: readonly string[];
}

export async function checkSlowEndpoint(c: SlowEndpointCase): Promise<void> {
  const port = await claimPort(0);
  const saved = join(c.work, `${c.serviceName}.zipkin.json`);
  let stdout = '';
  let stderr = '';
  const code = await loadCommand.run(
    [
      ...['--server', `${c.command} ${port}`, '--url', `http://127.0.0.1:${port}/slow`, '-c', '8', '--amount', '300', '--no-profile'],
      ...['--trace', '--zipkin', c.zipkinUrl, '--service-name', c.serviceName, '--save-traces', saved, '--json'],
    ],
    { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: c.work },
  );
  assert.equal(code, 0, stderr);
  const out = JSON.parse(stdout);
  assert.equal(out.errors, 0, stdout);
  assert.equal(out.requests, 300);
  assert.deepEqual(
    processCommandLines().filter((p) => p.cmd.includes(`${c.command} ${port}`)),
    [],
    'the service is stopped',
  );

  const { traces } = parseTraceText(readFileSync(saved, 'utf8'));
  assert.equal(out.traces.count, traces.length);
  // Every load request, plus the request that found the service ready.
  assert.ok(traces.length >= out.requests + 1, `${traces.length} traces for ${out.requests} requests`);
  const endpoint = `${c.serviceName} GET /slow`;
  const downstream = `${c.serviceName} GET /`;
  const byEndpoint = treesByEndpoint(traces);
  assert.deepEqual([...byEndpoint.keys()], [endpoint]);
  const trees = byEndpoint.get(endpoint)!;
  for (const t of trees) assert.deepEqual(t.trace.spans.map((s) => `${s.kind} ${spanLabel(s)}`).sort(), c.spans);

  const b = tailBreakdown(endpoint, trees, 0.99);
  assert.ok(b.tailTraces.length >= 3, `${b.tailTraces.length} traces at or above p99`);
  for (const tree of b.tailTraces) {
    const byLabel = criticalTimeByLabel(criticalPath(tree), spanLabel);
    const down = byLabel.get(downstream) ?? 0;
    // The downstream sleeps 40 ms; the handler around it does little, even at p99 of a busy machine.
    assert.ok(down / tree.root.duration > 0.5, `trace ${tree.trace.traceId}: downstream ${down} of ${tree.root.duration} µs`);
    for (const [label, time] of byLabel) if (label !== downstream) assert.ok(time < down, `${label} ${time} µs ≥ downstream ${down} µs`);
  }
  assert.equal(b.shares[0]!.label, downstream);
  // The CLI's report says the same.
  assert.equal(out.traces.endpoints[0].latency.endpoint, endpoint);
  assert.equal(out.traces.endpoints[0].tail.shares[0].label, downstream);
}
