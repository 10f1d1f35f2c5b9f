// The live top's rolling window on real windows: three 1 s `py-spy record --format raw` windows of
// examples/long-running/worker.py (py-spy's own sample count of each is the oracle) and a V8 CPU
// profile of examples/long-running/server.js (its (idle) samples counted from the file itself).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importProfileBytes } from '../../../src/core/importers/index';
import { activeSamples, RollingWindow, type SampleWindow } from '../../../src/core/liveTop/rollingWindow';
import { formatLiveTop, liveTopStatus } from '../../../src/core/liveTop/liveTopText';
import { totalWeight } from '../../../src/core/model/profile';
import { ROOT } from '../memory/markedLine';

const DIR = join(ROOT, 'test', 'fixtures', 'liveTop');
const text = (name: string) => readFileSync(join(DIR, name), 'utf8').replaceAll('/ROOT', ROOT);
const WORKER = join(ROOT, 'examples/long-running/worker.py');
/** py-spy's "Samples: N" of each window. */
const pySpySamples = text('worker.samples.txt')
  .trim()
  .split('\n')
  .map((l) => Number(/Samples: (\d+)/.exec(l)![1]));

/** Window n (1-based) as the sampler hands it in: sampled from second n-1 to n. */
async function workerWindow(n: number): Promise<SampleWindow> {
  const name = `worker.window-${n}.raw.txt`;
  const profile = await importProfileBytes(name, new TextEncoder().encode(text(name)), { format: 'folded' });
  return { startMs: (n - 1) * 1000, endMs: n * 1000, profile };
}

/** Self samples per leaf function, read from the raw lines themselves. */
function selfByLeaf(...names: string[]): Map<string, number> {
  const self = new Map<string, number>();
  for (const name of names)
    for (const line of text(name).trim().split('\n')) {
      const space = line.lastIndexOf(' ');
      const leaf = line
        .slice(0, space)
        .split(';')
        .pop()!
        .replace(/ \(.*\)$/, '');
      self.set(leaf, (self.get(leaf) ?? 0) + Number(line.slice(space + 1)));
    }
  return self;
}

test("the view over all three windows counts py-spy's samples, hottest function first, shares of the whole", async () => {
  const top = new RollingWindow({ sampler: 'py-spy record --pid 1, 1 s windows at 100 Hz', target: 'pid 1 worker.py' });
  for (const n of [1, 2, 3]) top.add(await workerWindow(n));
  const view = top.view(5);
  const all = pySpySamples.reduce((a, b) => a + b, 0);
  assert.equal(view.samples, all);
  assert.equal(view.windows, 3);
  assert.equal(view.coveredSeconds, 3);
  const self = selfByLeaf('worker.window-1.raw.txt', 'worker.window-2.raw.txt', 'worker.window-3.raw.txt');
  const hottest = [...self].sort((a, b) => b[1] - a[1])[0]!;
  assert.equal(view.rows[0]!.name, hottest[0]);
  assert.equal(view.rows[0]!.file, WORKER);
  assert.equal(view.rows[0]!.selfSamples, hottest[1]);
  assert.equal(view.rows[0]!.selfShare, hottest[1] / all);
  for (const r of view.rows) assert.equal(r.selfSamples, self.get(r.name) ?? 0, r.name);
  // <module> is under every sample.
  assert.equal(view.rows.find((r) => r.name === '<module>')!.totalShare, 1);
});

test('the view covers only the windows of its span, the recent profile only the last N seconds', async () => {
  const top = new RollingWindow({ sampler: 'py-spy', target: 'pid 1' });
  for (const n of [1, 2, 3]) top.add(await workerWindow(n));
  assert.equal(top.view(1).samples, pySpySamples[2]);
  assert.equal(top.view(2).samples, pySpySamples[1]! + pySpySamples[2]!);
  const recent = top.profile(2)!;
  assert.equal(totalWeight(recent), pySpySamples[1]! + pySpySamples[2]!);
  assert.equal(recent.metadata.durationNs, 2e9);
  assert.equal(recent.metadata.capturedAt, new Date(1000).toISOString());
  assert.deepEqual(recent.metadata.command, ['pid 1']);
  assert.match(recent.metadata.notes![0]!, /the last 2 s, 2 window\(s\) of py-spy/);
  assert.equal(new RollingWindow({ sampler: 'py-spy', target: 'pid 1' }).profile(10), null);
});

test('windows older than keepSeconds are forgotten', async () => {
  const top = new RollingWindow({ sampler: 'py-spy', target: 'pid 1', keepSeconds: 2 });
  for (const n of [1, 2, 3]) top.add(await workerWindow(n));
  assert.equal(top.windowCount, 2);
  assert.equal(totalWeight(top.profile(300)!), pySpySamples[1]! + pySpySamples[2]!);
  assert.equal(top.view(300).keptSeconds, 2);
});

test("a V8 window without its (idle) samples: the rest are counted, the server's parseReport on top", async () => {
  const doc = JSON.parse(text('server.cpuprofile')) as { nodes: { id: number; callFrame: { functionName: string } }[]; samples: number[] };
  const idleIds = new Set(doc.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id));
  const idle = doc.samples.filter((id) => idleIds.has(id)).length;
  assert.ok(idle > 0, 'the server waits most of the time');
  const profile = await importProfileBytes('server.cpuprofile', new TextEncoder().encode(text('server.cpuprofile')));
  const active = activeSamples(profile);
  assert.equal(totalWeight(active), doc.samples.length - idle);
  assert.equal(active.weightTypes.length, 1);
  const top = new RollingWindow({ sampler: 'Node inspector', target: 'pid 2 server.js' });
  top.add({ startMs: 0, endMs: 2000, profile: active });
  const view = top.view(5);
  assert.ok(!view.rows.some((r) => r.name === '(idle)'));
  const user = view.rows.filter((r) => r.file === join(ROOT, 'examples/long-running/server.js'));
  assert.equal(user.sort((a, b) => b.selfSamples - a.selfSamples)[0]!.name, 'parseReport');
});

test('the text view: status line and one row per function with self and total percent', async () => {
  const top = new RollingWindow({ sampler: 'py-spy record --pid 1', target: 'pid 1 worker.py' });
  assert.match(liveTopStatus(top.view(5)), /^pid 1 worker\.py · py-spy record --pid 1 · waiting for the first window…$/);
  for (const n of [1, 2, 3]) top.add(await workerWindow(n));
  const view = top.view(5);
  const out = formatLiveTop(view);
  const first = view.rows[0]!;
  assert.ok(
    out.includes(
      `${(first.selfShare * 100).toFixed(1)}%`.padStart(7) + ' ' + `${(first.totalShare * 100).toFixed(1)}%`.padStart(7) + `  ${first.name}  ${WORKER}:`,
    ),
    out,
  );
  assert.match(out, /last 5 s: \d+ samples \(3\.0 s sampled, 3 windows\)/);
  assert.match(liveTopStatus({ ...view, ended: 'pid 1 exited' }), / · pid 1 exited$/);
});
