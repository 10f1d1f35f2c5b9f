// The slow downstream service: answers GET /price after a delay; every SLOW_EVERY-th request
// (default 10) takes SLOW_MS (default 150 ms) instead of FAST_MS (default 10 ms): the latency tail.
'use strict';
const http = require('node:http');

const fastMs = Number(process.env.FAST_MS || 10);
const slowMs = Number(process.env.SLOW_MS || 150);
const slowEvery = Number(process.env.SLOW_EVERY || 10);
let served = 0;

const server = http.createServer((req, res) => {
  served += 1;
  const delay = served % slowEvery === 0 ? slowMs : fastMs;
  setTimeout(() => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ price: 42, delay }));
  }, delay);
});
server.listen(Number(process.env.PORT || 0), '127.0.0.1', () => {
  console.log(`downstream listening on http://127.0.0.1:${server.address().port}`);
});
