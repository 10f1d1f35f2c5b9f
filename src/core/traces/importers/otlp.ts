/**
 * OTLP/JSON traces: an ExportTraceServiceRequest ({resourceSpans: [{resource, scopeSpans: [{spans}]}]}),
 * or one per line as the OpenTelemetry Collector's file exporter writes them. Ids are hex strings,
 * times are nanoseconds (strings or numbers); the service is the resource's service.name.
 */
import type { Span } from '../model';
import { isObject, requireString, TraceFormatError, type TraceImporter } from './types';

const KINDS = ['UNSPECIFIED', 'INTERNAL', 'SERVER', 'CLIENT', 'PRODUCER', 'CONSUMER'];

function anyValue(v: unknown): string {
  if (!isObject(v)) return '';
  if ('stringValue' in v) return String(v.stringValue);
  if ('intValue' in v) return String(v.intValue);
  if ('doubleValue' in v) return String(v.doubleValue);
  if ('boolValue' in v) return String(v.boolValue);
  if (isObject(v.arrayValue) && Array.isArray(v.arrayValue.values)) return v.arrayValue.values.map(anyValue).join(',');
  return JSON.stringify(v);
}

function attributes(list: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(list)) for (const a of list) if (isObject(a) && typeof a.key === 'string') out[a.key] = anyValue(a.value);
  return out;
}

/** Nanoseconds since the epoch (a decimal string or a number), exactly, as a bigint. */
function nanos(v: unknown, what: string): bigint {
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return BigInt(v);
  if (typeof v === 'string' && /^\d+$/.test(v)) return BigInt(v);
  throw new TraceFormatError(`${what} is missing or not a nanosecond timestamp`);
}

// A double holds epoch microseconds to 0.25 µs only: durations come from the exact nanosecond difference.
const micros = (ns: bigint): number => Number(ns / 1000n) + Number(ns % 1000n) / 1000;

function kindOf(k: unknown): string | undefined {
  if (typeof k === 'number') return KINDS[k] && k > 0 ? KINDS[k] : undefined;
  if (typeof k === 'string') return k.replace(/^SPAN_KIND_/, '');
  return undefined;
}

function readRequest(doc: unknown, where: string, spans: Span[]): void {
  if (!isObject(doc) || !Array.isArray(doc.resourceSpans)) throw new TraceFormatError(`${where} has no resourceSpans array`);
  doc.resourceSpans.forEach((rs, i) => {
    if (!isObject(rs)) throw new TraceFormatError(`${where} resourceSpans[${i}] is not an object`);
    const resource = attributes(isObject(rs.resource) ? rs.resource.attributes : undefined);
    const service = resource['service.name'] ?? 'unknown';
    const scopes = Array.isArray(rs.scopeSpans) ? rs.scopeSpans : Array.isArray(rs.instrumentationLibrarySpans) ? rs.instrumentationLibrarySpans : [];
    for (const scope of scopes) {
      if (!isObject(scope) || !Array.isArray(scope.spans)) continue;
      scope.spans.forEach((raw: unknown, j: number) => {
        const at = `${where} resourceSpans[${i}] span ${j}`;
        if (!isObject(raw)) throw new TraceFormatError(`${at} is not an object`);
        const start = nanos(raw.startTimeUnixNano, `${at}.startTimeUnixNano`);
        const end = nanos(raw.endTimeUnixNano, `${at}.endTimeUnixNano`);
        const kind = kindOf(raw.kind);
        const parentId = typeof raw.parentSpanId === 'string' && raw.parentSpanId ? raw.parentSpanId : undefined;
        spans.push({
          traceId: requireString(raw.traceId, `${at}.traceId`),
          id: requireString(raw.spanId, `${at}.spanId`),
          ...(parentId !== undefined ? { parentId } : {}),
          name: typeof raw.name === 'string' ? raw.name : '',
          service,
          ...(kind !== undefined ? { kind } : {}),
          start: micros(start),
          duration: end > start ? micros(end - start) : 0,
          tags: { ...resource, ...attributes(raw.attributes) },
        });
      });
    }
  });
}

export const otlpImporter: TraceImporter = {
  id: 'otlp',
  label: 'OTLP/JSON traces',
  detect: (doc) => isObject(doc) && Array.isArray(doc.resourceSpans),
  read(doc) {
    const spans: Span[] = [];
    // A JSON Lines file arrives as an array of requests (see parseTraceText).
    if (Array.isArray(doc)) doc.forEach((d, i) => readRequest(d, `line ${i + 1}`, spans));
    else readRequest(doc, 'the document', spans);
    return spans;
  },
};
