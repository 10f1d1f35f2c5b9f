/** `hotline traces [--zipkin URL | FILE] [--service NAME] [--limit N] [--json]`: why the slow requests are slow. */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseTraceText } from '../../core/traces/importers/index';
import { buildTraceReport, formatTraceReport } from '../../core/traces/report';
import { fetchTraces } from '../../profilers/tracing/index';
import { parseCliArgs, wholeNumber } from '../args';
import type { CliCommand } from '../command';
import { CliUsageError } from '../command';

const DEFAULT_ZIPKIN = 'http://127.0.0.1:9411';

const usage = `Usage: hotline traces [FILE | --zipkin URL] [--service NAME] [--limit N] [--lookback SECONDS]
                      [--endpoint NAME] [--tail 95|99] [--format zipkin|otlp|jaeger] [--json]

Reads distributed traces — from a Zipkin server's HTTP API (--zipkin URL, or $HOTLINE_ZIPKIN_URL,
default ${DEFAULT_ZIPKIN}) or from a file: Zipkin v2 JSON, OTLP/JSON (the OpenTelemetry file
exporter's, one request per line) or Jaeger's JSON export — and prints per endpoint (root span)
the latency p50/p95/p99 and why the slow tail is slow: each span's share of the critical path
(the chain of work that sets the end-to-end latency) in the traces at or above p99 (p95 below
100 traces) against the traces around the median; then the slowest traces and queue waits.
  --service NAME     only traces that include this service (Zipkin's serviceName query)
  --limit N          at most N traces from Zipkin (default 1000)
  --lookback SECONDS how far back Zipkin looks (default 3600)
Exit code: 0 with a report, 1 when there are no traces, 2 on bad input or Zipkin not reachable.`;

export const tracesCommand: CliCommand = {
  name: 'traces',
  summary: 'distributed traces (Zipkin, OTLP, Jaeger): latency percentiles and the critical path of the slow tail',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCliArgs('traces', argv, {
      zipkin: { type: 'string' },
      service: { type: 'string' },
      limit: { type: 'string' },
      lookback: { type: 'string' },
      endpoint: { type: 'string' },
      tail: { type: 'string' },
      format: { type: 'string' },
      json: { type: 'boolean' },
    });
    if (positionals.length > 1) throw new CliUsageError('traces reads one file at a time; see "hotline traces --help"');
    const file = positionals[0];
    if (file && values.zipkin) throw new CliUsageError('give either a FILE or --zipkin URL, not both');
    if (values.tail !== undefined && values.tail !== '95' && values.tail !== '99') throw new CliUsageError('--tail is 95 or 99');
    let traces;
    let source;
    if (file) {
      source = resolve(io.cwd, file);
      const text = await readFile(source, 'utf8').catch((e: NodeJS.ErrnoException) => {
        throw new CliUsageError(`cannot read ${file}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`);
      });
      traces = parseTraceText(text, values.format).traces;
    } else {
      source = values.zipkin ?? process.env.HOTLINE_ZIPKIN_URL ?? DEFAULT_ZIPKIN;
      const limit = values.limit !== undefined ? wholeNumber(values.limit, '--limit', { min: 1 }) : 1000;
      const lookbackMs = (values.lookback !== undefined ? wholeNumber(values.lookback, '--lookback', { min: 1 }) : 3600) * 1000;
      traces = (await fetchTraces({ url: source }, { ...(values.service ? { serviceName: values.service } : {}), limit, lookbackMs })).traces;
    }
    if (values.service && file) traces = traces.filter((t) => t.spans.some((s) => s.service === values.service));
    const report = buildTraceReport(traces, {
      ...(values.endpoint ? { endpoint: values.endpoint } : {}),
      ...(values.tail ? { tailQuantile: Number(values.tail) / 100 } : {}),
    });
    if (report.endpoints.length === 0) {
      throw new CliUsageError(
        `no traces${values.service ? ` with service "${values.service}"` : ''}${values.endpoint ? ` for endpoint "${values.endpoint}"` : ''} in ${source}`,
        1,
      );
    }
    io.stdout(values.json ? JSON.stringify({ source, ...report }, null, 2) + '\n' : formatTraceReport(report) + '\n');
    return 0;
  },
};
