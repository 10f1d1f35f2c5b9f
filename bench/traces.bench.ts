// Trace analysis (issue 16): 100,000 spans in Zipkin v2 JSON (10,000 traces of 10 spans: parallel
// downstream calls, nested calls, a slow tail) read, then every trace's critical path and the
// per-endpoint aggregates (percentiles, tail-vs-median shares, queue waits, concurrency) computed.
// Targets: under 2 s and under 500 MB peak resident memory. Exits 1 when one is missed.
import { performance } from 'node:perf_hooks';
import { parseTraceText } from '../src/core/traces/importers/index';
import { buildTraceReport } from '../src/core/traces/report';

const TARGET_MS = 2000;
const TARGET_BYTES = 500 * 1024 ** 2;
const TRACES = 10_000;

/** Deterministic Zipkin v2 JSON: an array of traces, each an array of 10 spans. */
function generate(): string {
  let seed = 7;
  const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const hex = (n: number) => n.toString(16).padStart(16, '0');
  const endpoints = ['GET /checkout', 'GET /cart', 'POST /order', 'GET /search', 'GET /item'];
  const traces: unknown[] = [];
  let t = 1_796_000_000_000_000;
  let id = 1;
  for (let i = 0; i < TRACES; i++) {
    const traceId = hex(i + 1).padStart(32, '0');
    const slow = rand() < 0.02 ? 20 : 1;
    const span = (parent: string | undefined, name: string, service: string, start: number, duration: number) => ({
      traceId,
      id: hex(id++),
      ...(parent ? { parentId: parent } : {}),
      kind: parent ? 'CLIENT' : 'SERVER',
      name,
      timestamp: Math.round(start),
      duration: Math.round(duration),
      localEndpoint: { serviceName: service },
      tags: { 'http.request.method': 'GET', 'url.path': '/x' },
    });
    const dur = 20_000 + rand() * 10_000;
    const root = span(undefined, endpoints[i % endpoints.length]!, 'web', t, dur + slow * 5_000);
    const a = span(root.id, 'auth', 'auth', t + 500, 2_000 + rand() * 1_000);
    const b = span(root.id, 'GET /price', 'web', t + 3_000, 8_000 * slow);
    const c = span(root.id, 'GET /stock', 'web', t + 3_000, 6_000 + rand() * 2_000);
    const bs = span(b.id, 'price', 'pricing', t + 3_500, 7_000 * slow);
    const cs = span(c.id, 'stock', 'inventory', t + 3_400, 5_000);
    const db = span(cs.id, 'SELECT stock', 'postgres', t + 3_600, 3_000 + rand() * 1_000);
    const d = span(root.id, 'render', 'web', t + 3_000 + 8_000 * slow + 200, 3_000);
    const e = span(d.id, 'template', 'web', t + 3_000 + 8_000 * slow + 300, 1_000);
    const f = span(root.id, 'log', 'web', t + dur, 50);
    traces.push([root, a, b, c, bs, cs, db, d, e, f]);
    t += 3_000 + rand() * 2_000; // overlapping requests: several in flight at once
  }
  return JSON.stringify(traces);
}

const text = generate();
(globalThis as { gc?: () => void }).gc?.();
const rssBefore = process.memoryUsage().rss;
const t0 = performance.now();
const { traces } = parseTraceText(text);
const tParsed = performance.now();
const report = buildTraceReport(traces);
const t1 = performance.now();
const spans = traces.reduce((n, tr) => n + tr.spans.length, 0);
const peak = process.resourceUsage().maxRSS * 1024;
const ms = t1 - t0;
console.log(
  `traces: ${spans.toLocaleString('en')} spans in ${traces.length.toLocaleString('en')} traces (${(text.length / 1024 ** 2).toFixed(1)} MB of JSON), ${report.endpoints.length} endpoints`,
);
console.log(
  `  read ${(tParsed - t0).toFixed(0)} ms + critical paths and aggregates ${(t1 - tParsed).toFixed(0)} ms = ${ms.toFixed(0)} ms (target < ${TARGET_MS} ms)`,
);
console.log(
  `  peak resident memory ${(peak / 1024 ** 2).toFixed(0)} MB, of which before the analysis ${(rssBefore / 1024 ** 2).toFixed(0)} MB (target < ${TARGET_BYTES / 1024 ** 2} MB)`,
);
const top = report.endpoints[0]!;
console.log(
  `  ${top.latency.endpoint}: p99 ${(top.latency.p99 / 1000).toFixed(1)} ms, tail dominated by ${top.tail.shares[0]!.label} (${(top.tail.shares[0]!.tailShare * 100).toFixed(0)}%)`,
);
if (spans !== TRACES * 10 || ms > TARGET_MS || peak > TARGET_BYTES) {
  console.log('  MISSED a target');
  process.exit(1);
}
