'use strict';
// OpenTelemetry auto-instrumentation for a Node service under `hotline load --trace`, preloaded through
// NODE_OPTIONS="--require otel_node_preload.cjs" (so it reaches node behind sh, npm scripts and the
// service's own node children). It loads @opentelemetry/auto-instrumentations-node/register from
// HOTLINE_OTEL_NODE_DIR (the install of scripts/setup.d/71-tracing.sh), which configures the SDK from
// the OTEL_* environment. OTEL_TRACES_EXPORTER is shared with Python's opentelemetry-instrument, which
// names the exporter "zipkin_json"; Node's SDK calls it "zipkin", so it is set to that only while
// register reads it, and restored for whatever this process starts.
const { createRequire } = require('node:module');
const { join } = require('node:path');

const dir = process.env.HOTLINE_OTEL_NODE_DIR;
if (!dir) throw new Error('otel_node_preload.cjs: HOTLINE_OTEL_NODE_DIR is not set (Hotline sets it to the OpenTelemetry Node install)');
const before = process.env.OTEL_TRACES_EXPORTER;
process.env.OTEL_TRACES_EXPORTER = 'zipkin';
try {
  createRequire(join(dir, 'package.json'))('@opentelemetry/auto-instrumentations-node/register');
} finally {
  if (before === undefined) delete process.env.OTEL_TRACES_EXPORTER;
  else process.env.OTEL_TRACES_EXPORTER = before;
}
