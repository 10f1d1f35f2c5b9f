import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  compareLoad,
  LoadResultError,
  loadResultText,
  parseLoadResult,
  parseLoadTargets,
  parseServiceChoice,
  urlPort,
  urlProblem,
} from '../../../src/core/load';

const fixtures = new URL('../../fixtures/load/', import.meta.url).pathname;
// Recorded by src/helpers/autocannon_runner.cjs (autocannon 9.0.0) against examples/services/node /queue, 8 connections, 2 s.
const runnerText = readFileSync(fixtures + 'node-queue-c8.autocannon.json', 'utf8');
// `autocannon -c 4 -d 2 --json` against examples/services/node /slow.
const bareText = readFileSync(fixtures + 'node-slow-c4.json', 'utf8');

test("from the runner's samples: autocannon's own p50, p90, p99, min, max and mean, plus p95", () => {
  const own = JSON.parse(runnerText).result;
  const r = parseLoadResult(runnerText);
  assert.equal(r.latency.p50, own.latency.p50);
  assert.equal(r.latency.p90, own.latency.p90);
  assert.equal(r.latency.p99, own.latency.p99);
  assert.equal(r.latency.min, own.latency.min);
  assert.equal(r.latency.max, own.latency.max);
  assert.ok(Math.abs(r.latency.mean - own.latency.mean) < 0.05, `${r.latency.mean} vs ${own.latency.mean}`);
  assert.equal(r.latencies.length, own.latency.totalCount);
  assert.equal(r.requests, own.requests.total);
  assert.equal(r.requestsPerSecond, own.requests.average);
  assert.ok(r.latency.p95 !== null && r.latency.p95 >= r.latency.p90 && r.latency.p95 <= r.latency.p99);
  assert.ok(r.latency.p95! <= own.latency.p97_5, "p95 is at most autocannon's p97.5");
  assert.deepEqual([r.errors, r.timeouts, r.non2xx, r.connections], [own.errors, own.timeouts, own.non2xx, 8]);
  assert.deepEqual(r.statusCodes, { 200: own.statusCodeStats['200'].count });
  assert.equal(r.autocannonVersion, '9.0.0');
});

test('the histogram and latency over time account for every 2xx response', () => {
  const r = parseLoadResult(runnerText);
  assert.equal(
    r.histogram!.reduce((s, b) => s + b.count, 0),
    r.latencies.length,
  );
  for (const [i, b] of r.histogram!.entries()) {
    if (i > 0) assert.equal(b.fromMs, r.histogram![i - 1]!.toMs);
    assert.equal(r.latencies.filter((v) => v >= b.fromMs && v < b.toMs).length, b.count);
  }
  assert.ok(r.histogram!.length >= 5 && r.histogram!.length <= 25, `${r.histogram!.length} buckets`);
  assert.deepEqual(
    r.overTime!.map((s) => s.second),
    [0, 1],
  );
  assert.equal(
    r.overTime!.reduce((s, x) => s + x.requests, 0),
    r.latencies.length,
  );
  for (const s of r.overTime!) assert.ok(s.p50 <= s.p95 && s.p95 <= s.max && s.max <= r.latency.max);
  const text = loadResultText(r);
  assert.match(text, new RegExp(`p50 ${r.latency.p50} ms  p90 ${r.latency.p90} ms  p95 ${r.latency.p95} ms  p99 ${r.latency.p99} ms  max ${r.latency.max} ms`));
  assert.match(text, /histogram\n/);
});

test('a bare autocannon --json keeps its own figures and says p95 is unknown', () => {
  const own = JSON.parse(bareText);
  const r = parseLoadResult(bareText);
  assert.deepEqual(
    [r.latency.p50, r.latency.p90, r.latency.p99, r.latency.max, r.latency.mean, r.requests],
    [own.latency.p50, own.latency.p90, own.latency.p99, own.latency.max, own.latency.average, own.requests.total],
  );
  assert.equal(r.latency.p95, null);
  assert.equal(r.histogram, null);
  assert.equal(r.overTime, null);
  assert.match(loadResultText(r), /p95 n\/a/);
});

test('anything else is a LoadResultError that says what was expected', () => {
  assert.throws(
    () => parseLoadResult('not json'),
    (e: unknown) => e instanceof LoadResultError && /not JSON/.test((e as Error).message),
  );
  assert.throws(() => parseLoadResult('{"traceEvents":[]}'), /autocannon --json/);
  assert.throws(() => parseLoadResult('{"tool":"hotline-autocannon","result":{}}'), /no autocannon result or samples/);
});

function slowedBy(factor: number): string {
  const runner = JSON.parse(runnerText);
  runner.samples = runner.samples.map(([t, ms, status]: number[]) => [t, ms * factor, status]);
  return JSON.stringify(runner);
}

test('compareLoad: the same run is unchanged; latencies 1.5× slower are a significant p95 regression', () => {
  const base = parseLoadResult(runnerText);
  const same = compareLoad(base, base, { threshold: 0.1 });
  assert.equal(same.regression, false);
  assert.equal(same.change, 0);
  assert.match(same.reason, /^unchanged: .*within the \+10\.0% tolerance/);
  const slow = compareLoad(base, parseLoadResult(slowedBy(1.5)), { threshold: 0.1 });
  assert.equal(slow.regression, true);
  assert.ok(slow.change > 0.4 && slow.change < 0.6, String(slow.change));
  assert.ok(slow.pValue < 0.001);
  assert.match(slow.reason, /^slower: p95 \d+ ms → \d+ ms/);
  const within = compareLoad(base, parseLoadResult(slowedBy(1.5)), { threshold: 0.8 });
  assert.equal(within.regression, false);
});

test('compareLoad refuses a side without samples', () => {
  assert.throws(() => compareLoad(parseLoadResult(bareText), parseLoadResult(runnerText)), /baseline result has no latency samples/);
});

test('only loopback URLs unless remote load is allowed', () => {
  for (const ok of ['http://127.0.0.1:8080/x', 'http://localhost:3000', 'http://[::1]:8080/', 'https://127.0.0.2/'])
    assert.equal(urlProblem(ok, false), null, ok);
  assert.match(urlProblem('http://10.0.0.5:8080/', false)!, /not a loopback address.*--allow-remote/);
  assert.equal(urlProblem('http://10.0.0.5:8080/', true), null);
  assert.match(urlProblem('ftp://127.0.0.1/', false)!, /only http and https/);
  assert.match(urlProblem('127.0.0.1:8080', false)!, /only http and https|not a URL/);
  assert.match(urlProblem('nope', false)!, /not a URL/);
  assert.deepEqual([urlPort('http://127.0.0.1:8080/a'), urlPort('http://localhost/'), urlPort('https://[::1]/')], [8080, 80, 443]);
});

test('the service box: a command to start, "pid N" for a running process, empty for load only', () => {
  assert.deepEqual(parseServiceChoice('  node server.js 8080 '), { kind: 'command', command: 'node server.js 8080' });
  assert.deepEqual(parseServiceChoice('pid 4242'), { kind: 'pid', pid: 4242 });
  assert.deepEqual(parseServiceChoice('PID:17'), { kind: 'pid', pid: 17 });
  assert.deepEqual(parseServiceChoice('   '), { kind: 'url' });
  assert.equal(parseServiceChoice('pid 0'), '"0" is not a process id (write pid 1234)');
  assert.equal(parseServiceChoice('pid abc'), '"abc" is not a process id (write pid 1234)');
  // A command that merely starts with "pid" stays a command.
  assert.deepEqual(parseServiceChoice('pidstat 1'), { kind: 'command', command: 'pidstat 1' });
});

test('load targets: one URL as before, "METHOD URL", and several URLs as a mix on one origin', () => {
  assert.deepEqual(parseLoadTargets(['http://127.0.0.1:8080/cpu'], false), { url: 'http://127.0.0.1:8080/cpu' });
  assert.deepEqual(parseLoadTargets(['post http://127.0.0.1:8080/items'], false), { url: 'http://127.0.0.1:8080/items', method: 'POST' });
  assert.deepEqual(parseLoadTargets(['http://127.0.0.1:8080/cpu', 'POST http://127.0.0.1:8080/items?x=1', ' DELETE http://127.0.0.1:8080/items/3 '], false), {
    url: 'http://127.0.0.1:8080/cpu',
    requests: [{ path: '/cpu' }, { method: 'POST', path: '/items?x=1' }, { method: 'DELETE', path: '/items/3' }],
  });
  assert.match(parseLoadTargets(['http://127.0.0.1:8080/a', 'http://127.0.0.1:9090/b'], false) as string, /share one host and port.*8080.*9090/);
  assert.match(parseLoadTargets(['http://127.0.0.1:8080/a', 'GET http://10.0.0.5:8080/b'], false) as string, /not a loopback address/);
  assert.match(parseLoadTargets(['FETCH http://127.0.0.1:8080/a'], false) as string, /not a URL/);
  assert.equal(parseLoadTargets([], false), 'no URL to load');
});
