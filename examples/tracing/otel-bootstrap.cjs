// OpenTelemetry for an unchanged Node service: `node --require ./otel-bootstrap.cjs service.js`.
// Auto-instrumentation (http, express, databases, outbound calls) exports spans to Zipkin at
// OTEL_EXPORTER_ZIPKIN_ENDPOINT (default http://localhost:9411/api/v2/spans); the service name is
// OTEL_SERVICE_NAME. The packages come from scripts/setup.d/71-tracing.sh's install in
// $HOTLINE_OTEL_NODE (default $HOTLINE_CACHE/otel-node, ~/.cache/hotline/otel-node).
'use strict';
const { createRequire } = require('node:module');
const { join } = require('node:path');
const { homedir } = require('node:os');

const otelDir = process.env.HOTLINE_OTEL_NODE || join(process.env.HOTLINE_CACHE || join(homedir(), '.cache', 'hotline'), 'otel-node');
let otelRequire;
try {
  otelRequire = createRequire(join(otelDir, 'package.json'));
  otelRequire.resolve('@opentelemetry/sdk-node');
} catch {
  console.error(`otel-bootstrap: OpenTelemetry for Node is not installed in ${otelDir}; run: bash scripts/setup.sh test (or set HOTLINE_OTEL_NODE)`);
  process.exit(3);
}
const { NodeSDK, tracing } = otelRequire('@opentelemetry/sdk-node');
const { ZipkinExporter } = otelRequire('@opentelemetry/exporter-zipkin');
const { getNodeAutoInstrumentations } = otelRequire('@opentelemetry/auto-instrumentations-node');

const exporter = new ZipkinExporter({ url: process.env.OTEL_EXPORTER_ZIPKIN_ENDPOINT || 'http://localhost:9411/api/v2/spans' });
const sdk = new NodeSDK({
  // Short batches so spans reach Zipkin within a second of the request.
  spanProcessors: [new tracing.BatchSpanProcessor(exporter, { scheduledDelayMillis: 200 })],
  instrumentations: [
    getNodeAutoInstrumentations({
      // File system, DNS and socket spans would bury the request spans.
      '@opentelemetry/instrumentation-fs': { enabled: false },
      '@opentelemetry/instrumentation-dns': { enabled: false },
      '@opentelemetry/instrumentation-net': { enabled: false },
    }),
  ],
});
sdk.start();

// Flush the last spans before the process ends.
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.once(signal, () => {
    sdk.shutdown().finally(() => process.exit(0));
  });
}
