// Hotline's load driver: runs autocannon through its programmatic API so that, besides autocannon's own
// result (the object `autocannon --json` prints), every response's time and latency are kept — for p95,
// the latency histogram and latency over time, which the JSON does not have.
//   node autocannon_runner.cjs AUTOCANNON_DIR OPTIONS_JSON OUT_FILE
// OPTIONS_JSON is autocannon's options object (url, connections, duration or amount, method, headers,
// body, timeout). Prints "hotline-load: started" when the first request goes out, then writes OUT_FILE:
// {"tool":"hotline-autocannon","version":1,"autocannonVersion","result","samples":[[tMs,latencyMs,status]...]}.
'use strict';
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');

const [dir, optionsJson, outFile] = process.argv.slice(2);
const autocannon = require(dir);
const autocannonVersion = require(join(dir, 'package.json')).version;
const options = JSON.parse(optionsJson);

const samples = [];
const errors = {};
let t0 = 0;
const instance = autocannon(options, (err, result) => {
  if (err) {
    process.stderr.write(`autocannon: ${err.message}\n`);
    process.exit(2);
  }
  writeFileSync(outFile, JSON.stringify({ tool: 'hotline-autocannon', version: 1, autocannonVersion, options, result, errorMessages: errors, samples }));
  process.stdout.write('hotline-load: done\n');
});
instance.on('start', () => {
  t0 = performance.now();
  process.stdout.write('hotline-load: started\n');
});
instance.on('response', (_client, statusCode, _bytes, responseTime) => {
  samples.push([Math.round((performance.now() - t0) * 10) / 10, Math.round(responseTime * 1000) / 1000, statusCode]);
});
instance.on('reqError', (err) => {
  const key = err.code ?? err.message;
  errors[key] = (errors[key] ?? 0) + 1;
});
process.on('SIGINT', () => instance.stop());
