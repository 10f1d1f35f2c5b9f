// `hotline traces` on the recorded fixtures, in-process: the JSON report's figures are the files'
// own durations; bad input and an unreachable Zipkin exit 2 with one line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { main } from '../../../src/cli/main';

const fixtures = join(__dirname, '../../fixtures/traces');

async function hotline(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: fixtures });
  return { code, stdout, stderr };
}

test('traces FILE --json: per endpoint percentiles and the tail breakdown', async () => {
  const r = await hotline('traces', 'zipkin-shop.json', '--json');
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout) as {
    traces: number;
    endpoints: {
      latency: { endpoint: string; max: number; count: number };
      tail: { shares: { label: string }[] };
      slowest: { traceId: string; duration: number; dominant: string }[];
    }[];
  };
  const raw = JSON.parse(readFileSync(join(fixtures, 'zipkin-shop.json'), 'utf8')) as { traceId: string; parentId?: string; duration: number }[][];
  const roots = raw.map((t) => t.find((s) => !s.parentId)!);
  assert.equal(report.traces, 20);
  const e = report.endpoints[0]!;
  assert.equal(e.latency.endpoint, 'shop GET /checkout');
  assert.equal(e.latency.max, Math.max(...roots.map((s) => s.duration)));
  assert.equal(e.tail.shares[0]!.label, 'pricing GET /price');
  const slowestRoot = roots.reduce((a, b) => (b.duration > a.duration ? b : a));
  assert.deepEqual([e.slowest[0]!.traceId, e.slowest[0]!.duration, e.slowest[0]!.dominant], [slowestRoot.traceId, slowestRoot.duration, 'pricing GET /price']);
});

test('traces FILE: text report names the endpoint, the percentiles and the dominant downstream span', async () => {
  const r = await hotline('traces', 'otlp-shop.jsonl', '--tail', '95');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^shop GET \/checkout — 6 traces$/m);
  assert.match(r.stdout, /latency {2}p50 .* p95 .* p99 .* max /);
  assert.match(r.stdout, /slowest traces:\n {4}[0-9a-f]{32} {2}\S+ ms {2}\d+\.\d% in shop GET \/price/);
});

test('traces: bad input is one line and exit code 2; no matching traces is exit code 1', async () => {
  const missing = await hotline('traces', 'nope.json');
  assert.deepEqual([missing.code, missing.stderr], [2, 'hotline: cannot read nope.json: no such file\n']);
  const wrong = await hotline('traces', '../profiles/node/hot.cpuprofile');
  assert.equal(wrong.code, 2);
  assert.match(wrong.stderr, /^hotline: not a trace file Hotline reads; known formats: /);
  const none = await hotline('traces', 'zipkin-shop.json', '--service', 'nobody');
  assert.deepEqual([none.code, none.stderr.trim()], [1, `hotline: no traces with service "nobody" in ${join(fixtures, 'zipkin-shop.json')}`]);
  const both = await hotline('traces', 'zipkin-shop.json', '--zipkin', 'http://127.0.0.1:1');
  assert.equal(both.code, 2);
});

test('traces --zipkin: nothing listening there is one line naming the URL, exit code 2', async () => {
  const port = await new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
  const r = await hotline('traces', '--zipkin', `http://127.0.0.1:${port}`);
  assert.equal(r.code, 2);
  assert.match(r.stderr, new RegExp(`^hotline: Zipkin is not reachable at http://127\\.0\\.0\\.1:${port}: ECONNREFUSED\\. Is Zipkin running there\\?`));
  assert.equal(r.stderr.trim().split('\n').length, 1);
});
