'use strict';
/**
 * An example service for `hotline load` (plain node:http, loopback only):
 *   GET /cpu    CPU-heavy: sums square roots on the request's own thread (the hot line below)
 *   GET /slow   calls the slow downstream service (downstream.js, started here on its own port)
 *   GET /queue  hands a job to a bounded worker pool (WORKERS at a time, QUEUE_LIMIT waiting, then 503)
 *   GET /health answers at once
 * Usage: node server.js [port]   (or PORT=...; DOWNSTREAM_PORT, WORKERS, JOB_MS, QUEUE_LIMIT, CPU_N)
 */
const http = require('node:http');
const { spawn } = require('node:child_process');
const path = require('node:path');

const port = Number(process.argv[2] ?? process.env.PORT ?? 8080);
const workers = Number(process.env.WORKERS ?? 2);
const jobMs = Number(process.env.JOB_MS ?? 10);
const queueLimit = Number(process.env.QUEUE_LIMIT ?? 256);
const cpuN = Number(process.env.CPU_N ?? 300_000);

function cpuWork(n) {
  let total = 0;
  for (let i = 1; i <= n; i++) total += Math.sqrt(i) * Math.sin(i); // HOT
  return total;
}

// A fixed number of workers; jobs beyond them wait in `waiting`, so under load the wait grows.
const waiting = [];
let busy = 0;
function runNext() {
  while (busy < workers && waiting.length > 0) {
    const job = waiting.shift();
    busy++;
    const startedAt = Date.now();
    setTimeout(() => {
      busy--;
      job.done({ queuedMs: startedAt - job.enqueuedAt, workMs: Date.now() - startedAt });
      runNext();
    }, jobMs);
  }
}
function enqueue() {
  return new Promise((resolve, reject) => {
    if (waiting.length >= queueLimit) return reject(new Error('queue full'));
    waiting.push({ enqueuedAt: Date.now(), done: resolve });
    runNext();
  });
}

let downstreamPort = Number(process.env.DOWNSTREAM_PORT ?? 0);
function callDownstream() {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port: downstreamPort, path: '/' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve(JSON.parse(body)));
    });
    req.on('error', reject);
  });
}

function send(res, status, obj) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(obj));
}

const server = http.createServer((req, res) => {
  const route = (req.url ?? '/').split('?')[0];
  if (route === '/cpu') return send(res, 200, { total: cpuWork(cpuN) });
  if (route === '/slow') return callDownstream().then((d) => send(res, 200, d), (e) => send(res, 502, { error: e.message }));
  if (route === '/queue') return enqueue().then((t) => send(res, 200, t), (e) => send(res, 503, { error: e.message }));
  if (route === '/health') return send(res, 200, { ok: true });
  send(res, 404, { error: `no route ${route}` });
});

function listen() {
  server.listen(port, '127.0.0.1', () => process.stdout.write(`listening on http://127.0.0.1:${server.address().port}\n`));
}

if (downstreamPort) listen();
else {
  // Start the downstream on a free port; it is in this process's group, so it ends with it.
  const child = spawn(process.execPath, [path.join(__dirname, 'downstream.js'), '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  child.stdout.setEncoding('utf8');
  child.stdout.once('data', (line) => {
    downstreamPort = Number(/listening on (\d+)/.exec(line)?.[1]);
    listen();
  });
  process.on('exit', () => child.kill());
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(0));
}
