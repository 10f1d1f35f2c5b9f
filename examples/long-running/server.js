// A long-running HTTP server with two production bugs, for Hotline's long-running tools:
//   - every request subscribes to a shared emitter and never unsubscribes (a listener leak);
//   - every 25th request parses a large JSON document synchronously, stalling the event loop.
// It drives itself: a timer sends it requests over loopback, so no load tool is needed.
//   node server.js [--port N] [--seconds S]     (PORT env too; port 0 = any free port; S 0 = forever)
// Each stall is measured by the program itself and logged to stderr ("stall: ... ms"), the
// figure Hotline's event-loop report is checked against.
'use strict';
const http = require('node:http');
const { EventEmitter } = require('node:events');

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && i + 1 < process.argv.length ? Number(process.argv[i + 1]) : fallback;
}

const port = option('port', Number(process.env.PORT ?? 0));
const seconds = option('seconds', 0);
const configBus = new EventEmitter();
// A report body of ~7 MB, built once: parsing it takes tens of milliseconds.
const REPORT = JSON.stringify(Array.from({ length: 100000 }, (_, i) => ({ id: i, name: `item-${i}`, tags: ['a', 'b', 'c'] })));

class RequestContext {
  constructor(id, url) {
    this.id = id;
    this.url = url;
    this.payload = new Array(256).fill(id);
  }
}

let served = 0;

function handle(req, res) {
  const ctx = new RequestContext(++served, req.url);
  configBus.on('config-changed', () => ctx.payload.length); // LEAK: listener never removed
  let items = 0;
  if (ctx.id % 25 === 0) items = parseReport();
  res.end(JSON.stringify({ id: ctx.id, items }));
}

function parseReport() {
  const t0 = performance.now();
  const rows = JSON.parse(REPORT); // BLOCKS: synchronous parse of a large document
  process.stderr.write(`stall: JSON.parse blocked the event loop for ${(performance.now() - t0).toFixed(1)} ms\n`);
  return rows.length;
}

const server = http.createServer(handle);
server.listen(port, '127.0.0.1', () => {
  const { port: bound } = server.address();
  process.stdout.write(`listening on http://127.0.0.1:${bound}\n`);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const load = setInterval(() => {
    http.get({ host: '127.0.0.1', port: bound, path: `/orders/${served}`, agent }, (r) => r.resume()).on('error', () => {});
  }, 20);
  if (seconds > 0) {
    setTimeout(() => {
      clearInterval(load);
      agent.destroy();
      server.close();
      process.stdout.write(`served ${served} requests, ${configBus.listenerCount('config-changed')} listeners on the bus\n`);
    }, seconds * 1000);
  }
});
