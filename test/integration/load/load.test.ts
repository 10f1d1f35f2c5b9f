/**
 * `hotline load` end to end with real autocannon (scripts/setup.d/70-load.sh) and the real example
 * services: the CPU-heavy endpoint's hot line tops the profile taken under load (py-spy for Flask, the
 * Node inspector for Node), queue latency grows with connections, and a service that never answers or
 * crashes under load gives one clear message with its stderr and leaves no process behind.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { loadCommand } from '../../../src/cli/commands/load';
import { importProfileFile } from '../../../src/core/importers';
import { buildReport } from '../../../src/core/report';
import { autocannonDir } from '../../../src/profilers/load/autocannon';
import { runLoadSession, ServiceCrashedError, type LoadRequest } from '../../../src/profilers/load/runLoad';
import { groupMembers, ServiceError } from '../../../src/profilers/load/service';
import { claimPort } from '../../../src/profilers/ports';
import { execInGroup } from '../../../src/profilers/processTree';
import { EXAMPLES, hotLineOf, processCommandLines, tempOut } from '../profilers/helpers';

const SERVICES = join(EXAMPLES, 'services');
const work = tempOut('load');
after(() => rmSync(work, { recursive: true, force: true }));

// Fails with the install hint when autocannon is missing (never a silent skip).
autocannonDir();

async function assertGroupGone(pgid: number | undefined): Promise<void> {
  assert.ok(pgid, 'the service was started');
  for (let i = 0; i < 40 && groupMembers(pgid).length > 0; i++) await new Promise((r) => setTimeout(r, 50));
  assert.deepEqual(groupMembers(pgid), [], `processes of the service's group ${pgid} are left running`);
}

/** Runs a session and checks afterwards that the service's whole process group is gone. */
async function session(req: Omit<LoadRequest, 'cwd' | 'onServiceStarted'>) {
  let pgid: number | undefined;
  try {
    return await runLoadSession({ ...req, cwd: work, onServiceStarted: (g) => (pgid = g) });
  } finally {
    await assertGroupGone(pgid);
  }
}

async function topLine(file: string): Promise<string> {
  const top = buildReport(await importProfileFile(file), { top: 3 }).lines[0]!;
  return `${top.file}:${top.line}`;
}

describe('hotline load: the hot line under load', () => {
  test("Flask (waitress): the CLI prints the percentiles and py-spy puts cpu_work's HOT line on top", { timeout: 60_000 }, async () => {
    const port = await claimPort(0);
    const app = join(SERVICES, 'python', 'app.py');
    let stdout = '';
    let stderr = '';
    const code = await loadCommand.run(
      ['--server', `python3 ${app} ${port}`, '--url', `http://127.0.0.1:${port}/cpu`, '-c', '4', '-d', '3', '--profile', join(work, 'flask'), '--json'],
      { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: work },
    );
    assert.equal(code, 0, stderr);
    const out = JSON.parse(stdout);
    assert.ok(out.requests > 10 && out.errors === 0 && out.non2xx === 0, stdout);
    assert.ok(out.latency.p50 <= out.latency.p95 && out.latency.p95 <= out.latency.p99 && out.latency.p99 <= out.latency.max);
    assert.ok(out.latency.p95 > 0 && out.histogram.length > 0 && out.overTime.length >= 3, stdout);
    assert.equal(out.profile, join(work, 'flask.speedscope.json'));
    assert.equal(await topLine(out.profile), `${app}:${hotLineOf(app)}`);
    assert.deepEqual(
      processCommandLines().filter((p) => p.cmd.includes(`${app} ${port}`)),
      [],
      'the service is stopped',
    );
  });

  test("Node (http): the inspector's profile of the load window has the HOT line on top", { timeout: 60_000 }, async () => {
    const port = await claimPort(0);
    const server = join(SERVICES, 'node', 'server.js');
    const s = await session({
      server: ['node', server, String(port)],
      load: { url: `http://127.0.0.1:${port}/cpu`, connections: 4, duration: 2 },
      profileBase: join(work, 'node'),
    });
    assert.equal(s.profile?.problem, null);
    assert.equal(s.profile?.file, join(work, 'node.cpuprofile'));
    assert.equal(await topLine(s.profile!.file!), `${server}:${hotLineOf(server)}`);
    assert.ok(s.result.requests > 10 && s.result.errors === 0);
  });
});

describe('hotline load: queues back up', () => {
  for (const [lang, argv] of [
    ['Node', (port: number) => ['node', join(SERVICES, 'node', 'server.js'), String(port)]],
    ['Flask', (port: number) => ['python3', join(SERVICES, 'python', 'app.py'), String(port)]],
  ] as const) {
    test(`${lang}: /queue's p95 at 16 connections is above p95 at 1 (2 workers)`, { timeout: 60_000 }, async () => {
      const latency = async (connections: number) => {
        const port = await claimPort(0);
        const s = await session({ server: argv(port), load: { url: `http://127.0.0.1:${port}/queue`, connections, duration: 2 }, profileBase: null });
        assert.equal(s.result.non2xx, 0);
        return s.result.latency;
      };
      const one = await latency(1);
      const sixteen = await latency(16);
      const seen = `p50/p95 ${one.p50}/${one.p95} ms at 1 connection, ${sixteen.p50}/${sixteen.p95} ms at 16`;
      assert.ok(sixteen.p95! > one.p95!, seen);
      // 2 workers of 10 ms serve at most 200 requests/s, so 16 connections that each wait for their
      // answer spend at least 16 / 200 s = 80 ms per request (Little's law): the queue, not the job.
      // A busy machine only adds to that, so the bound holds however slow the 1-connection run was.
      assert.ok(sixteen.mean >= 0.9 * 80, `mean ${sixteen.mean} ms at 16 connections, below the 80 ms the queue alone makes; ${seen}`);
      assert.ok(sixteen.p50 > 2 * one.p50, seen);
    });
  }
});

describe('hotline load: a service that already runs', () => {
  /** Starts the Node example by itself (not through Hotline); resolves once it listens. */
  async function runningService(port: number) {
    const stop = new AbortController();
    let pid = 0;
    let listening!: () => void;
    const ready = new Promise<void>((r) => (listening = r));
    const exited = execInGroup(['node', join(SERVICES, 'node', 'server.js'), String(port)], {
      cwd: work,
      signal: stop.signal,
      onSpawn: (p) => (pid = p),
      onOutput: (line) => /listening on/.test(line) && listening(),
    });
    await Promise.race([ready, exited.then((r) => Promise.reject(new Error(`server.js exited: ${r.stderrTail}`)))]);
    return { pid, stop: () => (stop.abort(), exited) };
  }

  test('--pid: the running process is profiled during the load (the HOT line on top) and left running', { timeout: 60_000 }, async () => {
    const port = await claimPort(0);
    const service = await runningService(port);
    try {
      const server = join(SERVICES, 'node', 'server.js');
      const s = await runLoadSession({
        pid: service.pid,
        load: { url: `http://127.0.0.1:${port}/cpu`, connections: 4, duration: 2 },
        cwd: work,
        profileBase: join(work, 'by-pid'),
      });
      assert.equal(s.serverPid, service.pid);
      assert.equal(s.profile?.problem, null);
      assert.equal(await topLine(s.profile!.file!), `${server}:${hotLineOf(server)}`);
      assert.ok(s.result.requests > 10 && s.result.errors === 0);
      process.kill(service.pid, 0); // still running
      assert.equal((await fetch(`http://127.0.0.1:${port}/health`)).status, 200);
    } finally {
      await service.stop();
    }
  });

  test('--url alone: only the URL is loaded; nothing answering is one clear message', { timeout: 60_000 }, async () => {
    const port = await claimPort(0);
    let stdout = '';
    let stderr = '';
    const run = (argv: string[]) => loadCommand.run(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: work });
    await assert.rejects(
      run(['--url', `http://127.0.0.1:${port}/health`, '-a', '10']),
      new RegExp(`nothing answers http://127.0.0.1:${port}/health \\(ECONNREFUSED\\): start the service first`),
    );
    const service = await runningService(port);
    try {
      const code = await run(['--url', `http://127.0.0.1:${port}/queue`, '-c', '2', '-a', '50', '--json']);
      assert.equal(code, 0, stderr);
      const out = JSON.parse(stdout);
      assert.equal(out.requests, 50);
      assert.equal(out.non2xx, 0);
      assert.equal(out.profile, null);
      process.kill(service.pid, 0); // still running
    } finally {
      await service.stop();
    }
  });
});

describe('hotline load: a mix of requests', () => {
  test('several URLs, methods, a body and headers: each connection sends the mix in turn, as the server saw it', { timeout: 60_000 }, async () => {
    const seen = new Map<string, number>();
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const key = `${req.method} ${req.url} ${req.headers['x-tenant'] ?? '-'} ${body || '-'}`;
        seen.set(key, (seen.get(key) ?? 0) + 1);
        res.writeHead(req.url === '/missing' ? 404 : 200, { 'content-type': 'text/plain' });
        res.end('ok');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as { port: number };
    const base = `http://127.0.0.1:${port}`;
    let stdout = '';
    let stderr = '';
    try {
      const code = await loadCommand.run(
        [
          ...['--url', `${base}/items`, '--url', `POST ${base}/items?fast=1`, '--url', `${base}/missing`],
          ...['--header', 'x-tenant: acme', '--body', '{"n":1}', '-c', '3', '--amount', '90'],
        ],
        { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: work },
      );
      assert.equal(code, 0, stderr);
    } finally {
      server.close();
    }
    assert.match(stdout, /^mix, in turn on each connection: GET \/items · POST \/items\?fast=1 · GET \/missing$/m);
    // The readiness probe is one plain GET of the first URL; autocannon sent 30 of each request.
    assert.deepEqual(Object.fromEntries(seen), {
      'GET /items - -': 1,
      'GET /items acme {"n":1}': 30,
      'POST /items?fast=1 acme {"n":1}': 30,
      'GET /missing acme {"n":1}': 30,
    });
    assert.match(stdout, /non-2xx 30 {2}status 200×60 404×30/);
  });
});

describe('hotline load: cancel', () => {
  test('cancelling during the load of /slow stops the service and the downstream it started', { timeout: 30_000 }, async () => {
    const port = await claimPort(0);
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), 1500);
    await assert.rejects(
      session({
        server: ['node', join(SERVICES, 'node', 'server.js'), String(port)],
        load: { url: `http://127.0.0.1:${port}/slow`, connections: 4, duration: 20 },
        profileBase: join(work, 'cancelled'),
        signal: abort.signal,
      }),
      /the load was cancelled/,
    );
    clearTimeout(timer);
  });
});

describe('hotline load: bad services', () => {
  test('a port already in use: refused before the service starts', { timeout: 30_000 }, async () => {
    const taken = createServer(() => {});
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
    const { port } = taken.address() as { port: number };
    let started = false;
    try {
      await assert.rejects(
        runLoadSession({
          server: ['node', join(SERVICES, 'node', 'server.js'), String(port)],
          load: { url: `http://127.0.0.1:${port}/cpu`, connections: 1, duration: 1 },
          cwd: work,
          profileBase: null,
          onServiceStarted: () => (started = true),
        }),
        new RegExp(`port ${port} is already in use before the service started`),
      );
      assert.equal(started, false);
    } finally {
      taken.close();
    }
  });

  test('a service that never answers: one message with its stderr, nothing left running', { timeout: 30_000 }, async () => {
    const port = await claimPort(0);
    const code = "import sys, time; print('warming the cache forever', file=sys.stderr, flush=True); time.sleep(60)";
    await assert.rejects(
      session({
        server: ['python3', '-c', code],
        load: { url: `http://127.0.0.1:${port}/`, connections: 1, duration: 1 },
        profileBase: null,
        readyTimeoutMs: 1500,
      }),
      (err: unknown) =>
        err instanceof ServiceError &&
        /did not answer http:\/\/127\.0\.0\.1:\d+\/ within 2 s/.test((err as Error).message) &&
        /warming the cache forever/.test((err as Error).message),
    );
  });

  test(
    'a service that crashes under load: the partial result, its stderr and the partial py-spy profile are kept; its child is gone too',
    { timeout: 60_000 },
    async () => {
      const port = await claimPort(0);
      const script = join(work, 'crashy.py');
      writeFileSync(
        script,
        [
          'import os, subprocess, sys, threading',
          'from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer',
          "subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)'])  # a child that must end with the group",
          'served = 0',
          'lock = threading.Lock()',
          'class H(BaseHTTPRequestHandler):',
          "    protocol_version = 'HTTP/1.1'",
          '    def do_GET(self):',
          '        global served',
          '        total = sum(i * i for i in range(20000))',
          '        with lock:',
          '            served += 1',
          '            if served == 60:',
          "                print(f'out of memory after {served} requests', file=sys.stderr, flush=True)",
          '                os._exit(3)',
          '        body = str(total).encode()',
          '        self.send_response(200)',
          "        self.send_header('content-length', str(len(body)))",
          '        self.end_headers()',
          '        self.wfile.write(body)',
          '    def log_message(self, *a):',
          '        pass',
          `ThreadingHTTPServer(('127.0.0.1', ${port}), H).serve_forever()`,
          '',
        ].join('\n'),
      );
      let crash: ServiceCrashedError | undefined;
      await assert.rejects(
        session({ server: ['python3', script], load: { url: `http://127.0.0.1:${port}/`, connections: 2, duration: 2 }, profileBase: join(work, 'crashy') }),
        (err: unknown) => {
          crash = err as ServiceCrashedError;
          return err instanceof ServiceCrashedError;
        },
      );
      assert.match(crash!.message, /the service exited \(exit code 3\) during the load: \d+ requests failed/);
      assert.match(crash!.message, /out of memory after 60 requests/);
      assert.ok(
        crash!.partial.result.requests >= 58 && crash!.partial.result.errors > 0,
        `${crash!.partial.result.requests} responses, errors ${JSON.stringify(crash!.partial.result.errorMessages)}`,
      );
      const file = crash!.partial.profile?.file;
      assert.ok(file && existsSync(file), `partial profile: ${JSON.stringify(crash!.partial.profile)}`);
      assert.ok(readFileSync(file, 'utf8').includes('crashy.py'));
    },
  );
});
