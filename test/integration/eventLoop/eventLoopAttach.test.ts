// Event-loop lag of a Node process Hotline did not start: the long-running example server runs on
// its own, `hotline profile --mode event-loop --pid` attaches over its inspector for a few seconds.
// The program's own timing of each JSON.parse stall is the oracle; afterwards the server answers
// requests, its inspector is closed and no recorder is left in it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../../src/cli/main';
import { parseEventLoopDocument } from '../../../src/core/eventLoop/eventLoopLag';
import { RECORDER_PRESENT_EXPRESSION } from '../../../src/profilers/eventLoop/attach';
import { connectInspector, listeningPorts } from '../../../src/profilers/nodeInspector';
import { liveProcessGroups } from '../../../src/profilers/processTree';
import { markedLine, ROOT } from '../../unit/memory/markedLine';

const SERVER = 'examples/long-running/server.js';

test("hotline profile --mode event-loop --pid names the BLOCKS line of a running server, each stall within 30% of the program's own; the server runs on without hooks", async () => {
  const server = spawn(process.execPath, [join(ROOT, SERVER), '--seconds', '90'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const stalls: number[] = [];
    let serverErr = '';
    server.stderr!.setEncoding('utf8').on('data', (t: string) => {
      serverErr += t;
      for (const m of t.matchAll(/^stall: JSON\.parse blocked the event loop for ([\d.]+) ms$/gm)) stalls.push(Number(m[1]));
    });
    const [first] = (await once(server.stdout!, 'data')) as [Buffer];
    const port = Number(/listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(String(first))![1]);
    const portsBefore = listeningPorts(server.pid!).sort();

    let out = '';
    let err = '';
    let stallsAtStart = -1;
    const io = {
      stdout: (t: string) => void (out += t),
      stderr: (t: string) => {
        err += t;
        if (/^recording the event loop of pid/m.test(t)) stallsAtStart = stalls.length;
      },
      cwd: ROOT,
    };
    const code = await main(['profile', '--mode', 'event-loop', '--pid', String(server.pid), '--seconds', '5'], io);
    assert.equal(code, 0, err);
    assert.ok(stallsAtStart >= 0, err);
    const during = stalls.slice(stallsAtStart);

    const line = markedLine(SERVER, '// BLOCKS');
    const row = new RegExp(`^ +(\\d+)x +worst +([\\d.]+) ms +total +[\\d.]+ ms +parseReport +${join(ROOT, SERVER).replaceAll('/', '\\/')}:${line}$`, 'm').exec(
      out,
    );
    assert.ok(row, out);
    assert.match(out, /lines that blocked the event loop/);
    // Every stretch the recorder kept is one of the stalls the program logged while it was attached, in
    // order (a stall under way when the recorder went in or out may be logged but not kept).
    const record = parseEventLoopDocument(readFileSync(/^recorded: ([^,]+),/m.exec(out)![1]!, 'utf8'));
    const kept = record.stretches.map((s) => s.durationMs);
    assert.ok(kept.length >= 2 && kept.length <= during.length, `kept ${kept.join(', ')}; the program logged ${during.join(', ')}`);
    const offsets = [...Array(during.length - kept.length + 1).keys()];
    const aligned = offsets.find((o) => kept.every((ms, i) => Math.abs(ms - during[o + i]!) <= 0.3 * during[o + i]!));
    assert.ok(aligned !== undefined, `kept ${kept.join(', ')} ms; the program logged ${during.join(', ')} ms`);
    assert.equal(Number(row[1]), kept.length, 'one blocking line for every stretch');
    const worst = Math.max(...during.slice(aligned, aligned + kept.length));
    assert.ok(Math.abs(Number(row[2]) - worst) <= 0.3 * worst, `reported ${row[2]} ms, the program measured ${worst} ms`);

    // The server runs on as before: it answers, its inspector is closed, and no recorder is left in it.
    assert.equal(server.exitCode, null, serverErr);
    const res = await fetch(`http://127.0.0.1:${port}/after-attach`);
    assert.equal(res.status, 200);
    assert.match(await res.text(), /^\{"id":\d+,"items":\d+\}$/);
    assert.deepEqual(listeningPorts(server.pid!).sort(), portsBefore, 'only the server’s own port is left open');
    const check = await connectInspector(server.pid!);
    try {
      const present = await check.session.send<{ result: { value: boolean } }>('Runtime.evaluate', {
        expression: RECORDER_PRESENT_EXPRESSION,
        returnByValue: true,
      });
      assert.equal(present.result.value, false, 'the recorder removed itself');
    } finally {
      await check.release();
    }
    const before = stalls.length;
    while (stalls.length === before) await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(liveProcessGroups(), []);
  } finally {
    server.kill('SIGKILL');
    if (server.exitCode === null && server.signalCode === null) await once(server, 'exit');
  }
});

test('--mode event-loop --pid refuses a process that is not Node, and a missing pid, with exit code 2', async () => {
  const sleeper = spawn('sleep', ['30']);
  try {
    let err = '';
    const io = { stdout: () => {}, stderr: (t: string) => void (err += t), cwd: ROOT };
    assert.equal(await main(['profile', '--mode', 'event-loop', '--pid', String(sleeper.pid)], io), 2);
    assert.match(err, /--mode event-loop --pid attaches to Node processes \(over the inspector\); pid \d+ is not one/);
    err = '';
    assert.equal(await main(['profile', '--mode', 'event-loop', '--pid', String(2 ** 22 + 17)], io), 2);
    assert.match(err, /no process \d+/);
  } finally {
    sleeper.kill('SIGKILL');
  }
});
