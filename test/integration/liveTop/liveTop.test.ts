// Live top on the running long-running examples with the real samplers (py-spy, the Node
// inspector): the function each program spends its time in tops the view, and no sampler outlives
// the run — not after --seconds, not on Stop in the middle of a window, not when the process exits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { main } from '../../../src/cli/main';
import { importProfileFile } from '../../../src/core/importers/index';
import { topFunctions } from '../../../src/core/model/views';
import type { LiveTopView } from '../../../src/core/webviewProtocol';
import { listeningPorts } from '../../../src/profilers/nodeInspector';
import { startLiveTop } from '../../../src/profilers/liveTop/session';
import { liveProcessGroups } from '../../../src/profilers/processTree';
import { processCommandLines, ROOT, tempOut } from '../profilers/helpers';

const SERVER = join(ROOT, 'examples/long-running/server.js');
const WORKER = join(ROOT, 'examples/long-running/worker.py');

/** Starts an example as a user would, outside Hotline; resolves once it runs (the server once it listens). */
async function start(argv: string[]): Promise<ChildProcess> {
  const child = spawn(argv[0]!, argv.slice(1), { cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'] });
  if (argv[0] === process.execPath) await once(child.stdout!, 'data');
  // py-spy cannot read an interpreter that is still starting up (on a busy machine, that takes a while).
  else await new Promise((r) => setTimeout(r, 1500));
  return child;
}

/** Runs `body` with an example running, and ends the example after. */
async function whileRunning(argv: string[], body: (child: ChildProcess) => Promise<void>): Promise<void> {
  const child = await start(argv);
  try {
    await body(child);
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await once(child, 'exit');
    }
  }
}

/** `hotline top --pid N --seconds S --json`: the views it printed and what it said on stderr. */
async function top(pid: number, ...more: string[]): Promise<{ code: number; views: LiveTopView[]; err: string }> {
  let out = '';
  let err = '';
  const io = { stdout: (t: string) => void (out += t), stderr: (t: string) => void (err += t), cwd: ROOT };
  const code = await main(['top', '--pid', String(pid), '--json', ...more], io);
  return {
    code,
    views: out
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as LiveTopView),
    err,
  };
}

const pySpyOf = (pid: number) => processCommandLines().filter((p) => /py-spy/.test(p.cmd) && p.cmd.includes(`--pid ${pid}`));

test('hotline top on server.js: parseReport (the JSON.parse stall) tops the view; the inspector it opened is closed again', async () => {
  await whileRunning([process.execPath, SERVER, '--seconds', '60'], async (server) => {
    const portsBefore = listeningPorts(server.pid!).sort();
    const out = tempOut('top-node');
    const saved = join(out, 'last.speedscope.json');
    const { code, views, err } = await top(server.pid!, '--seconds', '4', '--save', saved);
    assert.equal(code, 0, err);
    const last = views.at(-1)!;
    // One view per window of about a second (attaching the inspector takes part of the 4 s).
    assert.ok(views.length >= 2, `views: ${views.length}`);
    assert.deepEqual(
      views.map((v) => v.windows),
      views.map((_, i) => i + 1),
    );
    // The last window is cut short by --seconds.
    assert.ok(
      last.coveredSeconds >= 0.9 * (last.windows - 1) && last.coveredSeconds <= 1.5 * last.windows,
      `${last.coveredSeconds} s in ${last.windows} windows`,
    );
    assert.match(last.sampler, /Node inspector/);
    assert.equal(last.rows[0]!.name, 'parseReport', JSON.stringify(last.rows.slice(0, 3)));
    assert.equal(last.rows[0]!.file, SERVER);
    assert.ok(last.rows[0]!.selfShare > 0.3, `parseReport's share ${last.rows[0]!.selfShare}`);
    assert.ok(!last.rows.some((r) => r.name === '(idle)'), 'idle samples are not time spent');
    assert.match(err, /hotline top: sampling stopped/);
    // The last seconds as one profile, read back as the flame graph would.
    const profile = await importProfileFile(saved);
    assert.equal(topFunctions(profile, { limit: 1 })[0]!.name, 'parseReport');
    assert.deepEqual(listeningPorts(server.pid!).sort(), portsBefore, 'only the server’s own port is left open');
    assert.deepEqual(liveProcessGroups(), []);
  });
});

test('hotline top on worker.py: main (its job loop) tops the view, run_job is in it, and no py-spy is left', async () => {
  await whileRunning(['python3', WORKER, '--seconds', '60'], async (worker) => {
    // The worker sleeps 2 ms between short jobs: 1,000 Hz (py-spy's own maximum is far above) catches run_job on a fast, idle machine too.
    const { code, views, err } = await top(worker.pid!, '--seconds', '8', '--span', '10', '--rate', '1000');
    assert.equal(code, 0, err);
    const last = views.at(-1)!;
    assert.match(last.sampler, /py-spy record --pid \d+, 1 s windows/);
    assert.ok(last.windows >= 2, `windows: ${last.windows}`);
    assert.ok(last.coveredSeconds <= last.windows * 1.1, 'a window samples about one second');
    assert.equal(last.rows[0]!.name, 'main', JSON.stringify(last.rows));
    assert.equal(last.rows[0]!.file, WORKER);
    assert.ok(
      last.rows.some((r) => r.name === 'run_job' && r.file === WORKER),
      JSON.stringify(last.rows),
    );
    assert.deepEqual(pySpyOf(worker.pid!), []);
    assert.deepEqual(liveProcessGroups(), []);
  });
});

test('Stop in the middle of a py-spy window ends py-spy at once and leaves nothing running', async () => {
  await whileRunning(['python3', WORKER, '--seconds', '60'], async (worker) => {
    const session = startLiveTop({ pid: worker.pid!, kind: 'py-spy' }, { onView: () => {} });
    // py-spy attached and sampling: the first window is under way.
    for (let i = 0; i < 100 && pySpyOf(worker.pid!).length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    assert.ok(pySpyOf(worker.pid!).length >= 1, 'py-spy runs (behind its pyenv shim, if any)');
    const end = await session.stop();
    assert.equal(end.reason, 'stopped');
    assert.deepEqual(pySpyOf(worker.pid!), []);
    assert.deepEqual(liveProcessGroups(), []);
    assert.equal(worker.exitCode, null, 'the program itself runs on');
  });
});

test('Stop on a Node process closes the inspector live top opened; a process that exits ends the run', async () => {
  await whileRunning([process.execPath, SERVER, '--seconds', '60'], async (server) => {
    const portsBefore = listeningPorts(server.pid!).sort();
    let views = 0;
    const session = startLiveTop({ pid: server.pid!, kind: 'node-inspector' }, { onView: () => void views++ });
    while (views === 0) await new Promise((r) => setTimeout(r, 100));
    assert.equal((await session.stop()).reason, 'stopped');
    assert.deepEqual(listeningPorts(server.pid!).sort(), portsBefore);
  });
  const worker = await start(['python3', WORKER, '--seconds', '3']);
  const session = startLiveTop({ pid: worker.pid!, kind: 'py-spy' }, { onView: () => {} });
  const end = await session.done;
  assert.deepEqual(end, { reason: 'exited', message: `pid ${worker.pid} exited` });
  assert.ok(session.window.windowCount >= 1, 'the windows before the exit are kept');
  assert.deepEqual(pySpyOf(worker.pid!), []);
  assert.deepEqual(liveProcessGroups(), []);
});

test('hotline top on a native program (C, through perf): upper_case holds the samples, strlen is their leaf, and no perf is left', async () => {
  // The C example built as a user would to profile it (debug info, no inlining), run long enough.
  const bin = join(tempOut('top-native'), 'upper');
  execFileSync('gcc', ['-O0', '-g', '-o', bin, join(ROOT, 'examples/c/upper.c')]);
  await whileRunning([bin, '4000'], async (upper) => {
    const { code, views, err } = await top(upper.pid!, '--seconds', '7', '--span', '10');
    assert.equal(code, 0, err);
    const last = views.at(-1)!;
    assert.match(last.sampler, new RegExp(`perf record -p ${upper.pid}, 1 s windows`));
    assert.ok(last.windows >= 2, `windows: ${last.windows}`);
    assert.ok(last.coveredSeconds <= last.windows * 1.1, 'a window samples about one second');
    // The quadratic loop: strlen() on every pass, called from upper_case at its HOT line's function.
    const hot = last.rows.find((r) => r.name === 'upper_case');
    assert.ok(hot && hot.file === join(ROOT, 'examples/c/upper.c') && hot.totalShare > 0.9, JSON.stringify(last.rows.slice(0, 5)));
    assert.match(last.rows[0]!.name, /strlen/, JSON.stringify(last.rows.slice(0, 3)));
    assert.ok(last.rows[0]!.selfShare > 0.5, `strlen's share ${last.rows[0]!.selfShare}`);
    assert.deepEqual(
      processCommandLines().filter((p) => /\bperf\b/.test(p.cmd) && p.cmd.includes(`-p ${upper.pid}`)),
      [],
      'no perf left',
    );
    assert.deepEqual(liveProcessGroups(), []);
  });
});

test('hotline top on a process that does not run (sleep, through perf) shows empty windows; a missing pid exits 2', async () => {
  const sleeper = spawn('sleep', ['30']);
  try {
    const { code, views, err } = await top(sleeper.pid!, '--seconds', '3');
    assert.equal(code, 0, err);
    assert.ok(views.length >= 1 && views.every((v) => v.rows.length === 0), JSON.stringify(views.map((v) => v.rows.length)));
  } finally {
    sleeper.kill('SIGKILL');
  }
  const missing = await top(2 ** 22 + 17);
  assert.equal(missing.code, 2);
  assert.match(missing.err, /no process \d+/);
});
