/**
 * Jaeger's JSON export (the UI's "Download JSON" and GET /api/traces): {data: [{traceID, spans, processes}]}.
 * Times are microseconds; the parent is the first CHILD_OF reference (else FOLLOWS_FROM).
 */
import type { Span } from '../model';
import { isObject, requireNumber, requireString, TraceFormatError, type TraceImporter } from './types';

function tagMap(list: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(list)) for (const t of list) if (isObject(t) && typeof t.key === 'string') out[t.key] = String(t.value);
  return out;
}

function parentOf(refs: unknown): string | undefined {
  if (!Array.isArray(refs)) return undefined;
  const objs = refs.filter(isObject);
  const ref = objs.find((r) => r.refType === 'CHILD_OF') ?? objs.find((r) => r.refType === 'FOLLOWS_FROM');
  return ref && typeof ref.spanID === 'string' ? ref.spanID : undefined;
}

export const jaegerImporter: TraceImporter = {
  id: 'jaeger',
  label: 'Jaeger JSON',
  detect: (doc) => isObject(doc) && Array.isArray(doc.data) && (doc.data.length === 0 || (isObject(doc.data[0]) && 'spans' in doc.data[0])),
  read(doc) {
    if (!isObject(doc) || !Array.isArray(doc.data)) throw new TraceFormatError('a Jaeger export is {"data": [traces]}');
    const spans: Span[] = [];
    doc.data.forEach((trace, i) => {
      if (!isObject(trace) || !Array.isArray(trace.spans)) throw new TraceFormatError(`data[${i}] has no spans array`);
      const processes = isObject(trace.processes) ? trace.processes : {};
      trace.spans.forEach((raw: unknown, j: number) => {
        const at = `data[${i}] span ${j}`;
        if (!isObject(raw)) throw new TraceFormatError(`${at} is not an object`);
        const proc =
          typeof raw.processID === 'string' && isObject(processes[raw.processID])
            ? (processes[raw.processID] as Record<string, unknown>)
            : isObject(raw.process)
              ? raw.process
              : {};
        const tags = tagMap(raw.tags);
        const parentId = parentOf(raw.references) ?? (typeof raw.parentSpanID === 'string' && raw.parentSpanID ? raw.parentSpanID : undefined);
        const kind = tags['span.kind']?.toUpperCase();
        spans.push({
          traceId: requireString(raw.traceID ?? trace.traceID, `${at}.traceID`),
          id: requireString(raw.spanID, `${at}.spanID`),
          ...(parentId !== undefined ? { parentId } : {}),
          name: typeof raw.operationName === 'string' ? raw.operationName : '',
          service: typeof proc.serviceName === 'string' ? proc.serviceName : 'unknown',
          ...(kind !== undefined ? { kind } : {}),
          start: requireNumber(raw.startTime, `${at}.startTime`),
          duration: requireNumber(raw.duration, `${at}.duration`),
          tags,
        });
      });
    });
    return spans;
  },
};
