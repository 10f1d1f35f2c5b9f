/**
 * Zipkin's HTTP API, the only way Hotline talks to Zipkin (local or production, whatever its
 * storage): GET /api/v2/traces, POST /api/v2/spans, GET /health.
 */
import { parseTraceText, type ImportedTraces } from '../../core/traces/importers/index';

/** Zipkin did not answer at the URL, or answered with an error; the message says what to do. */
export class ZipkinUnreachableError extends Error {
  override readonly name = 'ZipkinUnreachableError';
  constructor(
    readonly url: string,
    detail: string,
  ) {
    super(
      `Zipkin is not reachable at ${url}: ${detail}. Is Zipkin running there? A local one: java -jar zipkin-server-3.5.1-exec.jar (fetched by scripts/setup.d/71-tracing.sh); or give the URL of a running one.`,
    );
  }
}

export interface ZipkinConnection {
  /** Base URL, e.g. http://127.0.0.1:9411 (no /api). */
  readonly url: string;
  /** Extra request headers, e.g. an Authorization header for a Zipkin behind a proxy. */
  readonly headers?: Readonly<Record<string, string>>;
}

export interface TraceQuery {
  readonly serviceName?: string;
  readonly spanName?: string;
  /** Zipkin's default is 10; at most this many traces come back. */
  readonly limit?: number;
  /** How far back from now (or endTs) to look, in milliseconds. */
  readonly lookbackMs?: number;
  readonly endTs?: number;
  readonly minDurationMicros?: number;
}

async function request(conn: ZipkinConnection, path: string, init: RequestInit = {}): Promise<Response> {
  const url = new URL(path, conn.url.endsWith('/') ? conn.url : `${conn.url}/`).toString();
  let res: Response;
  try {
    res = await fetch(url, {
      ...init,
      headers: { ...conn.headers, ...(init.headers as Record<string, string> | undefined) },
      signal: init.signal ?? AbortSignal.timeout(30_000),
    });
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    throw new ZipkinUnreachableError(conn.url, cause?.code ?? cause?.message ?? (e as Error).message);
  }
  if (!res.ok)
    throw new ZipkinUnreachableError(conn.url, `${init.method ?? 'GET'} ${path} answered ${res.status} ${res.statusText}: ${(await res.text()).slice(0, 300)}`);
  return res;
}

/** True when GET /health says UP. */
export async function zipkinHealthy(conn: ZipkinConnection, signal?: AbortSignal): Promise<boolean> {
  try {
    const res = await request(conn, 'health', signal ? { signal } : {});
    const body = (await res.json()) as { status?: string };
    return body.status === 'UP';
  } catch {
    return false;
  }
}

function tracesPath(q: TraceQuery): string {
  const p = new URLSearchParams();
  if (q.serviceName) p.set('serviceName', q.serviceName);
  if (q.spanName) p.set('spanName', q.spanName);
  if (q.limit !== undefined) p.set('limit', String(q.limit));
  if (q.lookbackMs !== undefined) p.set('lookback', String(q.lookbackMs));
  if (q.endTs !== undefined) p.set('endTs', String(q.endTs));
  if (q.minDurationMicros !== undefined) p.set('minDuration', String(q.minDurationMicros));
  const qs = p.toString();
  return `api/v2/traces${qs ? `?${qs}` : ''}`;
}

/** The traces Zipkin holds for the query, read by the Zipkin v2 importer. */
export async function fetchTraces(conn: ZipkinConnection, q: TraceQuery = {}): Promise<ImportedTraces & { readonly text: string }> {
  const text = await (await request(conn, tracesPath(q))).text();
  return { ...parseTraceText(text, 'zipkin'), text };
}

/** The service names Zipkin has spans of (GET /api/v2/services), sorted. */
export async function fetchServices(conn: ZipkinConnection): Promise<string[]> {
  const body = (await (await request(conn, 'api/v2/services')).json()) as unknown;
  if (!Array.isArray(body) || !body.every((s) => typeof s === 'string'))
    throw new ZipkinUnreachableError(conn.url, 'GET api/v2/services did not answer with a list of service names');
  return [...body].sort();
}

/** Sends spans in Zipkin v2 JSON (an array of span objects) to POST /api/v2/spans. */
export async function postSpans(conn: ZipkinConnection, spansJson: string): Promise<void> {
  await request(conn, 'api/v2/spans', { method: 'POST', body: spansJson, headers: { 'content-type': 'application/json' } });
}
