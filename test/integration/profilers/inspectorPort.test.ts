// Two attaches at once: Node opens its SIGUSR1 inspector on 9229 and fails ("address already in
// use") when that port is taken, so Hotline signals only when the port is free, in turns.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { connectInspector } from '../../../src/profilers/nodeInspector';
import { inspectPortArg, inTurnForPort } from '../../../src/profilers/inspectorPort';

function idleNode() {
  const child = spawn(process.execPath, ['-e', 'console.log("up"); setInterval(() => {}, 1000)'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return { child, stderr: () => stderr };
}

test('two running Node processes attached at the same time both get their own inspector', async () => {
  const a = idleNode();
  const b = idleNode();
  try {
    await Promise.all([once(a.child.stdout!, 'data'), once(b.child.stdout!, 'data')]);
    const logs: string[] = [];
    const first = connectInspector(a.child.pid!, { log: (l) => logs.push(`a ${l}`) });
    const second = connectInspector(b.child.pid!, { log: (l) => logs.push(`b ${l}`) });
    const ca = await Promise.race([first, second]);
    const pidOf = async (c: typeof ca) =>
      (await c.session.send<{ result: { value: number } }>('Runtime.evaluate', { expression: 'process.pid', returnByValue: true })).result.value;
    const pa = await pidOf(ca);
    // The other one waits while the first holds the port; it gets its inspector once that one is closed.
    await new Promise((r) => setTimeout(r, 500));
    await ca.release();
    const cb = await (pa === a.child.pid ? second : first);
    const pb = await pidOf(cb);
    await cb.release();
    assert.deepEqual([pa, pb].sort(), [a.child.pid, b.child.pid].sort(), logs.join('\n'));
    assert.ok(
      logs.some((l) => /waiting: /.test(l)),
      `the second attach said it waits:\n${logs.join('\n')}`,
    );
    assert.doesNotMatch(a.stderr() + b.stderr(), /address already in use/);
  } finally {
    a.child.kill('SIGKILL');
    b.child.kill('SIGKILL');
  }
});

test('a port that stays taken ends the wait with what to do', async () => {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as { port: number }).port;
  try {
    let ran = false;
    await assert.rejects(
      inTurnForPort(port, { waitMs: 600 }, async () => void (ran = true)),
      (e: Error) =>
        e.name === 'NodeInspectorError' &&
        new RegExp(`127\\.0\\.0\\.1:${port}, where Node opens its inspector on SIGUSR1, stayed in use .*--inspect-port=0`).test(e.message),
    );
    assert.equal(ran, false, 'no signal is sent while the port is taken');
  } finally {
    server.close();
  }
});

test('the inspector port of a command line or NODE_OPTIONS', () => {
  assert.equal(inspectPortArg(['node', '--inspect-port=9333', 'app.js']), 9333);
  assert.equal(inspectPortArg(['node', '--inspect-port', '127.0.0.1:0', 'app.js']), 0);
  assert.equal(inspectPortArg(['node', 'app.js', '--port', '80']), null);
});
