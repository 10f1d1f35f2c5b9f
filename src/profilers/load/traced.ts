/**
 * `hotline load --trace`: the service runs under OpenTelemetry auto-instrumentation with the Zipkin
 * exporter pointed at the session's Zipkin, and after the load its traces are read back through
 * Zipkin's HTTP API. The service's command may be Python or Node (known only once it listens), so it
 * is started ready for both, with whichever of the two installs is there:
 * - Python: `opentelemetry-instrument` from the venv scripts/setup.d/72-tracing-python.sh makes
 *   (HOTLINE_OTEL_PYTHON, or $HOTLINE_CACHE/otel-python); its bin folder goes first on PATH so the
 *   `python3` of the service's command is the venv's (it sees the base interpreter's packages too).
 * - Node: `--require` of Hotline's otel_node_preload.cjs in NODE_OPTIONS, which loads
 *   `@opentelemetry/auto-instrumentations-node/register` from the install of scripts/setup.d/71-tracing.sh
 *   (HOTLINE_OTEL_NODE, or $HOTLINE_CACHE/otel-node), as examples/tracing/otel-bootstrap.cjs finds it.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import type { Trace } from '../../core/traces/model';
import { ProfilerNotFoundError } from '../errors';
import { helperPath } from '../helperPath';
import { fetchTraces, type ZipkinConnection } from '../tracing/index';
import { LoadRunError } from './autocannon';
import type { ServerRuntime } from './service';

const SETUP = 'bash scripts/setup.sh test';
const PYTHON_HINT = `${SETUP} (its step scripts/setup.d/72-tracing-python.sh makes the venv), or set HOTLINE_OTEL_PYTHON to a venv that has it`;
const NODE_HINT = `${SETUP} (its step scripts/setup.d/71-tracing.sh installs it), or set HOTLINE_OTEL_NODE to a folder whose node_modules has it`;

export interface TraceTarget {
  readonly zipkin: ZipkinConnection;
  /** OTEL_SERVICE_NAME of the service: its traces are found by it. */
  readonly serviceName: string;
}

const cacheDir = (env: NodeJS.ProcessEnv, name: string) => join(env.HOTLINE_CACHE || join(homedir(), '.cache', 'hotline'), name);

interface TracerInstall {
  readonly dir: string;
  /** The file that shows it is installed. */
  readonly probe: string;
  readonly missing: ProfilerNotFoundError;
}

const TRACERS: Record<'python' | 'node', (env: NodeJS.ProcessEnv) => TracerInstall> = {
  python(env) {
    const dir = env.HOTLINE_OTEL_PYTHON?.trim() || cacheDir(env, 'otel-python');
    const probe = join(dir, 'bin', 'opentelemetry-instrument');
    return { dir, probe, missing: new ProfilerNotFoundError('opentelemetry-instrument (Python OpenTelemetry)', PYTHON_HINT, probe) };
  },
  node(env) {
    const dir = env.HOTLINE_OTEL_NODE?.trim() || cacheDir(env, 'otel-node');
    const probe = join(dir, 'node_modules', '@opentelemetry', 'auto-instrumentations-node', 'package.json');
    return { dir, probe, missing: new ProfilerNotFoundError('@opentelemetry/auto-instrumentations-node (Node OpenTelemetry)', NODE_HINT, probe) };
  },
};

/** The folder of a runtime's OpenTelemetry install, or ProfilerNotFoundError with the setup command. */
export function otelInstall(runtime: 'python' | 'node', env: NodeJS.ProcessEnv = process.env): string {
  const t = TRACERS[runtime](env);
  if (!existsSync(t.probe)) throw t.missing;
  return t.dir;
}

/** The venv with opentelemetry-instrument, or ProfilerNotFoundError with the setup command. */
export const otelPythonVenv = (env: NodeJS.ProcessEnv = process.env) => otelInstall('python', env);

/** Throws unless the started service, now known to be `runtime`, runs under one of the two tracers. */
export function checkTracedRuntime(runtime: ServerRuntime, what: string, env: NodeJS.ProcessEnv = process.env): void {
  if (runtime !== 'python' && runtime !== 'node')
    throw new LoadRunError(`--trace instruments Python (opentelemetry-instrument) and Node (auto-instrumentations-node) services; ${what} is neither`);
  otelInstall(runtime, env);
}

/**
 * The service's argv and environment under OpenTelemetry, exporting spans to the target's Zipkin:
 * under `opentelemetry-instrument` when the Python install is there, with the Node preload when that
 * one is; ProfilerNotFoundError when neither is.
 */
export function tracedLaunch(
  argv: readonly string[],
  target: TraceTarget,
  env: NodeJS.ProcessEnv = process.env,
): { argv: string[]; env: Record<string, string> } {
  const python = TRACERS.python(env);
  const node = TRACERS.node(env);
  const hasPython = existsSync(python.probe);
  const hasNode = existsSync(node.probe);
  if (!hasPython && !hasNode)
    throw new ProfilerNotFoundError(
      'OpenTelemetry (Python or Node)',
      `${SETUP} (scripts/setup.d/71-tracing.sh and 72-tracing-python.sh)`,
      `${python.probe}, ${node.probe}`,
    );
  const bin = join(python.dir, 'bin');
  return {
    argv: hasPython ? [join(bin, 'opentelemetry-instrument'), ...argv] : [...argv],
    env: {
      ...(hasPython ? { PATH: `${bin}${delimiter}${env.PATH ?? ''}`, VIRTUAL_ENV: python.dir } : {}),
      ...(hasNode
        ? {
            NODE_OPTIONS: [env.NODE_OPTIONS, `--require ${JSON.stringify(helperPath('otel_node_preload.cjs'))}`].filter(Boolean).join(' '),
            HOTLINE_OTEL_NODE_DIR: node.dir,
            // File system, DNS and socket spans would bury the request spans.
            OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'fs,dns,net',
            // Not the cloud detectors: they would ask metadata addresses off the loopback.
            OTEL_NODE_RESOURCE_DETECTORS: 'env,host,os,process',
          }
        : {}),
      OTEL_SERVICE_NAME: target.serviceName,
      // Python's name for it; the Node preload gives Node's SDK its own ("zipkin").
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
