import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTraceText } from '../../../src/core/traces/importers/index';
import { endpointLatency, tailBreakdown, treesByEndpoint } from '../../../src/core/traces/latency';
import { buildSpanTree } from '../../../src/core/traces/model';
import { handTrace } from './helpers';

const zipkinText = readFileSync(join(__dirname, '../../fixtures/traces/zipkin-shop.json'), 'utf8');

/** numpy.percentile's default (linear) on the durations Zipkin reports for the root spans. */
function oraclePercentile(durations: number[], q: number): number {
  const d = [...durations].sort((a, b) => a - b);
  const pos = (d.length - 1) * q;
  const lo = Math.floor(pos);
  return d[lo]! + (d[Math.ceil(pos)]! - d[lo]!) * (pos - lo);
}

test("per endpoint p50/p95/p99 from the root spans agree with the durations in Zipkin's JSON", () => {
  const raw = JSON.parse(zipkinText) as { parentId?: string; duration: number }[][];
  const rootDurations = raw.map((t) => t.find((s) => !s.parentId)!.duration);
  const byEndpoint = treesByEndpoint(parseTraceText(zipkinText).traces);
  assert.deepEqual([...byEndpoint.keys()], ['shop GET /checkout']);
  const l = endpointLatency('shop GET /checkout', byEndpoint.get('shop GET /checkout')!);
  assert.equal(l.count, 20);
  assert.equal(l.p50, oraclePercentile(rootDurations, 0.5));
  assert.equal(l.p95, oraclePercentile(rootDurations, 0.95));
  assert.equal(l.p99, oraclePercentile(rootDurations, 0.99));
  assert.equal(l.max, Math.max(...rootDurations));
  assert.equal(l.min, Math.min(...rootDurations));
});

test('why is the tail slow: the downstream span holds the critical path of the slow traces', () => {
  const trees = treesByEndpoint(parseTraceText(zipkinText).traces).get('shop GET /checkout')!;
  const b = tailBreakdown('shop GET /checkout', trees);
  assert.equal(b.tailQuantile, 0.95, 'fewer than 100 traces: the tail is ≥p95');
  assert.ok(b.tailTraces.length >= 1);
  for (const t of b.tailTraces) assert.ok(t.root.duration >= b.tailThreshold);
  const top = b.shares[0]!;
  assert.equal(top.label, 'pricing GET /price');
  assert.ok(top.tailShare > 0.9, `downstream share of the tail ${top.tailShare}`);
  assert.ok(top.tailShare > top.medianShare);
  assert.ok(top.tailMean > 100_000, 'over 100 ms of each slow trace is the downstream call');
  const sum = b.shares.reduce((a, s) => a + s.tailShare, 0);
  assert.ok(Math.abs(sum - 1) < 1e-9, 'shares of the critical path add up to the whole');
});

test('hand-checked tail: two fast traces, one slow; the slow one\'s time is all in "db"', () => {
  const trace = (id: string, dbEnd: number, end: number) => ({
    ...handTrace([
      ['r', '', 0, end],
      ['db', 'r', 10, dbEnd],
    ]),
    traceId: id,
  });
  const trees = ['a', 'b', 'c', 'd', 'e'].map((id, i) => buildSpanTree(i === 4 ? trace(id, 910, 1000) : trace(id, 60, 100))!);
  const b = tailBreakdown('svc r', trees, 0.95);
  assert.deepEqual(
    b.tailTraces.map((t) => t.trace.traceId),
    ['e'],
  );
  assert.deepEqual(b.medianTraces.map((t) => t.trace.traceId).sort(), ['a', 'b', 'c', 'd']);
  const db = b.shares.find((s) => s.label === 'svc db')!;
  assert.equal(db.tailShare, 0.9);
  assert.equal(db.medianShare, 0.5);
  assert.equal(db.tailMean, 900);
  assert.equal(db.medianMean, 50);
});
