// Hotline's load driver: runs autocannon through its programmatic API so that, besides autocannon's own
// result (the object `autocannon --json` prints), every response's time and latency are kept — for p95,
// the latency histogram and latency over time, which the JSON does not have.
//   node autocannon_runner.cjs AUTOCANNON_DIR OPTIONS_JSON OUT_FILE
// OPTIONS_JSON is autocannon's options object (url, connections, duration or amount, method, headers,
// body, timeout, requests). Prints "hotline-load: started" when the first request goes out, then writes OUT_FILE:
// {"tool":"hotline-autocannon","version":2,"autocannonVersion","result","samples":[[tMs,latencyMs,status(,request)]...],
//  "requestErrors":[...]}. With a mix (`requests`), each sample's 4th item is the index of its request in
// `requests` (the request the response answered, from autocannon's per-request onResponse) and
// requestErrors[i] / requestTimeouts[i] count the errors (timeouts included) and timeouts of request i.
'use strict';
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');

const [dir, optionsJson, outFile] = process.argv.slice(2);
const autocannon = require(dir);
const autocannonVersion = require(join(dir, 'package.json')).version;
const options = JSON.parse(optionsJson);
const mix = Array.isArray(options.requests) && options.requests.length > 0 ? options.requests.length : 0;

const samples = [];
const errors = {};
const requestErrors = new Array(mix).fill(0);
const requestTimeouts = new Array(mix).fill(0);
let t0 = 0;
// autocannon calls a request's onResponse just before it emits the response: the request answered.
let answered = -1;
const run = mix
  ? {
      ...options,
      requests: options.requests.map((r, i) => ({
        ...r,
        onResponse: () => {
          answered = i;
        },
      })),
      // Each connection sends the requests in turn (0, 1, … n-1, 0, …). A timeout or connection error fails
      // the request last written on the connection that broke: autocannon destroys that connection first
      // (and on a timeout has already written the next request on a new one when it says so).
      setupClient: (client) => {
        let sent = 0;
        let recent = [];
        client.on('request', () => {
          recent.push({ index: sent++ % mix, conn: client.conn });
          if (recent.length > 4) recent = recent.slice(-4);
        });
        const failed = (timeout) => () => {
          const last = recent.findLast((r) => r.conn?.destroyed);
          if (!last) return;
          requestErrors[last.index]++;
          if (timeout) requestTimeouts[last.index]++;
        };
        client.on('timeout', failed(true));
        client.on('connError', failed(false));
      },
    }
  : options;
const instance = autocannon(run, (err, result) => {
  if (err) {
    process.stderr.write(`autocannon: ${err.message}\n`);
    process.exit(2);
  }
  writeFileSync(
    outFile,
    JSON.stringify({
      tool: 'hotline-autocannon',
      version: 2,
      autocannonVersion,
      options,
      result,
      errorMessages: errors,
      samples,
      ...(mix ? { requestErrors, requestTimeouts } : {}),
    }),
  );
  process.stdout.write('hotline-load: done\n');
});
instance.on('start', () => {
  t0 = performance.now();
  process.stdout.write('hotline-load: started\n');
});
instance.on('response', (_client, statusCode, _bytes, responseTime) => {
  const sample = [Math.round((performance.now() - t0) * 10) / 10, Math.round(responseTime * 1000) / 1000, statusCode];
  if (mix) sample.push(answered);
  samples.push(sample);
});
instance.on('reqError', (err) => {
  const key = err.code ?? err.message;
  errors[key] = (errors[key] ?? 0) + 1;
});
process.on('SIGINT', () => instance.stop());
