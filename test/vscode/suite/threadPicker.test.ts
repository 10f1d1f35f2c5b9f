// The flame graph panel's notes and thread picker in a real VS Code, on the recorded multi-thread
// files (scripts/record-interop.mjs): a Chrome Performance-panel trace and a Firefox (Gecko) profile
// of interop/chrome/page.html, a hot function on the main thread and `workerHot` in a worker. The
// oracles are the files' own samples per thread (threadOracles.ts), counted without the importers.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { FlameGraphShown } from '../../../src/extension/flameGraphPanel';
import type { HotlineApi } from '../../../src/extension/testApi';
import { until } from './until';
import { geckoPageSelf, geckoThreads, geckoWithStack, heaviest, readGzJson, traceSelfOnThread } from '../../unit/importers/threadOracles';
import { hotline } from './hotline';

interface Oracle {
  /** Every profiled thread: `pid:tid` id → its samples. */
  threads: Map<string, number>;
  worker: string;
  /** Checks the worker's lists against the file's own samples. */
  checkWorker(shown: Required<FlameGraphShown>): void;
}

function chromeOracle(root: string): Oracle {
  const file = join(root, 'test/fixtures/interop/chrome/busy.trace.expected.json');
  const exp = JSON.parse(readFileSync(file, 'utf8')) as { trace: { threads: Record<string, { samples: number }>; workerThread: string } };
  const events = readGzJson(join(root, 'test/fixtures/interop/chrome/busy.trace.json.gz')).traceEvents;
  const worker = exp.trace.workerThread;
  const [name, self] = heaviest(traceSelfOnThread(events, Number(worker.split(':')[1])), (n) => !n.startsWith('('));
  return {
    threads: new Map(Object.entries(exp.trace.threads).map(([id, t]) => [id, t.samples])),
    worker,
    checkWorker({ details }) {
      assert.equal(name, 'workerHot');
      const top = details.functions.filter((f) => !f.name.startsWith('(')).sort((a, b) => b.self - a.self)[0]!;
      assert.deepEqual([top.name, top.self], [name, self], 'the top JavaScript function by self is the worker’s own, with its own count');
    },
  };
}

function geckoOracle(root: string): Oracle {
  const all = geckoThreads(readGzJson(join(root, 'test/fixtures/interop/firefox/busy.gecko.json.gz'))).filter((t) => geckoWithStack(t).length > 0);
  const idOf = (t: { pid: unknown; tid: unknown }) => `${String(t.pid)}:${String(t.tid)}`;
  const page = all.find((t) => t.name === 'GeckoMain' && geckoPageSelf(t).has('hotSum'));
  const worker = all.find((t) => t.name === 'DOM Worker' && t.pid === page?.pid);
  assert.ok(page && worker, 'the profile has the page’s content thread and its worker');
  // Firefox records most of the worker's JIT samples as bare addresses: the page JavaScript the file names is the oracle.
  const [name, count] = heaviest(geckoPageSelf(worker));
  return {
    threads: new Map(all.map((t) => [idOf(t), geckoWithStack(t).length])),
    worker: idOf(worker),
    checkWorker({ details }) {
      assert.equal(name, 'workerHot');
      const js = details.functions.filter((f) => f.kind === 'u');
      const hot = js.find((f) => f.name === name);
      assert.ok(hot, `the worker's page JavaScript is listed: ${js.map((f) => f.name).join(', ')}`);
      assert.equal(hot.total, count, 'its samples are the ones the file gives the worker');
      assert.ok(
        js.every((f) => f.total <= count),
        'no page JavaScript of the worker weighs more',
      );
    },
  };
}

/** Waits for the panel's model and lists; `thread` the one shown. */
function shownWith(api: HotlineApi, title: string, thread: string): Promise<Required<FlameGraphShown>> {
  return until(
    `the panel ${title} showing thread ${thread}`,
    () => {
      const s = api.flameGraphShown(title);
      return s?.model && s.details && s.model.threads?.find((t) => t.shown)?.id === thread ? (s as Required<FlameGraphShown>) : undefined;
    },
    20_000,
  );
}

async function pickTheWorker(api: HotlineApi, title: string, oracle: Oracle): Promise<void> {
  const first = await until(
    `the panel ${title} with its thread picker`,
    () => {
      const s = api.flameGraphShown(title);
      return s?.model?.threads && s.details ? s.model : undefined;
    },
    20_000,
  );
  assert.deepEqual(
    first.threads!.map((t) => t.id),
    [...oracle.threads.keys()],
    'the picker lists every profiled thread',
  );
  for (const t of first.threads!) assert.ok(t.label.includes(`, ${oracle.threads.get(t.id)} samples)`), t.label);
  assert.notEqual(first.threads!.find((t) => t.shown)!.id, oracle.worker, 'the default thread is not the worker');
  assert.match(first.notes.join(' '), /^Thread: .*other profiled thread\(s\)/, 'the notes are in the panel');
  api.flameGraphMessage(title, { type: 'pickThread', thread: oracle.worker });
  const picked = await shownWith(api, title, oracle.worker);
  assert.equal(picked.model.total, oracle.threads.get(oracle.worker), 'the worker’s own samples');
  assert.match(picked.model.notes[0]!, /^Thread: /);
  oracle.checkWorker(picked);
}

describe('flame graph thread picker', () => {
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  for (const [label, file, oracleOf] of [
    ['Chrome trace', 'test/fixtures/interop/chrome/busy.trace.json.gz', chromeOracle],
    ['Gecko profile', 'test/fixtures/interop/firefox/busy.gecko.json.gz', geckoOracle],
  ] as const) {
    it(`custom editor: the ${label}'s picker lists its threads, picking the worker shows workerHot`, async () => {
      const { api, root } = await hotline();
      const uri = vscode.Uri.file(join(root, file));
      await vscode.commands.executeCommand('vscode.openWith', uri, 'hotline.profileViewer');
      await pickTheWorker(api, file.split('/').pop()!, oracleOf(root));
    });

    it(`Open Profile…: the ${label}'s picker lists its threads, picking the worker shows workerHot`, async () => {
      const { api, root } = await hotline();
      const before = new Set(api.flameGraphTitles());
      await vscode.commands.executeCommand('hotline.openProfile', vscode.Uri.file(join(root, file)));
      const title = await until('the Open Profile… panel', () => api.flameGraphTitles().find((t) => !before.has(t)));
      await pickTheWorker(api, title, oracleOf(root));
    });
  }
});
