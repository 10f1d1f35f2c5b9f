/**
 * A load test's result from autocannon: either Hotline's runner file (src/helpers/autocannon_runner.cjs:
 * autocannon's own result plus every response's time and latency) or the bare object `autocannon --json`
 * prints. From samples come p95, a latency histogram and latency over time; autocannon's HDR histogram
 * records whole milliseconds of 2xx responses, so the percentiles here are nearest-rank over the same
 * whole milliseconds and agree with autocannon's own p50/p90/p99/max. A mix's runner file says which
 * request each response answered, so each request ("GET /cpu") also has its own figures.
 */

export class LoadResultError extends Error {
  override readonly name = 'LoadResultError';
}

export interface LatencyFigures {
  /** Milliseconds; null where the input does not say (p95 is not in autocannon's JSON). */
  readonly min: number;
  readonly mean: number;
  readonly p50: number;
  readonly p90: number;
  readonly p95: number | null;
  readonly p99: number;
  readonly max: number;
}

export interface HistogramBucket {
  /** [fromMs, toMs) */
  readonly fromMs: number;
  readonly toMs: number;
  readonly count: number;
}

export interface LatencySecond {
  /** Seconds since the load started (0 = the first second). */
  readonly second: number;
  readonly requests: number;
  readonly p50: number;
  readonly p95: number;
  readonly max: number;
}

/** One response: when it arrived (ms after the load started), its latency (ms), HTTP status and, in a mix, the index of its request. */
export type ResponseSample = readonly [tMs: number, latencyMs: number, status: number, request?: number];

/** One request of a mix ("GET /cpu"): its responses, failures and the latency of its 2xx responses. */
export interface RequestFigures {
  /** "METHOD path", as autocannon sent it. */
  readonly request: string;
  readonly method: string;
  readonly path: string;
  /** Responses received (any status). */
  readonly count: number;
  /** Connection errors and timeouts while this request was the one on the connection. */
  readonly errors: number;
  readonly timeouts: number;
  readonly non2xx: number;
  /** Of the 2xx responses, whole ms as for the whole mix; null when none was 2xx. */
  readonly latency: LatencyFigures | null;
}

export interface LoadResult {
  readonly url: string;
  readonly connections: number;
  readonly durationS: number;
  /** Responses received (any status). */
  readonly requests: number;
  /** Mean responses per second (autocannon's requests.average). */
  readonly requestsPerSecond: number;
  readonly bytesPerSecond: number;
  /** Latency of 2xx responses. */
  readonly latency: LatencyFigures;
  readonly errors: number;
  readonly timeouts: number;
  readonly non2xx: number;
  readonly statusCodes: Readonly<Record<string, number>>;
  /** Connection errors by code (ECONNREFUSED, ECONNRESET...), from the runner. */
  readonly errorMessages: Readonly<Record<string, number>>;
  /** 2xx latencies in whole ms, sorted; empty for a bare autocannon JSON. */
  readonly latencies: readonly number[];
  readonly histogram: readonly HistogramBucket[] | null;
  readonly overTime: readonly LatencySecond[] | null;
  /** A mix (several requests): each request's own figures, in the order of the mix; null for one request or a bare autocannon JSON. */
  readonly perRequest: readonly RequestFigures[] | null;
  readonly autocannonVersion: string | null;
}

interface AutocannonStats {
  average: number;
  min: number;
  max: number;
  p50: number;
  p90: number;
  p99: number;
  totalCount?: number;
  total?: number;
}

interface AutocannonResult {
  url: string | string[];
  connections: number;
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodeStats?: Record<string, { count: number }>;
  latency: AutocannonStats;
  requests: AutocannonStats & { sent?: number };
  throughput: AutocannonStats;
}

interface RunnerFile {
  tool: 'hotline-autocannon';
  autocannonVersion?: string;
  /** The options autocannon ran with (the mix's `requests`, the load's `method`). */
  options?: { method?: string; requests?: { method?: string; path?: string }[] };
  result: AutocannonResult;
  errorMessages?: Record<string, number>;
  samples: ResponseSample[];
  /** Per request of a mix (version 2): errors (timeouts included) and timeouts. */
  requestErrors?: number[];
  requestTimeouts?: number[];
}

/** The nearest-rank percentile (HDR histograms' getValueAtPercentile) of sorted values. */
export function nearestRank(sorted: readonly number[], percent: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((percent / 100) * sorted.length) - 1))]!;
}

const isOk = (status: number) => status >= 200 && status < 300;

function isAutocannonResult(x: unknown): x is AutocannonResult {
  const r = x as AutocannonResult;
  return !!r && typeof r === 'object' && typeof r.latency?.p50 === 'number' && typeof r.requests?.average === 'number' && typeof r.connections === 'number';
}

/** Bucket edges that read well: 1, 2, 5 × 10^k ms. */
function niceWidth(rangeMs: number, buckets: number): number {
  const raw = Math.max(1, rangeMs / buckets);
  const pow = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * pow).find((w) => w >= raw)!;
}

export function latencyHistogram(sorted: readonly number[], buckets = 20): HistogramBucket[] {
  if (sorted.length === 0) return [];
  const width = niceWidth(sorted[sorted.length - 1]! - sorted[0]! + 1, buckets);
  const start = Math.floor(sorted[0]! / width) * width;
  const out: HistogramBucket[] = [];
  for (const v of sorted) {
    const i = Math.floor((v - start) / width);
    while (out.length <= i) out.push({ fromMs: start + out.length * width, toMs: start + (out.length + 1) * width, count: 0 });
    (out[i] as { count: number }).count++;
  }
  return out;
}

export function latencyOverTime(samples: readonly ResponseSample[]): LatencySecond[] {
  const bySecond = new Map<number, number[]>();
  for (const [t, ms, status] of samples) {
    if (!isOk(status)) continue;
    const s = Math.floor(t / 1000);
    let list = bySecond.get(s);
    if (!list) bySecond.set(s, (list = []));
    list.push(Math.floor(ms));
  }
  return [...bySecond.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([second, list]) => {
      list.sort((a, b) => a - b);
      return { second, requests: list.length, p50: nearestRank(list, 50), p95: nearestRank(list, 95), max: list[list.length - 1]! };
    });
}

/** p50…max of sorted whole-ms latencies (nearest rank, as autocannon's HDR histogram). */
function figures(latencies: readonly number[]): LatencyFigures {
  return {
    min: latencies[0]!,
    mean: latencies.reduce((a, b) => a + b, 0) / latencies.length,
    p50: nearestRank(latencies, 50),
    p90: nearestRank(latencies, 90),
    p95: nearestRank(latencies, 95),
    p99: nearestRank(latencies, 99),
    max: latencies[latencies.length - 1]!,
  };
}

const okLatencies = (samples: readonly ResponseSample[]) =>
  samples
    .filter((s) => isOk(s[2]))
    .map((s) => Math.floor(s[1]))
    .sort((a, b) => a - b);

/** Each request's figures of a mix run (samples carry the request's index), in the mix's order. */
function perRequest(runner: RunnerFile): RequestFigures[] | null {
  const requests = runner.options?.requests;
  if (!Array.isArray(requests) || requests.length < 2) return null;
  const byRequest: ResponseSample[][] = requests.map(() => []);
  for (const s of runner.samples) {
    const i = s[3];
    if (typeof i !== 'number' || !byRequest[i]) throw new LoadResultError('not a load result: a response of the mix names no request of it');
    byRequest[i]!.push(s);
  }
  return requests.map((r, i) => {
    const samples = byRequest[i]!;
    const method = (r.method ?? runner.options?.method ?? 'GET').toUpperCase();
    const path = r.path ?? '/';
    const ok = okLatencies(samples);
    return {
      request: `${method} ${path}`,
      method,
      path,
      count: samples.length,
      errors: runner.requestErrors?.[i] ?? 0,
      timeouts: runner.requestTimeouts?.[i] ?? 0,
      non2xx: samples.length - ok.length,
      latency: ok.length ? figures(ok) : null,
    };
  });
}

function statusCodes(r: AutocannonResult): Record<string, number> {
  return Object.fromEntries(Object.entries(r.statusCodeStats ?? {}).map(([code, s]) => [code, s.count]));
}

function fromAutocannon(
  r: AutocannonResult,
  extra: { samples?: readonly ResponseSample[]; version?: string; errorMessages?: Record<string, number>; perRequest?: RequestFigures[] | null },
): LoadResult {
  const samples = extra.samples;
  const latencies = samples ? okLatencies(samples) : [];
  const l = r.latency;
  const fromSamples = latencies.length > 0;
  return {
    url: Array.isArray(r.url) ? r.url.join(' ') : r.url,
    connections: r.connections,
    durationS: r.duration,
    requests: samples ? samples.length : (r.requests.total ?? 0),
    requestsPerSecond: r.requests.average,
    bytesPerSecond: r.throughput.average,
    latency: fromSamples ? figures(latencies) : { min: l.min, mean: l.average, p50: l.p50, p90: l.p90, p95: null, p99: l.p99, max: l.max },
    errors: r.errors,
    timeouts: r.timeouts,
    non2xx: r.non2xx,
    statusCodes: statusCodes(r),
    errorMessages: extra.errorMessages ?? {},
    latencies,
    histogram: samples ? latencyHistogram(latencies) : null,
    overTime: samples ? latencyOverTime(samples) : null,
    perRequest: extra.perRequest ?? null,
    autocannonVersion: extra.version ?? null,
  };
}

/** Reads Hotline's runner file or a bare `autocannon --json` result. */
export function parseLoadResult(text: string): LoadResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new LoadResultError(`not a load result: the file is not JSON (${(err as Error).message})`);
  }
  const runner = json as RunnerFile;
  if (runner && runner.tool === 'hotline-autocannon') {
    if (!isAutocannonResult(runner.result) || !Array.isArray(runner.samples))
      throw new LoadResultError('not a load result: the Hotline runner file has no autocannon result or samples');
    return fromAutocannon(runner.result, {
      samples: runner.samples,
      version: runner.autocannonVersion,
      errorMessages: runner.errorMessages,
      perRequest: perRequest(runner),
    });
  }
  if (isAutocannonResult(json)) return fromAutocannon(json, {});
  throw new LoadResultError('not a load result: expected the JSON of `autocannon --json` or of `hotline load --save`');
}
