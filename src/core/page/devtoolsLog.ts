/**
 * Request and response headers and the connection phases (DNS, connect, TLS, send, waiting) of each
 * request, from the DevTools protocol log Lighthouse saves beside its result (`--save-assets`:
 * *.devtoolslog.json). Headers come from the ExtraInfo events when Chromium sent them (what went over
 * the wire), else from the request and response themselves; phases from the response's `timing`
 * (ms after its requestTime; -1 when a phase did not happen, e.g. DNS on a reused connection).
 */

export type Headers = readonly (readonly [string, string])[];

export interface ConnectionPhases {
  readonly dnsMs?: number;
  /** TCP connect, TLS included (as Chromium measures it). */
  readonly connectMs?: number;
  readonly tlsMs?: number;
  readonly sendMs: number;
  /** Sent → first byte of the response headers (TTFB). */
  readonly waitingMs: number;
  readonly connectionReused: boolean;
}

export interface RequestDetail {
  readonly requestHeaders: Headers;
  readonly responseHeaders: Headers;
  readonly phases?: ConnectionPhases;
}

interface LogEntry {
  readonly method?: string;
  readonly params?: Record<string, unknown>;
}

interface Timing {
  readonly [k: string]: number | undefined;
}

const headerList = (h: unknown): Headers =>
  h && typeof h === 'object' ? Object.entries(h as Record<string, unknown>).map(([k, v]) => [k, String(v)] as const) : [];

const span = (t: Timing, start: string, end: string): number | undefined => {
  const a = t[start];
  const b = t[end];
  return typeof a === 'number' && typeof b === 'number' && a >= 0 && b >= a ? b - a : undefined;
};

function phasesOf(t: Timing, reused: boolean): ConnectionPhases {
  const sendEnd = t.sendEnd ?? 0;
  const firstByte = (t.receiveHeadersStart ?? 0) > 0 ? t.receiveHeadersStart! : (t.receiveHeadersEnd ?? sendEnd);
  return {
    dnsMs: span(t, 'dnsStart', 'dnsEnd'),
    connectMs: span(t, 'connectStart', 'connectEnd'),
    tlsMs: span(t, 'sslStart', 'sslEnd'),
    sendMs: span(t, 'sendStart', 'sendEnd') ?? 0,
    waitingMs: Math.max(0, firstByte - sendEnd),
    connectionReused: reused,
  };
}

/** Each request of the log by URL, in the order the page sent them. */
export function requestDetails(log: unknown): Map<string, RequestDetail[]> {
  const entries = (Array.isArray(log) ? log : []) as LogEntry[];
  const byId = new Map<
    string,
    { url: string; request: Headers; response: Headers; extraRequest?: Headers; extraResponse?: Headers; phases?: ConnectionPhases }
  >();
  for (const e of entries) {
    const p = e.params ?? {};
    const id = typeof p.requestId === 'string' ? p.requestId : undefined;
    if (!id) continue;
    // ExtraInfo events may come before the request itself.
    const got = byId.get(id) ?? { url: '', request: [], response: [] };
    byId.set(id, got);
    if (e.method === 'Network.requestWillBeSent') {
      const req = p.request as { url?: string; headers?: unknown } | undefined;
      // A redirect reuses the id: the request that finally answers is the one kept.
      got.url = String(req?.url ?? '');
      got.request = headerList(req?.headers);
    } else if (e.method === 'Network.requestWillBeSentExtraInfo') got.extraRequest = headerList(p.headers);
    else if (e.method === 'Network.responseReceivedExtraInfo') got.extraResponse = headerList(p.headers);
    else if (e.method === 'Network.responseReceived') {
      const res = p.response as { headers?: unknown; timing?: Timing; connectionReused?: boolean } | undefined;
      got.response = headerList(res?.headers);
      if (res?.timing) got.phases = phasesOf(res.timing, res.connectionReused === true);
    }
  }
  const out = new Map<string, RequestDetail[]>();
  for (const r of byId.values()) {
    if (!r.url) continue;
    const detail: RequestDetail = {
      requestHeaders: r.extraRequest?.length ? r.extraRequest : r.request,
      responseHeaders: r.extraResponse?.length ? r.extraResponse : r.response,
      ...(r.phases ? { phases: r.phases } : {}),
    };
    out.set(r.url, [...(out.get(r.url) ?? []), detail]);
  }
  return out;
}
