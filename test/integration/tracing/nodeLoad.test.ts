// `hotline load --trace` on the real Node example (examples/services/node) under the real OpenTelemetry
// auto-instrumentation for Node (scripts/setup.d/71-tracing.sh's install, preloaded through --require)
// exporting to a real Zipkin (started once for the file), loaded by real autocannon on the loopback.
// Oracle: the spans Zipkin hands back.
import { test } from 'node:test';
import { join } from 'node:path';
import { autocannonDir } from '../../../src/profilers/load/autocannon';
import { otelInstall } from '../../../src/profilers/load/traced';
import { EXAMPLES, tempOut } from '../profilers/helpers';
import { checkSlowEndpoint, zipkinForFile } from './tracedLoad';

const SERVER = join(EXAMPLES, 'services', 'node', 'server.js');
const work = tempOut('traced-node-load');
// Both fail with the install hint when missing (never a silent skip).
autocannonDir();
otelInstall('node');

const zipkin = zipkinForFile(work);

test(
  'hotline load --trace on a Node service: every request of /slow is a trace in Zipkin, and the downstream call dominates the critical path of the p99 traces',
  { timeout: 120_000 },
  () =>
    checkSlowEndpoint({
      zipkinUrl: zipkin().url,
      work,
      command: `node ${SERVER}`,
      serviceName: 'node-slow',
      // The http server span, its outbound call, and the downstream (a node child of the service, preloaded too).
      spans: ['CLIENT node-slow GET /', 'SERVER node-slow GET /', 'SERVER node-slow GET /slow'],
    }),
);
