// The flame graph panel's notes and thread picker, host side (FlameSession), on the recorded Chrome
// trace with a worker (scripts/record-interop.mjs chrome): the trace's own per-thread sample counts
// (busy.trace.expected.json) are the oracle for the list, the worker's own top function for the pick.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { FlameSession } from '../../../src/core/flame/session';
import { importProfileBytes } from '../../../src/core/importers/index';
import { parseFromWebviewMessage, type FlameDetails, type FlameModel, type ToWebviewMessage } from '../../../src/core/webviewProtocol';
import { expected, fx } from '../importers/helpers';
import { folded } from './helpers';

const TRACE = 'interop/chrome/busy.trace.json.gz';
const exp = expected('interop/chrome/busy.trace.expected.json');
const bytes = readFileSync(fx(TRACE));

function recorder() {
  const models: FlameModel[] = [];
  let details: FlameDetails | undefined;
  const post = (m: ToWebviewMessage) => {
    if (m.type === 'model') models.push(m.model);
    if (m.type === 'details') details = m.details;
  };
  return { models, post, details: () => details };
}

test('the model carries the notes and, when the host can re-read the file, every thread with its own sample count', async () => {
  const profile = await importProfileBytes('busy.trace.json.gz', bytes);
  const r = recorder();
  const s = new FlameSession({ profile, title: 't' }, { post: r.post, pickThread: () => {} });
  s.handle({ type: 'ready', width: 800 });
  const model = r.models[0]!;
  assert.deepEqual(model.notes, profile.metadata.notes);
  assert.match(model.notes.join(' '), /^Thread: CrRendererMain/);
  const threads = exp.trace.threads as Record<string, { name: string; samples: number }>;
  assert.deepEqual(
    model.threads!.map((t) => t.id),
    Object.keys(threads),
  );
  for (const t of model.threads!) {
    assert.ok(t.label.startsWith(`${threads[t.id]!.name} (`) && t.label.includes(`, ${threads[t.id]!.samples} samples)`), t.label);
    assert.equal(t.shown, t.id === exp.trace.pageMainThread);
  }
  // The standalone page's host cannot re-read the file: no picker, the notes all the same.
  const alone = recorder();
  new FlameSession({ profile, title: 't' }, { post: alone.post }).handle({ type: 'ready', width: 800 });
  assert.equal(alone.models[0]!.threads, undefined);
  assert.deepEqual(alone.models[0]!.notes, profile.metadata.notes);
  // A one-thread profile: no picker.
  const one = recorder();
  new FlameSession({ profile: folded(['a;b 1']), title: 't' }, { post: one.post, pickThread: () => {} }).handle({ type: 'ready', width: 800 });
  assert.equal(one.models[0]!.threads, undefined);
  assert.deepEqual(one.models[0]!.notes, []);
});

test("picking the worker re-reads the file with it: the new model shows the worker, its top JavaScript function is the worker's own", async () => {
  const profile = await importProfileBytes('busy.trace.json.gz', bytes);
  const r = recorder();
  const picked: string[] = [];
  const s = new FlameSession({ profile, title: 't' }, { post: r.post, pickThread: (id) => picked.push(id) });
  s.handle({ type: 'ready', width: 800 });
  for (const raw of [
    { type: 'pickThread', thread: exp.trace.pageMainThread },
    { type: 'pickThread', thread: '1:2' },
    { type: 'pickThread', thread: exp.trace.workerThread },
  ]) {
    const msg = parseFromWebviewMessage(raw);
    assert.ok(msg, JSON.stringify(raw));
    s.handle(msg);
  }
  assert.deepEqual(picked, [exp.trace.workerThread], 'only a listed thread that is not the one shown is re-read');
  s.replaceProfile(await importProfileBytes('busy.trace.json.gz', bytes, { thread: picked[0] }));
  const model = r.models[r.models.length - 1]!;
  assert.equal(model.threads!.find((t) => t.shown)!.id, exp.trace.workerThread);
  assert.equal(model.total, exp.trace.threads[exp.trace.workerThread].samples);
  assert.match(model.notes[0]!, /^Thread: DedicatedWorker thread/);
  s.handle({ type: 'focus', requestId: 1, node: 0, width: 800 });
  const top = r
    .details()!
    .functions.filter((f) => !f.name.startsWith('('))
    .sort((a, b) => b.self - a.self)[0]!;
  assert.equal(top.name, 'workerHot');
});

test('the validator takes a thread pick and a saved thread, bounded', () => {
  assert.deepEqual(parseFromWebviewMessage({ type: 'pickThread', thread: '12:34' }), { type: 'pickThread', thread: '12:34' });
  for (const bad of [
    { type: 'pickThread' },
    { type: 'pickThread', thread: '' },
    { type: 'pickThread', thread: 7 },
    { type: 'pickThread', thread: 'x'.repeat(201) },
  ])
    assert.equal(parseFromWebviewMessage(bad), null, JSON.stringify(bad));
  assert.deepEqual(parseFromWebviewMessage({ type: 'ready', width: 500, state: { thread: '12:34' } }), {
    type: 'ready',
    width: 500,
    state: { thread: '12:34' },
  });
  assert.deepEqual(parseFromWebviewMessage({ type: 'ready', width: 500, state: { thread: 'x'.repeat(201) } }), { type: 'ready', width: 500, state: {} });
});
