// Runs the real event-loop recorder (node --require event_loop_preload.cjs) on the long-running
// example server through the CLI; the program's own timing of each stall is the oracle.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { main } from '../../../src/cli/main';
import { liveProcessGroups } from '../../../src/profilers/processTree';
import { markedLine, ROOT } from '../../unit/memory/markedLine';

const SERVER = 'examples/long-running/server.js';

test("hotline profile --mode event-loop names the BLOCKS line, with a worst stall within 30% of the program's own", async () => {
  let out = '';
  let err = '';
  const io = { stdout: (t: string) => void (out += t), stderr: (t: string) => void (err += t), cwd: ROOT };
  const code = await main(['profile', '--mode', 'event-loop', '--timeout', '4', SERVER], io);
  assert.equal(code, 0, err);
  const stalls = [...err.matchAll(/^stall: JSON\.parse blocked the event loop for ([\d.]+) ms$/gm)].map((m) => Number(m[1]));
  assert.ok(stalls.length >= 3, err);
  const line = markedLine(SERVER, '// BLOCKS');
  const row = new RegExp(`^ +(\\d+)x +worst +([\\d.]+) ms +total +[\\d.]+ ms +parseReport +${join(ROOT, SERVER).replaceAll('/', '\\/')}:${line}$`, 'm').exec(
    out,
  );
  assert.ok(row, out);
  assert.equal(Number(row[1]), stalls.length, 'one blocking stretch per stall');
  const worst = Math.max(...stalls);
  assert.ok(Math.abs(Number(row[2]) - worst) <= 0.3 * worst, `reported ${row[2]} ms, the program measured ${worst} ms`);
  assert.match(out, /lines that blocked the event loop/);
  assert.deepEqual(liveProcessGroups(), []);
});

test('--mode event-loop refuses a program that is neither JavaScript nor Python, with exit code 2', async () => {
  let err = '';
  const io = { stdout: () => {}, stderr: (t: string) => void (err += t), cwd: ROOT };
  assert.equal(await main(['profile', '--mode', 'event-loop', 'examples/go/main.go'], io), 2);
  assert.match(err, /Node programs \(\.js, \.cjs, \.mjs\) and Python asyncio programs \(\.py\), not examples\/go\/main\.go/);
});

const ASYNC_WORKER = 'examples/long-running/async_worker.py';

test("Python asyncio: --mode event-loop names the BLOCKS line of the coroutine, worst stall within 30% of the program's own", async () => {
  let out = '';
  let err = '';
  const io = { stdout: (t: string) => void (out += t), stderr: (t: string) => void (err += t), cwd: ROOT };
  // The worker ends by itself (--seconds): a run cut by --timeout can end inside a stall, which the program has
  // already logged but asyncio reports only when that Task step returns.
  const code = await main(['profile', '--mode', 'event-loop', '--timeout', '20', ASYNC_WORKER, '--', '--seconds', '3'], io);
  assert.equal(code, 0, err);
  const stalls = [...err.matchAll(/^stall: checksum blocked the event loop for ([\d.]+) ms$/gm)].map((m) => Number(m[1]));
  assert.ok(stalls.length >= 3, err);
  const line = markedLine(ASYNC_WORKER, '# BLOCKS');
  const row = new RegExp(`^ +(\\d+)x +worst +([\\d.]+) ms +total +[\\d.]+ ms +job +${join(ROOT, ASYNC_WORKER).replaceAll('/', '\\/')}:${line}$`, 'm').exec(out);
  assert.ok(row, out);
  assert.equal(Number(row[1]), stalls.length, `one slow callback per stall (the program's: ${stalls.join(', ')} ms):\n${out}`);
  const worst = Math.max(...stalls);
  assert.ok(Math.abs(Number(row[2]) - worst) <= 0.3 * worst, `reported ${row[2]} ms, the program measured ${worst} ms`);
  assert.match(out, /in an asyncio Task step \(line from its sampled frames\)/);
  assert.deepEqual(liveProcessGroups(), []);
});
