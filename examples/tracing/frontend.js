// The frontend: GET /checkout does a little CPU work, calls the downstream service at
// DOWNSTREAM_URL (GET /price) and answers with the result.
'use strict';
const http = require('node:http');

const downstream = process.env.DOWNSTREAM_URL || 'http://127.0.0.1:8081';

function fetchPrice() {
  return new Promise((resolve, reject) => {
    http
      .get(`${downstream}/price`, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve(JSON.parse(body)));
      })
      .on('error', reject);
  });
}

function cartTotal(items) {
  let total = 0;
  for (let i = 0; i < items * 2000; i++) total += Math.sqrt(i) % 7;
  return total;
}

const server = http.createServer(async (req, res) => {
  try {
    const subtotal = cartTotal(50);
    const { price } = await fetchPrice();
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ total: subtotal + price }));
  } catch (err) {
    res.statusCode = 502;
    res.end(String(err));
  }
});
server.listen(Number(process.env.PORT || 0), '127.0.0.1', () => {
  console.log(`frontend listening on http://127.0.0.1:${server.address().port}`);
});
