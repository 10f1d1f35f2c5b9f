'use strict';
// The slow downstream service the example calls: answers every request after DELAY_MS (default 40).
const http = require('node:http');

const port = Number(process.argv[2] ?? process.env.DOWNSTREAM_PORT ?? 0);
const delayMs = Number(process.env.DELAY_MS ?? 40);

const server = http.createServer((req, res) => {
  setTimeout(() => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ waitedMs: delayMs }));
  }, delayMs);
});
server.listen(port, '127.0.0.1', () => {
  // The parent reads the port it got from this line.
  process.stdout.write(`downstream listening on ${server.address().port}\n`);
});
