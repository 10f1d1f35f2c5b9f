// Go execution traces (test/fixtures/go/trace.out, /debug/pprof/trace of examples/long-running/go,
// recorded by test/fixtures/go/record.sh) read through `go tool trace -pprof=KIND` (the converter),
// with `go tool pprof -top` of Go's own conversion as the oracle for every blocking profile.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { importProfileBytes } from '../../../src/core/importers/index';
import { ProfileFormatError } from '../../../src/core/model/profile';
import { topFunctions } from '../../../src/core/model/views';
import { GO_TRACE_PROFILES, goTraceConverterHook } from '../../../src/profilers/goTraceConverter';
import { markedLine } from '../memory/markedLine';
import { checkFixture, enc, fx, importOrFormatError } from './helpers';

const TRACE = 'go/trace.out';
const MAIN = 'examples/long-running/go/main.go';

/** `go tool pprof -top -unit=ns` rows: flat and cum per function. */
function pprofTop(kind: string): Map<string, { flat: number; cum: number }> {
  const rows = new Map<string, { flat: number; cum: number }>();
  for (const line of readFileSync(fx(`go/trace.${kind}-top.txt`), 'utf8').split('\n')) {
    const m = /^\s*(\d+)ns\s+\S+\s+\S+\s+(\d+)ns\s+\S+\s+(.+?)(?: \(inline\))?$/.exec(line);
    if (m) rows.set(m[3]!, { flat: Number(m[1]), cum: Number(m[2]) });
  }
  return rows;
}

for (const kind of GO_TRACE_PROFILES) {
  test(`go tool trace -pprof=${kind}: every function's self and total time blocked is go tool pprof's flat and cum`, async () => {
    const p = await checkFixture(TRACE, { format: 'go-trace' }, { convertGoTrace: goTraceConverterHook({ profile: kind }) });
    assert.equal(p.weightTypes[0]!.unit, 'nanoseconds');
    const oracle = pprofTop(kind);
    assert.ok(oracle.size > 0, `the ${kind} oracle has rows`);
    const ours = new Map<string, { self: number; total: number }>();
    for (const f of topFunctions(p, { limit: Number.MAX_SAFE_INTEGER })) {
      const r = ours.get(f.name) ?? { self: 0, total: 0 };
      ours.set(f.name, { self: r.self + f.self, total: Math.max(r.total, f.total) });
    }
    for (const [name, o] of oracle) {
      // pprof names a location with no function "<unknown>"; the importer names it by its address.
      if (name === '<unknown>') continue;
      assert.equal(ours.get(name)?.self ?? 0, o.flat, `${name} flat`);
      assert.equal(ours.get(name)?.total ?? 0, o.cum, `${name} cum`);
    }
  });
}

test('the sync profile (the default): time the service blocked, at its own lines; the leaked goroutines, never unblocked, are not in it', async () => {
  const p = await importProfileBytes('trace.out', readFileSync(fx(TRACE)), { convertGoTrace: goTraceConverterHook() });
  assert.equal(p.metadata.format, 'go-trace');
  const recv = topFunctions(p).find((f) => f.name === 'runtime.chanrecv1')!;
  assert.equal(recv.self, pprofTop('sync').get('runtime.chanrecv1')!.flat, 'sync is the default');
  const drive = p.frames.filter((f) => f.name === 'main.drive');
  assert.deepEqual(
    [...new Set(drive.map((f) => f.line))].sort(),
    [markedLine(MAIN, 'client.Get('), markedLine(MAIN, 'io.Copy(')].sort(),
    'the client blocks in Get and in reading the body',
  );
  // A goroutine blocked for the whole trace ends no blocking interval: the goroutine profile finds it (hotline leaks).
  assert.equal(
    p.frames.find((f) => f.name === 'main.awaitConfirmation'),
    undefined,
  );
});

test('without the converter the error says what to run; a trace go cannot read names the file', async () => {
  const bytes = readFileSync(fx(TRACE));
  const missing = await importOrFormatError('trace.out', bytes);
  assert.ok(missing instanceof ProfileFormatError);
  assert.match(missing.message, /go tool trace -pprof=sync/);
  const cut = await importOrFormatError('cut.trace', enc('go 1.26 trace\0\0\0\x01\x01\xff'), undefined, { convertGoTrace: goTraceConverterHook() });
  assert.ok(cut instanceof ProfileFormatError, String(cut));
  assert.match(cut.message, /^cut\.trace: not a valid go-trace profile: /);
});
