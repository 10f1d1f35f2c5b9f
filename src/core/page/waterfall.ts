/**
 * The network waterfall of one page load, from Lighthouse's own audits: network-requests (every
 * request's times, sizes, type, priority), critical-request-chains (the chain the first paint waits
 * on, with response times that split a request into waiting and download), render-blocking-resources,
 * and the LCP moment and element. Times are milliseconds from the navigation's first request.
 */
import type { RequestDetail } from './devtoolsLog';
import type { Lhr, LhrDetails } from './lhr';

export type PhaseName = 'queueing' | 'waiting' | 'download' | 'network';

export interface RequestPhase {
  /** queueing: found by the renderer → sent; waiting: sent → first byte; download: first byte → done. */
  readonly name: PhaseName;
  readonly startMs: number;
  readonly endMs: number;
}

export interface PageRequest {
  readonly url: string;
  readonly resourceType: string;
  readonly mimeType: string;
  readonly priority: string;
  readonly protocol: string;
  readonly statusCode: number;
  readonly transferSize: number;
  readonly resourceSize: number;
  /** When the renderer asked for it. */
  readonly startMs: number;
  readonly endMs: number;
  /** Queueing, then waiting and download when the critical chain records the first byte; else one network phase. */
  readonly phases: readonly RequestPhase[];
  readonly renderBlocking: boolean;
  readonly onCriticalChain: boolean;
  readonly entity: string;
  readonly finished: boolean;
  /** Headers and DNS/connect/TLS/send/waiting phases, when Lighthouse's devtools log was read. */
  readonly detail?: RequestDetail;
}

export interface Waterfall {
  readonly requests: readonly PageRequest[];
  readonly endMs: number;
  readonly lcp: { readonly timeMs: number; readonly element?: { readonly selector: string; readonly snippet: string; readonly label: string } };
  readonly fcpMs: number;
  /** Lighthouse's longest critical chain. */
  readonly criticalChain: { readonly durationMs: number; readonly length: number; readonly transferSize: number };
}

interface ChainRequest {
  url: string;
  startTime: number;
  endTime: number;
  responseReceivedTime?: number;
}
interface ChainNode {
  request?: ChainRequest;
  children?: Record<string, ChainNode>;
}

function chainRequests(details: LhrDetails | undefined): ChainRequest[] {
  const out: ChainRequest[] = [];
  const walk = (nodes: Record<string, ChainNode> | undefined) => {
    for (const node of Object.values(nodes ?? {})) {
      if (node.request && typeof node.request.url === 'string') out.push(node.request);
      walk(node.children);
    }
  };
  walk(details?.chains as Record<string, ChainNode> | undefined);
  return out;
}

function lcpElement(details: LhrDetails | undefined): Waterfall['lcp']['element'] {
  // largest-contentful-paint-element: a list whose first table holds the element node.
  const tables = (details?.items ?? []) as { items?: { node?: { selector?: string; snippet?: string; nodeLabel?: string } }[] }[];
  const node = tables.find((t) => t.items?.[0]?.node)?.items?.[0]?.node;
  return node ? { selector: node.selector ?? '', snippet: node.snippet ?? '', label: node.nodeLabel ?? '' } : undefined;
}

const n = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** `details`: each URL's requests from the devtools log (requestDetails), handed out in order. */
export function buildWaterfall(lhr: Lhr, details?: ReadonlyMap<string, readonly RequestDetail[]>): Waterfall {
  const used = new Map<string, number>();
  const detailOf = (url: string) => {
    const i = used.get(url) ?? 0;
    used.set(url, i + 1);
    return details?.get(url)?.[i];
  };
  const net = lhr.audits['network-requests']?.details;
  const originUs = n(net?.debugData?.networkStartTimeTs);
  // Chain times are monotonic seconds; network-requests' are ms after networkStartTimeTs (µs).
  const chain = chainRequests(lhr.audits['critical-request-chains']?.details).map((c) => ({
    url: c.url,
    startMs: c.startTime * 1000 - originUs / 1000,
    firstByteMs: c.responseReceivedTime === undefined ? undefined : c.responseReceivedTime * 1000 - originUs / 1000,
  }));
  const blocking = new Set((lhr.audits['render-blocking-resources']?.details?.items ?? []).map((i) => String(i.url)));
  const requests = (net?.items ?? []).map((i): PageRequest => {
    const url = String(i.url);
    const detail = detailOf(url);
    const startMs = n(i.rendererStartTime);
    const sentMs = n(i.networkRequestTime);
    const endMs = n(i.networkEndTime);
    const link = originUs ? chain.filter((c) => c.url === url).sort((a, b) => Math.abs(a.startMs - sentMs) - Math.abs(b.startMs - sentMs))[0] : undefined;
    const onChain = !!link && Math.abs(link.startMs - sentMs) < 1;
    const firstByte = onChain ? link.firstByteMs : undefined;
    const phases: RequestPhase[] = [{ name: 'queueing', startMs, endMs: sentMs }];
    if (firstByte !== undefined && firstByte >= sentMs && firstByte <= endMs) {
      phases.push({ name: 'waiting', startMs: sentMs, endMs: firstByte }, { name: 'download', startMs: firstByte, endMs });
    } else {
      phases.push({ name: 'network', startMs: sentMs, endMs });
    }
    return {
      url,
      resourceType: String(i.resourceType ?? 'Other'),
      mimeType: String(i.mimeType ?? ''),
      priority: String(i.priority ?? ''),
      protocol: String(i.protocol ?? ''),
      statusCode: n(i.statusCode),
      transferSize: n(i.transferSize),
      resourceSize: n(i.resourceSize),
      startMs,
      endMs,
      phases,
      renderBlocking: blocking.has(url),
      onCriticalChain: onChain,
      entity: String(i.entity ?? ''),
      finished: i.finished === true,
      ...(detail ? { detail } : {}),
    };
  });
  const longest = lhr.audits['critical-request-chains']?.details?.longestChain;
  return {
    requests,
    endMs: Math.max(0, ...requests.map((r) => r.endMs)),
    lcp: { timeMs: n(lhr.audits['largest-contentful-paint']?.numericValue), element: lcpElement(lhr.audits['largest-contentful-paint-element']?.details) },
    fcpMs: n(lhr.audits['first-contentful-paint']?.numericValue),
    criticalChain: { durationMs: n(longest?.duration), length: n(longest?.length), transferSize: n(longest?.transferSize) },
  };
}
