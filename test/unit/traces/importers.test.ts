import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTraceText, TraceFormatError } from '../../../src/core/traces/importers/index';
import { criticalPath } from '../../../src/core/traces/criticalPath';
import { buildSpanTree, spanLabel } from '../../../src/core/traces/model';

const fixtures = join(__dirname, '../../fixtures/traces');
const read = (name: string) => readFileSync(join(fixtures, name), 'utf8');

// Recorded from Zipkin 3.5.1's GET /api/v2/traces?serviceName=shop with examples/tracing under
// OpenTelemetry auto-instrumentation (20 requests, every 10th downstream call slow).
test('Zipkin v2: every span of every trace, with the times Zipkin reports', () => {
  const raw = JSON.parse(read('zipkin-shop.json')) as {
    traceId: string;
    id: string;
    parentId?: string;
    timestamp: number;
    duration: number;
    localEndpoint: { serviceName: string };
  }[][];
  const { format, traces } = parseTraceText(read('zipkin-shop.json'));
  assert.equal(format, 'zipkin');
  assert.equal(traces.length, raw.length);
  for (const rawTrace of raw) {
    const t = traces.find((x) => x.traceId === rawTrace[0]!.traceId)!;
    assert.equal(t.spans.length, rawTrace.length);
    for (const r of rawTrace) {
      const s = t.spans.find((x) => x.id === r.id)!;
      assert.equal(s.start, r.timestamp);
      assert.equal(s.duration, r.duration);
      assert.equal(s.parentId, r.parentId);
      assert.equal(s.service, r.localEndpoint.serviceName);
    }
    const tree = buildSpanTree(t)!;
    assert.equal(tree.root.id, rawTrace.find((r) => !r.parentId)!.id);
    assert.equal(spanLabel(tree.root), 'shop GET /checkout');
  }
});

// Recorded by `hotline load --server "python3 app.py 18123" --url http://127.0.0.1:18123/slow -c 2 --amount 12
// --no-profile --trace --service-name flask --save-traces zipkin-flask.json` in examples/services/python:
// Flask under Python's opentelemetry-instrument, read back from Zipkin 3.5.1 (12 requests and the readiness probe).
test("Zipkin v2 from Python OpenTelemetry: Zipkin's lower-cased Flask span names read as METHOD route", () => {
  const raw = JSON.parse(read('zipkin-flask.json')) as { name: string; kind: string; tags: Record<string, string> }[][];
  const { traces } = parseTraceText(read('zipkin-flask.json'));
  assert.equal(traces.length, 13);
  for (const [i, t] of traces.entries()) {
    assert.deepEqual(raw[i]!.map((s) => `${s.kind} ${s.name}`).sort(), ['CLIENT get', 'SERVER get /slow']);
    assert.equal(spanLabel(buildSpanTree(t)!.root), 'flask GET /slow');
    assert.deepEqual(t.spans.map(spanLabel).sort(), ['flask GET /', 'flask GET /slow']);
  }
});

test('Zipkin v2: the downstream server span is on the critical path for its whole duration', () => {
  const { traces } = parseTraceText(read('zipkin-shop.json'));
  for (const t of traces) {
    const tree = buildSpanTree(t)!;
    const segs = criticalPath(tree);
    // OpenTelemetry JS's Zipkin exporter writes start times in whole milliseconds and durations in
    // microseconds, so a child can seem to end after its parent: it counts within its ancestors' interval.
    const pricing = t.spans.find((s) => s.service === 'pricing')!;
    const chain = [pricing, tree.byId.get(pricing.parentId!)!, tree.root];
    const within = Math.min(...chain.map((s) => s.start + s.duration)) - Math.max(...chain.map((s) => s.start));
    const onPath = segs.filter((s) => s.span === pricing).reduce((a, s) => a + s.end - s.start, 0);
    assert.equal(onPath, within, `trace ${t.traceId}`);
    assert.equal(
      segs.reduce((a, s) => a + s.end - s.start, 0),
      tree.root.duration,
    );
  }
});

test('Zipkin v2: a flat span array (POST /api/v2/spans) and a shared client/server span id', () => {
  const { traces } = parseTraceText(
    JSON.stringify([
      { traceId: 'a', id: '1', name: 'get', timestamp: 100, duration: 50, localEndpoint: { serviceName: 'web' }, kind: 'CLIENT' },
      { traceId: 'a', id: '1', name: 'get', timestamp: 110, duration: 30, localEndpoint: { serviceName: 'api' }, kind: 'SERVER', shared: true },
    ]),
  );
  const tree = buildSpanTree(traces[0]!)!;
  assert.equal(tree.root.service, 'web');
  assert.deepEqual(
    criticalPath(tree).map((s) => [s.span.service, s.start, s.end]),
    [
      ['web', 100, 110],
      ['api', 110, 140],
      ['web', 140, 150],
    ],
  );
});

// Recorded by test/fixtures/traces/record-otlp.cjs: OpenTelemetry JS's own OTLP/JSON serialiser, two requests on two lines.
test("OTLP/JSON lines: nanosecond times become microseconds; the service is the resource's", () => {
  const text = read('otlp-shop.jsonl');
  const rawSpans = text
    .trim()
    .split('\n')
    .flatMap((l) =>
      (
        JSON.parse(l) as {
          resourceSpans: { scopeSpans: { spans: { spanId: string; startTimeUnixNano: string; endTimeUnixNano: string; kind: number }[] }[] }[];
        }
      ).resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans)),
    );
  const { format, traces } = parseTraceText(text);
  assert.equal(format, 'otlp');
  assert.equal(traces.length, 6);
  const spans = traces.flatMap((t) => t.spans);
  assert.equal(spans.length, rawSpans.length);
  for (const r of rawSpans) {
    const s = spans.find((x) => x.id === r.spanId)!;
    assert.equal(s.start, Number(BigInt(r.startTimeUnixNano) / 1000n) + Number(BigInt(r.startTimeUnixNano) % 1000n) / 1000);
    assert.equal(s.duration, Number(BigInt(r.endTimeUnixNano) - BigInt(r.startTimeUnixNano)) / 1000);
    assert.equal(s.kind, r.kind === 2 ? 'SERVER' : 'CLIENT');
    assert.ok(r.kind === 2 || r.kind === 3);
    assert.equal(s.service, 'shop');
  }
  const slow = traces.map((t) => buildSpanTree(t)!).sort((a, b) => b.root.duration - a.root.duration)[0]!;
  assert.ok(slow.root.duration > 100_000, 'the ?slow request took over 100 ms');
  const dominant = criticalPath(slow).reduce((best, s) => (s.end - s.start > best.end - best.start ? s : best));
  assert.equal(spanLabel(dominant.span), 'shop GET /price');
});

// Jaeger's JSON export, written by hand in the shape of the Jaeger UI's "Download JSON" (no Jaeger runs here).
test('Jaeger JSON: processes give the service, CHILD_OF the parent', () => {
  const doc = {
    data: [
      {
        traceID: 'abc',
        spans: [
          {
            traceID: 'abc',
            spanID: 'r',
            operationName: 'GET /checkout',
            references: [],
            startTime: 1000,
            duration: 500,
            tags: [{ key: 'span.kind', type: 'string', value: 'server' }],
            processID: 'p1',
          },
          {
            traceID: 'abc',
            spanID: 'c',
            operationName: 'SELECT',
            references: [{ refType: 'CHILD_OF', traceID: 'abc', spanID: 'r' }],
            startTime: 1100,
            duration: 300,
            tags: [],
            processID: 'p2',
          },
        ],
        processes: { p1: { serviceName: 'shop', tags: [] }, p2: { serviceName: 'db', tags: [] } },
      },
    ],
  };
  const { format, traces } = parseTraceText(JSON.stringify(doc));
  assert.equal(format, 'jaeger');
  const tree = buildSpanTree(traces[0]!)!;
  assert.equal(tree.root.kind, 'SERVER');
  assert.deepEqual(
    criticalPath(tree).map((s) => [spanLabel(s.span), s.start, s.end]),
    [
      ['shop GET /checkout', 1000, 1100],
      ['db SELECT', 1100, 1400],
      ['shop GET /checkout', 1400, 1500],
    ],
  );
});

test('bad input: one message that says what is wrong', () => {
  assert.throws(
    () => parseTraceText('not json'),
    (e: unknown) => e instanceof TraceFormatError && /not JSON/.test(e.message),
  );
  assert.throws(
    () => parseTraceText('{"hello": 1}'),
    (e: unknown) => e instanceof TraceFormatError && /Zipkin v2 JSON \(zipkin\), OTLP\/JSON traces \(otlp\), Jaeger JSON \(jaeger\)/.test(e.message),
  );
  assert.throws(
    () => parseTraceText('[[{"traceId":"a","id":"1"}]]'),
    (e: unknown) => e instanceof TraceFormatError && /trace 0 span 0\.timestamp/.test(e.message),
  );
  assert.throws(
    () => parseTraceText('[]', 'nope'),
    (e: unknown) => e instanceof TraceFormatError && /unknown trace format "nope"/.test(e.message),
  );
});
