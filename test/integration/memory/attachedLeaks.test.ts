// `hotline leaks --pid N` on the long-running example server, already running and started without
// --inspect: heap snapshots over the inspector SIGUSR1 opens, the listener leak found, and the
// process left as it was (running, its inspector closed again), on Cancel too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { main } from '../../../src/cli/main';
import { ProfileCancelledError } from '../../../src/profilers/errors';
import { runAttachedLeaks } from '../../../src/profilers/memory/index';
import { listeningPorts } from '../../../src/profilers/nodeInspector';
import { markedLine, ROOT } from '../../unit/memory/markedLine';

const SERVER = 'examples/long-running/server.js';

async function whileServing(body: (server: ChildProcess, ports: number[]) => Promise<void>): Promise<void> {
  const server = spawn(process.execPath, [join(ROOT, SERVER), '--seconds', '120'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    await once(server.stdout!, 'data');
    await body(server, listeningPorts(server.pid!).sort());
  } finally {
    server.kill('SIGKILL');
    await once(server, 'exit');
  }
}

test('hotline leaks --pid <server>: the listener of the LEAK line grew in every interval; the server runs on, its inspector closed', async () => {
  await whileServing(async (server, portsBefore) => {
    let out = '';
    let err = '';
    const io = { stdout: (t: string) => void (out += t), stderr: (t: string) => void (err += t), cwd: ROOT };
    const code = await main(['leaks', '--pid', String(server.pid), '--interval', '1', '--snapshots', '3', '--json'], io);
    assert.equal(code, 1, err);
    const report = JSON.parse(out);
    const leakLine = markedLine(SERVER, '// LEAK');
    assert.equal(report.grew, true);
    assert.equal(report.wholeProgram.snapshots.length, 3);
    assert.equal(report.files.length, 3);
    const top = report.kinds.find((k: { name: string }) => k.name === `(closure) (anonymous) @ server.js:${leakLine}`);
    assert.ok(top, report.kinds.map((k: { name: string }) => k.name).join(' | '));
    for (let i = 1; i < 3; i++) assert.ok(top.counts[i] > top.counts[i - 1], `grew in every interval: ${top.counts}`);
    // Tracking starts at the attach, and V8 sometimes charges a closure to the function that ran
    // when the site was sampled (parseReport); the LEAK line is among the sites.
    assert.ok(
      top.allocatedAt.some(
        (a: { file: string; line: number; function: string }) => a.file === join(ROOT, SERVER) && a.line === leakLine && a.function === 'handle',
      ),
      JSON.stringify(top.allocatedAt),
    );
    assert.ok(report.patterns.some((p: { id: string }) => p.id === 'listener-not-removed'));
    assert.equal(server.exitCode, null, 'the server keeps running');
    assert.deepEqual(listeningPorts(server.pid!).sort(), portsBefore, 'the inspector SIGUSR1 opened is closed again');
  });
});

test('Cancel between snapshots: nothing is reported and the inspector is closed again', async () => {
  await whileServing(async (server, portsBefore) => {
    const controller = new AbortController();
    const run = runAttachedLeaks(
      { pid: server.pid!, intervalMs: 1000, snapshots: 5, log: (l) => /heap snapshot 1\//.test(l) && controller.abort() },
      { signal: controller.signal },
    );
    await assert.rejects(run, ProfileCancelledError);
    assert.deepEqual(listeningPorts(server.pid!).sort(), portsBefore);
  });
});

test('hotline leaks --pid refuses a Python process with what works instead, and --pid with a program', async () => {
  // The interpreter itself, not a launcher such as pyenv's shim, whose pid runs bash until it execs Python.
  const python = execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim();
  const worker = spawn(python, [join(ROOT, 'examples/long-running/worker.py'), '--seconds', '30']);
  try {
    let err = '';
    const io = { stdout: () => {}, stderr: (t: string) => void (err += t), cwd: ROOT };
    assert.equal(await main(['leaks', '--pid', String(worker.pid)], io), 2);
    assert.match(err, /pid \d+ is Python: start it with hotline leaks program\.py \(tracemalloc from inside\), or use memray attach/);
    err = '';
    assert.equal(await main(['leaks', SERVER, '--pid', String(worker.pid)], io), 2);
    assert.match(err, /--pid watches a running process: give no program/);
  } finally {
    worker.kill('SIGKILL');
  }
});
