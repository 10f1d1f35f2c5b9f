// perf script as perf 6.1 wrote it on this machine (test/fixtures/profiles/perf/*.expected.json say
// how), checked against perf report's own figures, plus the variations other tools introduce.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { detectFormat, importProfileBytes, importProfileFile } from '../../../src/core/importers/index';
import { Profile, totalWeight } from '../../../src/core/model/profile';
import { topFunctions } from '../../../src/core/model/views';
import { buildReport } from '../../../src/core/report';
import fc from 'fast-check';
import { damage, enc, flipped, profileOrNull, stacks, totalOf } from './propertyHelpers';

const dir = join(__dirname, '../../fixtures/profiles/perf');
const fx = (name: string) => join(dir, name);
interface EventOracle {
  samples: number;
  period: number;
  top: { name: string; samples: number; period: number };
}
const expected = (name: string) => JSON.parse(readFileSync(fx(`${name}.expected.json`), 'utf8')) as { comm: string; events: Record<string, EventOracle> };
const weight = (p: Profile, name: string) => {
  const w = p.weightTypes.findIndex((t) => t.name === name);
  assert.ok(w >= 0, `weight ${name} in ${p.weightTypes.map((t) => t.name).join(', ')}`);
  return w;
};
const self = (p: Profile, name: string, w: number) => topFunctions(p, { weight: w, limit: 1e9 }).find((f) => f.name === name)!.self;

for (const file of ['faults.perf-script.txt', 'faults-c1.perf-script.txt']) {
  test(`perf script ${file}: page-faults weighed by the period, as perf report counts them`, async () => {
    const exp = expected(file);
    const o = exp.events['page-faults']!;
    const p = await importProfileFile(fx(file));
    assert.equal(p.metadata.format, 'perf-script');
    assert.deepEqual(p.weightTypes, [
      { name: 'page-faults', unit: 'count' },
      { name: 'samples', unit: 'samples' },
    ]);
    assert.equal(totalWeight(p, 0), o.period);
    assert.equal(totalWeight(p, 1), o.samples);
    assert.equal(self(p, o.top.name, 0), o.top.period);
    assert.equal(self(p, o.top.name, 1), o.top.samples);
    assert.equal(topFunctions(p, { weight: 0, limit: 1 })[0]!.name, o.top.name);
    assert.equal(buildReport(p).total, o.period, 'hotline report shows the fault count');
    assert.match(p.metadata.notes!.join('\n'), new RegExp(`processes \\(comm\\): ${exp.comm} \\(${o.samples}\\)`));
  });
}

test('perf script with two events (cpu-clock and page-faults): each event its own weights, never summed', async () => {
  const exp = expected('clock-and-faults.perf-script.txt');
  const p = await importProfileFile(fx('clock-and-faults.perf-script.txt'));
  // Events in the order the file first shows them (the program's first page faults come before its first tick).
  assert.deepEqual(p.weightTypes, [
    { name: 'page-faults', unit: 'count' },
    { name: 'cpu-clock', unit: 'nanoseconds' },
    { name: 'page-faults samples', unit: 'samples' },
    { name: 'cpu-clock samples', unit: 'samples' },
  ]);
  for (const [event, o] of Object.entries(exp.events)) {
    const pw = weight(p, event);
    const sw = weight(p, `${event} samples`);
    assert.equal(totalWeight(p, pw), o.period, `${event} period`);
    assert.equal(totalWeight(p, sw), o.samples, `${event} samples`);
    assert.equal(self(p, o.top.name, pw), o.top.period, `${event} ${o.top.name} self period`);
    assert.equal(self(p, o.top.name, sw), o.top.samples, `${event} ${o.top.name} self samples`);
  }
});

test('perf script: CRLF line endings, frames without indentation and trailing blanks read as perf wrote them', async () => {
  const text = readFileSync(fx('faults.perf-script.txt'), 'utf8');
  const o = expected('faults.perf-script.txt').events['page-faults']!;
  const variants = {
    crlf: text.replace(/\n/g, '\r\n'),
    unindented: text.replace(/^[\t ]+/gm, ''),
    trailing: text.replace(/\n/g, '  \n'),
  };
  for (const [label, v] of Object.entries(variants)) {
    const bytes = new TextEncoder().encode(v);
    assert.equal(detectFormat(bytes.subarray(0, 64 * 1024)), 'perf-script', label);
    const p = await importProfileBytes(`${label}.txt`, bytes);
    assert.equal(totalWeight(p, 0), o.period, label);
    assert.equal(totalWeight(p, 1), o.samples, label);
    assert.equal(self(p, o.top.name, 0), o.top.period, label);
  }
});

test('perf script: a comm with spaces and a number in it is kept whole; headers without a period count samples', async () => {
  const text = [
    'my worker 2 1234/1234 [001] 10.000001: cycles: ',
    '\t 4005d6 main (/bin/app)',
    '',
    'my worker 2 1234/1235 [001] 10.000002: instructions: ',
    '4005d7 main (/bin/app)',
    '4005f0 _start (/bin/app)',
    '',
  ].join('\n');
  const p = await importProfileBytes('w.txt', new TextEncoder().encode(text));
  assert.deepEqual(p.weightTypes, [
    { name: 'cycles samples', unit: 'samples' },
    { name: 'instructions samples', unit: 'samples' },
  ]);
  assert.equal(totalWeight(p, 0), 1);
  assert.equal(totalWeight(p, 1), 1);
  assert.match(p.metadata.notes!.join('\n'), /processes \(comm\): my worker 2 \(2\)/);
});

test("property: perf script written and read back keeps each event's period and samples; cuts and flips never crash", async () => {
  const events = ['cycles', 'instructions'];
  await fc.assert(
    fc.asyncProperty(fc.array(fc.tuple(stacks, fc.integer({ min: 0, max: 1 })), { minLength: 1, maxLength: 4 }), damage, async (groups, [cut, flips]) => {
      const want = new Map<string, { period: number; samples: number }>();
      let text = '';
      let t = 0;
      for (const [st, e] of groups) {
        for (const [names, period] of st) {
          const ev = events[e]!;
          text += `my app 2 42/42 [000] ${(++t).toFixed(6)}: ${String(period).padStart(10)} ${ev}: \n`;
          for (const name of [...names].reverse()) text += `\t    4005d6 ${name}+0x1 (/bin/my app)\n`;
          text += '\n';
          const w = want.get(ev) ?? { period: 0, samples: 0 };
          want.set(ev, { period: w.period + period, samples: w.samples + 1 });
        }
      }
      const p = await profileOrNull('r.perf.txt', enc(text), 'perf-script');
      assert.ok(p);
      for (const [ev, w] of want) {
        assert.equal(totalOf(p, ev), w.period, `${ev} period`);
        assert.equal(totalOf(p, want.size === 1 ? 'samples' : `${ev} samples`), w.samples, `${ev} samples`);
      }
      // A cut keeps at most what was there, per event.
      const q = await profileOrNull('r.perf.txt', enc(text.slice(0, Math.floor(text.length * cut))), 'perf-script');
      if (q) for (const [ev, w] of want) assert.ok(totalOf(q, ev) <= w.period, `${ev} cut`);
      await profileOrNull('r.perf.txt', flipped(enc(text), flips), 'perf-script');
    }),
    { numRuns: 100 },
  );
});

test('perf script of a Go 1.26 (DWARF 5) binary whose lines addr2line could not read: `go.go:0` is no line, the functions stay', async () => {
  // Two samples of `hotline load`'s perf -p on examples/services/go, as perf 6.1 wrote them on this machine.
  const p = await importProfileFile(fx('go-dwarf5.perf-script.txt'));
  const names = p.frames.map((f) => f.name);
  assert.ok(names.includes('main.main.func2') && names.includes('net/http.(*conn).serve'), names.join(', '));
  assert.deepEqual(
    p.frames.filter((f) => f.file !== null || f.line !== null),
    [],
    'a srcline with line 0 gives the frame no file and no line',
  );
  assert.equal(topFunctions(p, { weight: 0, limit: 1 })[0]!.name, 'main.main.func2');
});
