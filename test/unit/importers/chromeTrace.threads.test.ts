// Choosing the thread of a Chrome Performance-panel trace (ImportOptions.thread, `--thread NAME|TID`):
// the recorded trace (scripts/record-interop.mjs chrome) has the page's main thread and a worker; the
// worker's own ProfileChunk events, counted here, are the oracle.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { importProfileBytes } from '../../../src/core/importers/index';
import { totalWeight } from '../../../src/core/model/profile';
import { topFunctions } from '../../../src/core/model/views';
import { expected, fx } from './helpers';
import { readGzJson, traceSelfOnThread } from './threadOracles';

const TRACE = 'interop/chrome/busy.trace.json.gz';
const exp = expected('interop/chrome/busy.trace.expected.json');
const [workerPid, workerTid] = (exp.trace.workerThread as string).split(':').map(Number) as [number, number];

/** Self samples per function name on the thread whose Profile event has tid `tid`, from its chunks. */
const selfOnThread = (tid: number) => traceSelfOnThread(readGzJson(fx(TRACE)).traceEvents, tid);

test("a trace's worker is chosen by tid or by name: its samples and top JavaScript function are the worker's own", async () => {
  const bytes = readFileSync(fx(TRACE));
  const own = [...selfOnThread(workerTid)].filter(([n]) => !n.startsWith('(')).sort((a, b) => b[1] - a[1]);
  for (const thread of [String(workerTid), exp.trace.threads[exp.trace.workerThread].name as string]) {
    const p = await importProfileBytes('busy.trace.json.gz', bytes, { thread });
    assert.equal(totalWeight(p, 0), exp.trace.threads[exp.trace.workerThread].samples, thread);
    const top = topFunctions(p, { limit: 50 }).find((f) => !f.name.startsWith('('))!;
    assert.equal(top.name, own[0]![0]);
    assert.equal(top.name, 'workerHot');
    assert.equal(top.self, own[0]![1]);
    assert.match(p.metadata.notes!.join(' '), new RegExp(`Thread: DedicatedWorker thread \\(pid ${workerPid}, tid ${workerTid},`));
    assert.match(p.metadata.notes!.join(' '), /1 other profiled thread\(s\) in the trace, not shown: CrRendererMain .*--thread NAME\|TID/);
  }
});

test('a thread the trace does not have is an error listing the threads', async () => {
  await assert.rejects(
    importProfileBytes('busy.trace.json.gz', readFileSync(fx(TRACE)), { thread: '424242' }),
    /busy\.trace\.json\.gz: not a valid chrome-trace profile: no profiled thread named "424242" \(by name or tid\); the threads are: CrRendererMain \(pid \d+, tid \d+, 1000 samples\); DedicatedWorker thread/,
  );
});
