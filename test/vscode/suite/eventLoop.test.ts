// "Find Event-Loop Blocking…" inside a real VS Code (target and seconds passed as arguments, so no
// picker or input box appears): on examples/long-running/server.js, run and attached to as a
// running process, and on the asyncio worker examples/long-running/async_worker.py. The
// Event-Loop Lag panel names the BLOCKS line with its count and worst, that line carries the
// "blocks the event loop" note, the programs' own stall timings are the oracle, and Cancel leaves
// no program or helper running (a scan of /proc below the extension host) and an attached server as it was.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ShownEventLoop } from '../../../src/extension/eventLoop/index';
import { RECORDER_PRESENT_EXPRESSION } from '../../../src/profilers/eventLoop/attach';
import { connectInspector, listeningPorts } from '../../../src/profilers/nodeInspector';
import { descendantsRunning } from './processes';
import { until } from './until';
import { hotline } from './hotline';

function markedLine(file: string, mark: string): number {
  const line =
    readFileSync(file, 'utf8')
      .split('\n')
      .findIndex((l) => l.includes(mark)) + 1;
  assert.ok(line > 0, `${file} marks a line with ${mark}`);
  return line;
}

/** The example server started by the test (not by Hotline), with the stalls it logs and when. */
function startServer(root: string): { server: ReturnType<typeof spawn>; stalls: { at: number; ms: number }[]; port: Promise<number> } {
  const server = spawn(process.execPath, [join(root, 'examples/long-running/server.js'), '--seconds', '120'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
  });
  const stalls: { at: number; ms: number }[] = [];
  server.stderr!.setEncoding('utf8').on('data', (t: string) => {
    for (const m of t.matchAll(/^stall: JSON\.parse blocked the event loop for ([\d.]+) ms$/gm)) stalls.push({ at: Date.now(), ms: Number(m[1]) });
  });
  const port = once(server.stdout!, 'data').then(([first]) => Number(/listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(String(first))![1]));
  return { server, stalls, port };
}

async function stopServer(server: ReturnType<typeof spawn>): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return;
  server.kill('SIGKILL');
  await once(server, 'exit');
}

/** Command lines of what a run of the event-loop tools starts: the program, its recorder preload, the asyncio helper. */
const EVENT_LOOP_RUN = /event_loop_preload|asyncio_slow_callbacks|long-running\/(?:server\.js|async_worker\.py)/;

describe('event loop lag', function () {
  this.timeout(90_000);

  it('runs server.js for 4 s, names the BLOCKS line in the panel and notes it in the editor', async () => {
    const { api, root } = await hotline();
    const file = join(root, 'examples/long-running/server.js');
    const blocks =
      readFileSync(file, 'utf8')
        .split('\n')
        .findIndex((l) => l.includes('// BLOCKS')) + 1;
    assert.ok(blocks > 0, 'server.js marks its blocking line');
    const uri = vscode.Uri.file(file);
    await vscode.window.showTextDocument(uri);
    const shown = await vscode.commands.executeCommand<ShownEventLoop | undefined>('hotline.longRunning.eventLoopLag', uri, 4);
    assert.ok(shown, 'the command returned its report (undefined: it failed; see the Hotline output)');
    const top = shown.report.blockers[0];
    assert.ok(top, `something blocked the loop: ${JSON.stringify(shown.report.notes)}`);
    assert.equal(top.line, blocks, `the worst blocker is the BLOCKS line (${top.function} ${top.file}:${top.line})`);
    assert.ok(top.count >= 2, `the stall repeats every 25th request (${top.count}×)`);
    const html = api.eventLoopHtml();
    assert.ok(html, 'the Event-Loop Lag panel is open');
    assert.match(
      html,
      new RegExp(`server\\.js:${blocks}</code><div class="how">${top.function},[^<]*</div></td><td>${top.count}</td><td>${top.worstMs.toFixed(1)} ms</td>`),
    );
    assert.equal(html.match(/<polyline /g)?.length, 3, 'delay p50, p99 and max per second');
    const notes = api.eventLoopLineNotes(uri);
    const inFile = shown.report.blockers.filter((b) => b.file === file && b.line);
    assert.deepEqual(
      notes.map((n) => n.line).sort((a, b) => a - b),
      inFile.map((b) => b.line! - 1).sort((a, b) => a - b),
      'one note per blocking line of server.js',
    );
    const note = notes.find((n) => n.line === blocks - 1);
    assert.ok(note, 'the BLOCKS line carries a note');
    assert.equal(note.text, `⚠ blocks the event loop: ${top.count}× worst ${top.worstMs.toFixed(1)} ms`);
    console.log(`${note.text} at server.js:${blocks}`);
  });

  it('attaches to a running server.js picked as a process: the BLOCKS line in the panel and the editor, a worst stall the program measured; the server runs on without hooks', async () => {
    const { api, root } = await hotline();
    const file = join(root, 'examples/long-running/server.js');
    const blocks = markedLine(file, '// BLOCKS');
    const { server, stalls, port } = startServer(root);
    try {
      const bound = await port;
      const portsBefore = listeningPorts(server.pid!).sort();
      const uri = vscode.Uri.file(file);
      await vscode.window.showTextDocument(uri);
      const started = Date.now();
      const shown = await vscode.commands.executeCommand<ShownEventLoop | undefined>('hotline.longRunning.eventLoopLag', { pid: server.pid }, 4);
      const during = stalls.filter((s) => s.at >= started && s.at <= Date.now()).map((s) => s.ms);
      assert.ok(shown, 'the command returned its report (undefined: it failed; see the Hotline output)');
      const top = shown.report.blockers[0];
      assert.ok(top, `something blocked the loop: ${JSON.stringify(shown.report.notes)}`);
      assert.equal(top.file, file);
      assert.equal(top.line, blocks, `the worst blocker is the BLOCKS line (${top.function} ${top.file}:${top.line})`);
      assert.ok(top.count >= 2 && top.count <= during.length, `${top.count} stretches kept; the program logged ${during.join(', ')} ms while attached`);
      assert.ok(
        during.some((ms) => Math.abs(top.worstMs - ms) <= 0.3 * ms),
        `the worst stretch (${top.worstMs} ms) is one of the stalls the program measured while attached: ${during.join(', ')} ms`,
      );
      const html = api.eventLoopHtml();
      assert.ok(html, 'the Event-Loop Lag panel is open');
      assert.match(html, new RegExp(`<h2>Event-loop lag: pid ${server.pid}</h2>`));
      assert.match(
        html,
        new RegExp(`server\\.js:${blocks}</code><div class="how">parseReport,[^<]*</div></td><td>${top.count}</td><td>${top.worstMs.toFixed(1)} ms</td>`),
      );
      assert.equal(html.match(/<polyline /g)?.length, 3, 'delay p50, p99 and max per second');
      const note = (await until('the BLOCKS line note', () => api.eventLoopLineNotes(uri).find((n) => n.line === blocks - 1)))!;
      assert.equal(note.text, `⚠ blocks the event loop: ${top.count}× worst ${top.worstMs.toFixed(1)} ms`);
      // The server runs on as it was: it answers, no inspector port is left open, no recorder is left in it.
      assert.equal(server.exitCode, null);
      const res = await fetch(`http://127.0.0.1:${bound}/after-attach`);
      assert.equal(res.status, 200);
      assert.deepEqual(listeningPorts(server.pid!).sort(), portsBefore, 'only the server’s own port is left open');
      await assertNoRecorder(server.pid!);
      console.log(`attached to pid ${server.pid}: ${note.text}; the program measured ${during.join(', ')} ms`);
    } finally {
      await stopServer(server);
    }
  });

  it("runs async_worker.py (asyncio): the coroutine's BLOCKS line in the panel and the editor, worst within 30% of the program's own stall", async () => {
    const { api, root } = await hotline();
    const file = join(root, 'examples/long-running/async_worker.py');
    const blocks = markedLine(file, '# BLOCKS');
    const uri = vscode.Uri.file(file);
    await vscode.window.showTextDocument(uri);
    const shown = await vscode.commands.executeCommand<ShownEventLoop | undefined>('hotline.longRunning.eventLoopLag', uri, 4);
    assert.ok(shown, 'the command returned its report (undefined: it failed; see the Hotline output)');
    const stalls = [...shown.stderrTail.matchAll(/^stall: checksum blocked the event loop for ([\d.]+) ms$/gm)].map((m) => Number(m[1]));
    assert.ok(stalls.length >= 3, `the worker logged its stalls: ${shown.stderrTail}`);
    const top = shown.report.blockers[0];
    assert.ok(top, `something blocked the loop: ${JSON.stringify(shown.report.notes)}`);
    assert.deepEqual([top.function, top.file, top.line, top.attributedBy], ['job', file, blocks, 'frame-samples']);
    // The run is ended at 4 s: a stall under way then is logged by the program but never reported by asyncio.
    assert.ok(top.count === stalls.length || top.count === stalls.length - 1, `${top.count} slow callbacks; the program logged ${stalls.length}`);
    const worst = Math.max(...stalls);
    assert.ok(Math.abs(top.worstMs - worst) <= 0.3 * worst, `reported ${top.worstMs} ms, the program measured ${worst} ms at worst`);
    const html = api.eventLoopHtml();
    assert.ok(html, 'the Event-Loop Lag panel is open');
    assert.match(
      html,
      new RegExp(
        `async_worker\\.py:${blocks}</code><div class="how">job, in an asyncio Task callback; line from sampled frames</div></td><td>${top.count}</td><td>${top.worstMs.toFixed(1)} ms</td>`,
      ),
    );
    assert.match(html, /slow callback\(s\) over 20 ms/);
    assert.doesNotMatch(html, /<svg/, 'no delay chart: asyncio does not measure the delay of every second');
    const note = (await until('the BLOCKS line note', () => api.eventLoopLineNotes(uri).find((n) => n.line === blocks - 1)))!;
    assert.equal(note.text, `⚠ blocks the event loop: ${top.count}× worst ${top.worstMs.toFixed(1)} ms`);
    assert.deepEqual(descendantsRunning(EVENT_LOOP_RUN), [], 'nothing of the run is left');
    console.log(`${note.text} at async_worker.py:${blocks}; the program measured ${worst} ms at worst`);
  });

  for (const program of ['server.js', 'async_worker.py']) {
    it(`Cancel in the middle of a run of ${program} ends the program and its helper: nothing below the extension host is left`, async () => {
      const { api, root } = await hotline();
      const uri = vscode.Uri.file(join(root, 'examples/long-running', program));
      const running = Promise.resolve(vscode.commands.executeCommand<ShownEventLoop | undefined>('hotline.longRunning.eventLoopLag', uri, 60));
      const started = await until(`${program} running under the recorder`, () => {
        const found = descendantsRunning(EVENT_LOOP_RUN);
        return found.length ? found : undefined;
      });
      // Let it run a little: the program is under way, not starting.
      await new Promise((r) => setTimeout(r, 1500));
      assert.equal(api.cancelEventLoop(), true, 'a run was in progress');
      assert.equal(await running, undefined, 'a cancelled run shows nothing');
      assert.deepEqual(descendantsRunning(EVENT_LOOP_RUN), [], `left running after Cancel (was ${started.map((p) => `${p.pid} ${p.cmd}`).join('; ')})`);
      for (const p of started) assert.throws(() => process.kill(p.pid, 0), `pid ${p.pid} is gone`);
    });
  }

  it('Cancel while attached to a running server leaves it running without hooks and with its inspector closed', async () => {
    const { api, root } = await hotline();
    const { server, stalls, port } = startServer(root);
    try {
      const bound = await port;
      const portsBefore = listeningPorts(server.pid!).sort();
      const running = Promise.resolve(vscode.commands.executeCommand<ShownEventLoop | undefined>('hotline.longRunning.eventLoopLag', { pid: server.pid }, 60));
      // Attached once the inspector port is open; then a second or two of recording before Cancel.
      await until('the inspector opened in the server', () => (listeningPorts(server.pid!).length > portsBefore.length ? true : undefined));
      await new Promise((r) => setTimeout(r, 2000));
      assert.equal(api.cancelEventLoop(), true, 'an attach was in progress');
      assert.equal(await running, undefined, 'a cancelled attach shows nothing');
      assert.equal(server.exitCode, null, 'the server runs on');
      assert.deepEqual(listeningPorts(server.pid!).sort(), portsBefore, 'the inspector Hotline opened is closed again');
      await assertNoRecorder(server.pid!);
      const before = stalls.length;
      assert.equal((await fetch(`http://127.0.0.1:${bound}/after-cancel`)).status, 200);
      await until('the server stalling again, on its own', () => (stalls.length > before ? true : undefined));
      assert.deepEqual(
        descendantsRunning(EVENT_LOOP_RUN).filter((p) => p.pid !== server.pid),
        [],
        'nothing but the test’s own server',
      );
    } finally {
      await stopServer(server);
    }
  });
});

async function assertNoRecorder(pid: number): Promise<void> {
  const check = await connectInspector(pid);
  try {
    const present = await check.session.send<{ result: { value: boolean } }>('Runtime.evaluate', {
      expression: RECORDER_PRESENT_EXPRESSION,
      returnByValue: true,
    });
    assert.equal(present.result.value, false, 'no recorder is left in the process');
  } finally {
    await check.release();
  }
}
