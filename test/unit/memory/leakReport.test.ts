import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LeakFinderError, leakReportFromPython, parsePythonLeakDocument } from '../../../src/core/memory/leakAnalysis';
import { matchLeakPatterns } from '../../../src/core/memory/leakPatterns';
import { isSteadyGrowth, LeakReport } from '../../../src/core/memory/leakReport';
import { formatLeakReport } from '../../../src/core/memory/leakReportText';
import { formatBytes, summarizeSeries } from '../../../src/core/memory/memorySeries';
import { parseLeaksArgs } from '../../../src/cli/commands/leaks';
import { CliUsageError } from '../../../src/cli/command';
import { fixtureText, markedLine, ROOT } from './markedLine';

test('Python leak finder output: the growing kind, what holds it, and the line that leaks', () => {
  const report = leakReportFromPython(parsePythonLeakDocument(fixtureText('leaky_cache.leaks.json')));
  assert.equal(report.language, 'python');
  assert.equal(report.grew, true);
  const response = report.kinds.find((k) => k.name === 'Response')!;
  assert.equal(response.countDelta, report.runs, 'one Response per run');
  assert.deepEqual(response.retainerPath!.map((s) => s.text).slice(0, 1), ['leaky_cache._CACHE']);
  assert.deepEqual(report.containers, [{ name: 'leaky_cache._CACHE', type: 'dict', lenBefore: 3, lenAfter: 43 }]);
  assert.deepEqual(
    report.patterns.map((p) => p.id),
    ['cache-without-eviction'],
  );
  const leakLine = markedLine('examples/memory/leaky_cache.py', '# LEAK');
  const file = `${ROOT}/examples/memory/leaky_cache.py`;
  // The biggest site is the string built in render(), reached from the LEAK line.
  assert.ok(report.sites[0]!.stack.some((f) => f.file === file && f.line === leakLine));
  assert.ok(report.sites.some((s) => s.file === file && s.line === leakLine));
  const text = formatLeakReport(report);
  assert.match(text, /handle_request\(\) run 40 times .*: a leak/);
  assert.match(text, /Cache without eviction/);
  assert.match(text, /\+40 Response/);
});

test('the helper reporting a missing operation becomes an actionable error with exit code 2', () => {
  const doc = parsePythonLeakDocument(
    JSON.stringify({
      format: 'hotline-leaks',
      language: 'python',
      program: 'p.py',
      call: 'main',
      runs: 5,
      warmup: 1,
      error: 'p.py defines no function "main" to run as the operation; name one with --call <function> (top-level functions found: a, b)',
    }),
  );
  assert.throws(
    () => leakReportFromPython(doc),
    (e: Error) => e instanceof LeakFinderError && e.exitCode === 2 && /--call/.test(e.message),
  );
  assert.throws(() => parsePythonLeakDocument('[]'), /hotline-leaks/);
});

function report(partial: Partial<LeakReport>): Omit<LeakReport, 'patterns'> {
  return {
    language: 'javascript',
    program: 'p.js',
    call: 'op',
    runs: 10,
    warmup: 1,
    bytesBefore: 0,
    bytesAfter: 0,
    bytesPerRun: 0,
    grew: true,
    sites: [],
    kinds: [],
    warnings: [],
    notes: [],
    ...partial,
  };
}

test('leak patterns: listener, closure scope, __del__ cycles; nothing when nothing grew per run', () => {
  const listener = matchLeakPatterns(
    report({
      kinds: [
        {
          name: '(closure) onData @ a.js:3',
          countBefore: 0,
          countAfter: 10,
          countDelta: 10,
          sizeDelta: 640,
          retainedDelta: 64000,
          retainerPath: [
            { text: 'Object.bus', kind: 'property' },
            { text: 'EventEmitter._events', kind: 'property' },
            { text: '(closure) onData @ a.js:3', kind: 'object' },
          ],
        },
      ],
    }),
  );
  assert.deepEqual(
    listener.map((p) => p.id),
    ['listener-not-removed', 'closure-holding-scope'],
  );
  const warned = matchLeakPatterns(report({ grew: false, warnings: ['MaxListenersExceededWarning: Possible EventEmitter memory leak detected.'] }));
  assert.deepEqual(
    warned.map((p) => p.id),
    ['listener-not-removed'],
  );
  const del = matchLeakPatterns(
    report({ language: 'python', kinds: [{ name: 'Node', countBefore: 0, countAfter: 10, countDelta: 10, sizeDelta: 560, definesDel: true, inCycle: true }] }),
  );
  assert.deepEqual(
    del.map((p) => p.id),
    ['cycle-with-del'],
  );
  // Grew, but only 2 of 10 runs added one: not a per-run leak.
  const few = matchLeakPatterns(
    report({
      kinds: [
        {
          name: 'Item',
          countBefore: 0,
          countAfter: 2,
          countDelta: 2,
          sizeDelta: 200,
          retainerPath: [
            { text: 'app.cache', kind: 'global' },
            { text: "['k']", kind: 'dict' },
          ],
        },
      ],
    }),
  );
  assert.deepEqual(few, []);
});

test('steady growth needs growth above noise in both rounds', () => {
  assert.equal(isSteadyGrowth(100_000, 90_000, 100), true);
  assert.equal(isSteadyGrowth(100_000, 0, 100), false, 'a bounded cache that filled up');
  assert.equal(isSteadyGrowth(1_000, 1_000, 100), false, '10 bytes per run is noise');
  assert.equal(isSteadyGrowth(3_000, 3_000, 10), false, '3 KB in all is the runtime churning');
  assert.equal(isSteadyGrowth(100_000, undefined, 100), true);
});

test('memory series summary: peak and slope', () => {
  const s = summarizeSeries({ name: 'rss', unit: 'bytes', timesMs: [0, 1000, 2000, 3000], bytes: [10, 20, 40, 30] });
  assert.deepEqual([s.peakBytes, s.peakAtMs, s.startBytes, s.endBytes, s.samples], [40, 2000, 10, 30, 4]);
  assert.ok(Math.abs(s.slopeBytesPerSec - 8) < 1e-9);
  assert.equal(summarizeSeries({ name: 'rss', unit: 'bytes', timesMs: [], bytes: [] }).samples, 0);
  assert.equal(formatBytes(1536), '1.5 KiB');
  assert.equal(formatBytes(-2 * 1048576), '-2.0 MiB');
});

test('hotline leaks arguments', () => {
  assert.deepEqual(parseLeaksArgs(['app.py', '--call', 'handle', '--runs', '20', '--json', '--', '--port', '1']), {
    program: 'app.py',
    call: 'handle',
    runs: 20,
    json: true,
    args: ['--port', '1'],
  });
  assert.throws(() => parseLeaksArgs([]), CliUsageError);
  assert.throws(() => parseLeaksArgs(['a.py', '--runs', '0']), /--runs must be a whole number >= 1/);
  assert.throws(() => parseLeaksArgs(['a.py', '--bogus']), /unknown option --bogus/);
});

test('memory chart: one polyline per series, peak label, untrusted names escaped', async () => {
  const { memorySeriesSvg } = await import('../../../src/core/memory/seriesChart');
  const svg = memorySeriesSvg([{ name: 'rss<script>', unit: 'bytes', timesMs: [0, 500, 1000], bytes: [1048576, 4194304, 2097152] }], { title: 'a & b' });
  assert.equal((svg.match(/<polyline/g) ?? []).length, 1);
  assert.match(svg, /rss&lt;script&gt;: peak 4\.0 MiB at 0\.50 s/);
  assert.match(svg, /a &amp; b/);
  assert.doesNotMatch(svg, /<script/);
  assert.match(memorySeriesSvg([]), /no memory samples/);
});

test('operation candidates: Python top-level functions, Node exports', async () => {
  const { operationCandidates } = await import('../../../src/core/memory/operationCandidates');
  assert.deepEqual(operationCandidates('def main():\n  def inner(): pass\nasync def serve(x):\n  pass\ndef _private(): pass\n', 'python'), ['main', 'serve']);
  assert.deepEqual(operationCandidates('module.exports = { handleRequest, bus: b };\nexports.other = 1;\nexport async function load() {}\n', 'javascript'), [
    'handleRequest',
    'bus',
    'other',
    'load',
  ]);
  // Exports declared as plain values are not operations; functions and arrows are.
  const src =
    'const bus = new EventEmitter();\nconst handle = async (r) => r;\nconst step = x => x;\nfunction go() {}\nmodule.exports = { handle, step, go, bus };\n';
  assert.deepEqual(operationCandidates(src, 'javascript'), ['handle', 'step', 'go']);
});

test('leak patterns: Python closure cells held through a function', () => {
  const cells = matchLeakPatterns(
    report({
      language: 'python',
      kinds: [
        {
          name: 'cell',
          countBefore: 0,
          countAfter: 10,
          countDelta: 10,
          sizeDelta: 400,
          retainerPath: [
            { text: 'app._handlers', kind: 'global' },
            { text: 'list[3]', kind: 'list' },
            { text: 'function subscribe.<locals>.<lambda>', kind: 'function' },
            { text: 'cell', kind: 'object' },
          ],
        },
      ],
    }),
  );
  // Held in a list named _handlers: the listener pattern too.
  assert.deepEqual(
    cells.map((p) => p.id),
    ['listener-not-removed', 'closure-holding-scope'],
  );
});

test('leak patterns: a module-level container one entry longer per run', () => {
  const grown = (name: string, type: string) => matchLeakPatterns(report({ language: 'python', containers: [{ name, type, lenBefore: 3, lenAfter: 13 }] }));
  assert.deepEqual(
    grown('app._seen', 'dict').map((p) => p.id),
    ['cache-without-eviction'],
  );
  assert.deepEqual(
    grown('app._handlers', 'list').map((p) => p.id),
    ['listener-not-removed'],
  );
  assert.match(grown('app._seen', 'dict')[0]!.evidence, /app\._seen \(dict\) grew from 3 to 13 entries over 10 runs/);
  // Not growing with the runs (a bounded container that filled up a little): no pattern.
  assert.deepEqual(matchLeakPatterns(report({ containers: [{ name: 'app.lru', type: 'OrderedDict', lenBefore: 98, lenAfter: 100 }] })), []);
});
