/**
 * The span model every trace format is read into. Times are microseconds since the Unix epoch
 * (Zipkin's and Jaeger's unit; OTLP's nanoseconds are divided by 1000), kept as numbers.
 */
export interface Span {
  readonly traceId: string;
  readonly id: string;
  /** The parent span's id; undefined for a root. */
  readonly parentId?: string;
  /** The operation name as the tracer wrote it (e.g. "GET", "get", "SELECT orders"). */
  readonly name: string;
  /** The service (process) that recorded the span. */
  readonly service: string;
  /** SERVER, CLIENT, PRODUCER, CONSUMER, INTERNAL (upper case), when the format says. */
  readonly kind?: string;
  readonly start: number;
  readonly duration: number;
  readonly tags: Readonly<Record<string, string>>;
}

export interface Trace {
  readonly traceId: string;
  readonly spans: readonly Span[];
}

export const spanEnd = (s: Span): number => s.start + s.duration;

/** An HTTP span's name: its method alone, or the method and the route ("GET /users/:id"). */
const HTTP_NAME = /^(get|head|post|put|delete|patch|options|connect|trace)(?: (\/.*))?$/i;

/**
 * What a span is called in reports: "service name", where an HTTP span named by its method (alone,
 * OpenTelemetry's name for a server without routes, or with the route) reads "METHOD route-or-path",
 * the route from the span's tags first (Zipkin lower-cases span names: Flask's "GET /slow" comes back "get /slow").
 */
export function spanLabel(s: Span): string {
  let name = s.name;
  const http = HTTP_NAME.exec(name);
  if (http) {
    const t = s.tags;
    const path = t['http.route'] ?? http[2] ?? t['url.path'] ?? t['http.target'] ?? pathOf(t['url.full'] ?? t['http.url']);
    name = path ? `${http[1]!.toUpperCase()} ${path}` : http[1]!.toUpperCase();
  }
  return `${s.service} ${name}`;
}

function pathOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).pathname;
  } catch {
    return undefined;
  }
}

/** A trace's spans linked parent → children (children sorted by start). */
export interface SpanTree {
  readonly trace: Trace;
  readonly root: Span;
  readonly children: ReadonlyMap<string, readonly Span[]>;
  readonly byId: ReadonlyMap<string, Span>;
}

/**
 * Links a trace's spans. The root is the span without a parent (the earliest if several); spans
 * whose parent is missing from the trace (a partial trace) hang under the root. Null when empty.
 */
export function buildSpanTree(trace: Trace): SpanTree | null {
  if (trace.spans.length === 0) return null;
  const byId = new Map(trace.spans.map((s) => [s.id, s]));
  const roots = trace.spans.filter((s) => s.parentId === undefined || !byId.has(s.parentId));
  const parentless = roots.filter((s) => s.parentId === undefined);
  const pool = parentless.length ? parentless : roots.length ? roots : trace.spans;
  const root = pool.reduce((a, b) => (b.start < a.start ? b : a));
  const children = new Map<string, Span[]>();
  for (const s of trace.spans) {
    if (s === root) continue;
    const parent = s.parentId !== undefined && byId.has(s.parentId) && s.parentId !== s.id ? s.parentId : root.id;
    let list = children.get(parent);
    if (!list) children.set(parent, (list = []));
    list.push(s);
  }
  for (const list of children.values()) list.sort((a, b) => a.start - b.start);
  return { trace, root, children, byId };
}

/** Groups spans (from any number of traces, in any order) into traces by trace id. */
export function groupByTrace(spans: Iterable<Span>): Trace[] {
  const byId = new Map<string, Span[]>();
  for (const s of spans) {
    let list = byId.get(s.traceId);
    if (!list) byId.set(s.traceId, (list = []));
    list.push(s);
  }
  return [...byId].map(([traceId, list]) => ({ traceId, spans: list }));
}
