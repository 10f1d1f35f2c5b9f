/**
 * `hotline load --trace`: the service runs under OpenTelemetry auto-instrumentation with the Zipkin
 * exporter pointed at the session's Zipkin, and after the load its traces are read back through
 * Zipkin's HTTP API. Python: `opentelemetry-instrument` from the venv scripts/setup.d/72-tracing-python.sh
 * makes (HOTLINE_OTEL_PYTHON, or $HOTLINE_CACHE/otel-python); its bin folder goes first on PATH so the
 * `python3` of the service's command is the venv's (it sees the base interpreter's packages too).
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import type { Trace } from '../../core/traces/model';
import { ProfilerNotFoundError } from '../errors';
import { fetchTraces, type ZipkinConnection } from '../tracing/index';

const SETUP_HINT =
  'bash scripts/setup.sh test (its step scripts/setup.d/72-tracing-python.sh makes the venv), or set HOTLINE_OTEL_PYTHON to a venv that has it';

export interface TraceTarget {
  readonly zipkin: ZipkinConnection;
  /** OTEL_SERVICE_NAME of the service: its traces are found by it. */
  readonly serviceName: string;
}

/** The venv with opentelemetry-instrument, or ProfilerNotFoundError with the setup command. */
export function otelPythonVenv(env: NodeJS.ProcessEnv = process.env): string {
  const venv = env.HOTLINE_OTEL_PYTHON?.trim() || join(env.HOTLINE_CACHE || join(homedir(), '.cache', 'hotline'), 'otel-python');
  if (!existsSync(join(venv, 'bin', 'opentelemetry-instrument'))) {
    throw new ProfilerNotFoundError('opentelemetry-instrument (Python OpenTelemetry)', SETUP_HINT, join(venv, 'bin', 'opentelemetry-instrument'));
  }
  return venv;
}

/** The service's argv and environment under `opentelemetry-instrument`, exporting spans to the target's Zipkin. */
export function tracedLaunch(
  argv: readonly string[],
  target: TraceTarget,
  env: NodeJS.ProcessEnv = process.env,
): { argv: string[]; env: Record<string, string> } {
  const venv = otelPythonVenv(env);
  const bin = join(venv, 'bin');
  return {
    argv: [join(bin, 'opentelemetry-instrument'), ...argv],
    env: {
      PATH: `${bin}${delimiter}${env.PATH ?? ''}`,
      VIRTUAL_ENV: venv,
      OTEL_SERVICE_NAME: target.serviceName,
      OTEL_TRACES_EXPORTER: 'zipkin_json',
      OTEL_EXPORTER_ZIPKIN_ENDPOINT: new URL('api/v2/spans', target.zipkin.url.endsWith('/') ? target.zipkin.url : `${target.zipkin.url}/`).toString(),
      OTEL_METRICS_EXPORTER: 'none',
      OTEL_LOGS_EXPORTER: 'none',
      // Short batches: the spans reach Zipkin within a fraction of a second of the request.
      OTEL_BSP_SCHEDULE_DELAY: '200',
    },
  };
}

export interface CollectedTraces {
  readonly zipkinUrl: string;
  readonly serviceName: string;
  readonly traces: readonly Trace[];
  /** Zipkin's own JSON (what `--save-traces` writes; `hotline traces FILE` reads it). */
  readonly text: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The service's traces since `sinceMs` (epoch ms), polled until at least `expected` traces are there
 * and the span count stopped growing (the exporter sends in batches), or `timeoutMs` is up.
 */
export async function collectTraces(target: TraceTarget, sinceMs: number, expected: number, timeoutMs = 15_000): Promise<CollectedTraces> {
  const deadline = Date.now() + timeoutMs;
  let spans = -1;
  for (;;) {
    const now = Date.now();
    const got = await fetchTraces(target.zipkin, {
      serviceName: target.serviceName,
      endTs: now,
      lookbackMs: now - sinceMs + 1000,
      limit: Math.max(1000, 2 * expected),
    });
    const count = got.traces.reduce((n, t) => n + t.spans.length, 0);
    if ((got.traces.length >= expected && count === spans) || Date.now() > deadline) {
      return { zipkinUrl: target.zipkin.url, serviceName: target.serviceName, traces: got.traces, text: got.text };
    }
    spans = count;
    await sleep(400);
  }
}
