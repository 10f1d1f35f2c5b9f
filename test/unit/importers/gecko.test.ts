// Firefox Profiler (Gecko) JSON, recorded by Debian's firefox-esr headless with the profiler on from
// startup (scripts/record-interop.mjs firefox); the oracle is the file's own thread tables, counted
// here independently of the importer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { importProfileBytes } from '../../../src/core/importers/index';
import { ProfileFormatError, totalWeight } from '../../../src/core/model/profile';
import { myCodeOnly, topFunctions } from '../../../src/core/model/views';
import { checkFixture, enc, fx, importOrFormatError } from './helpers';
import { geckoPageSelf, geckoThreads, geckoWithStack, readGzJson, type Json } from './threadOracles';
import { damage, flipped, profileOrNull, stacks as randomStacks } from './propertyHelpers';

const FILE = 'interop/firefox/busy.gecko.json.gz';
const doc: Json = readGzJson(fx(FILE));
const all = geckoThreads(doc);
const page = all.find((t) => t.name === 'GeckoMain' && geckoPageSelf(t).has('hotSum'))!;
const worker = all.find((t) => t.name === 'DOM Worker' && t.pid === page.pid)!;

test("Gecko profile: the page's content thread is shown, its samples are the file's own", async () => {
  const p = await checkFixture(FILE, { format: 'gecko' });
  assert.equal(totalWeight(p, 0), geckoWithStack(page).length);
  assert.match(
    p.metadata.notes!.join(' '),
    new RegExp(`Thread: GeckoMain \\(tab process, pid ${page.pid}, tid ${page.tid}, ${geckoWithStack(page).length} samples\\)`),
  );
  assert.match(
    p.metadata.notes!.join(' '),
    new RegExp(`${all.filter((t) => geckoWithStack(t).length > 0).length - 1} other profiled thread\\(s\\).*--thread NAME\\|TID`),
  );
});

test('Gecko profile: the top self JavaScript function is the one the thread tables give, with its file and line', async () => {
  const p = await importProfileBytes('busy.gecko.json.gz', readFileSync(fx(FILE)));
  const [name, self] = [...geckoPageSelf(page)].sort((a, b) => b[1] - a[1])[0]!;
  assert.equal(name, 'hotSum');
  const top = topFunctions(myCodeOnly(p), { limit: 1 })[0]!;
  assert.equal(top.name, name);
  assert.equal(top.self, self);
  assert.match(top.file!, /interop\/chrome\/page\.html$/);
  const source = readFileSync(fx('interop/chrome/page.html'), 'utf8').split('\n');
  assert.ok(p.frames.some((f) => f.name === 'hotSum' && f.functionLine === source.findIndex((l) => l.includes('function hotSum')) + 1));
});

test('Gecko profile: another thread is chosen by tid or name; an unknown one is an error listing the threads', async () => {
  const bytes = readFileSync(fx(FILE));
  const byTid = await importProfileBytes('busy.gecko.json.gz', bytes, { thread: String(worker.tid) });
  assert.equal(totalWeight(byTid, 0), geckoWithStack(worker).length);
  assert.match(byTid.metadata.notes!.join(' '), new RegExp(`Thread: DOM Worker \\(tab process, pid ${worker.pid}, tid ${worker.tid}`));
  // By name: the worker with the most page JavaScript, the page's own.
  const byName = await importProfileBytes('busy.gecko.json.gz', bytes, { thread: 'DOM Worker' });
  assert.equal(totalWeight(byName, 0), geckoWithStack(worker).length);
  await assert.rejects(
    importProfileBytes('busy.gecko.json.gz', bytes, { thread: 'NoSuchThread' }),
    /no profiled thread named "NoSuchThread".*GeckoMain \(tab process/,
  );
});

test("Gecko profile: metadata.threads lists every thread with samples, with the file's own counts; its id picks exactly that thread", async () => {
  const bytes = readFileSync(fx(FILE));
  const p = await importProfileBytes('busy.gecko.json.gz', bytes);
  const sampled = all.filter((t) => geckoWithStack(t).length > 0);
  assert.deepEqual(
    p.metadata.threads!.map((t) => [t.name, t.pid, t.tid, t.samples]),
    sampled.map((t) => [t.name, t.pid, t.tid, geckoWithStack(t).length]),
  );
  assert.deepEqual(
    p.metadata.threads!.filter((t) => t.shown).map((t) => t.id),
    [`${page.pid}:${page.tid}`],
  );
  const byId = await importProfileBytes('busy.gecko.json.gz', bytes, { thread: `${worker.pid}:${worker.tid}` });
  assert.equal(totalWeight(byId, 0), geckoWithStack(worker).length);
  assert.equal(byId.metadata.threads!.find((t) => t.shown)!.id, `${worker.pid}:${worker.tid}`);
});

/** A Gecko profile (meta version 34 shape) of the stacks: one thread, each stack sampled n times (at most 20). */
function geckoOf(st: [string[], number][]) {
  const strings: string[] = [];
  const frames: Json[] = [];
  const stackRows: Json[] = [];
  const samples: Json[] = [];
  const stackIds = new Map<string, number>();
  for (const [names, n] of st) {
    let prefix: number | null = null;
    let path = '';
    for (const name of names) {
      path += `\u0000${name}`;
      let id = stackIds.get(path);
      if (id === undefined) {
        strings.push(`${name} (file:///app/a.js:3:1)`);
        frames.push([strings.length - 1, false, 0, null, 4, 2, 0, 0]);
        stackRows.push([prefix, frames.length - 1]);
        stackIds.set(path, (id = stackRows.length - 1));
      }
      prefix = id;
    }
    for (let k = 0; k < Math.min(n, 20); k++) samples.push([prefix, samples.length]);
  }
  const thread = {
    name: 'GeckoMain',
    processType: 'tab',
    pid: '7',
    tid: 7,
    samples: { schema: { stack: 0, time: 1 }, data: samples },
    stackTable: { schema: { prefix: 0, frame: 1 }, data: stackRows },
    frameTable: {
      schema: { location: 0, relevantForJS: 1, innerWindowID: 2, implementation: 3, line: 4, column: 5, category: 6, subcategory: 7 },
      data: frames,
    },
    stringTable: strings,
  };
  return { text: JSON.stringify({ libs: [], meta: { version: 34, interval: 1, stackwalk: 0, product: 'Firefox' }, threads: [thread] }), count: samples.length };
}

test('Gecko profile: dangling references and missing tables are errors naming the table', async () => {
  const { text } = geckoOf([[['main', 'work'], 2]]);
  const bad = await importOrFormatError('g.json', enc(text.replace('"data":[[null,0],[0,1]]', '"data":[[null,0],[5,1]]')));
  assert.ok(bad instanceof ProfileFormatError && /stackTable\[1\]\.prefix 5 is not an earlier stack/.test(bad.message), String(bad));
  const none = await importOrFormatError('g.json', enc('{"meta":{"version":34,"stackwalk":0},"threads":[{"name":"x"}]}'));
  assert.ok(none instanceof ProfileFormatError && /\(threads\[0\]\): no stringTable/.test(none.message), String(none));
});

test('property: random Gecko profiles read back with the same sample counts; cuts and flips give an error or a bounded profile', async () => {
  await fc.assert(
    fc.asyncProperty(randomStacks, damage, async (st, [cut, flips]) => {
      const { text, count } = geckoOf(st);
      const p = await profileOrNull('r.json', enc(text));
      assert.ok(p && p.metadata.format === 'gecko');
      assert.equal(totalWeight(p, 0), count);
      const q = await profileOrNull('r.json', enc(text.slice(0, Math.floor(text.length * cut))), 'gecko');
      if (q) assert.ok(totalWeight(q, 0) <= count);
      const r = await profileOrNull('r.json', flipped(enc(text), flips), 'gecko');
      if (r) assert.ok(r.sampleStack.length <= count);
    }),
    { numRuns: 200 },
  );
});
