/**
 * Zipkin v2 JSON: what GET /api/v2/traces returns (an array of traces, each an array of spans) and
 * what POST /api/v2/spans or GET /api/v2/trace/{id} carry (one flat array of spans).
 * A span shared by client and server (B3 "shared": true, one id for both) becomes the client's child.
 */
import type { Span } from '../model';
import { isObject, requireNumber, requireString, TraceFormatError, type TraceImporter } from './types';

function readSpan(raw: unknown, where: string): Span {
  if (!isObject(raw)) throw new TraceFormatError(`${where} is not a span object`);
  const id = requireString(raw.id, `${where}.id`);
  const local = isObject(raw.localEndpoint) ? raw.localEndpoint : {};
  const tags: Record<string, string> = {};
  if (isObject(raw.tags)) for (const [k, v] of Object.entries(raw.tags)) tags[k] = String(v);
  const shared = raw.shared === true;
  const parentId = shared ? id : typeof raw.parentId === 'string' ? raw.parentId : undefined;
  return {
    traceId: requireString(raw.traceId, `${where}.traceId`),
    id: shared ? `${id}:shared` : id,
    ...(parentId !== undefined ? { parentId } : {}),
    name: typeof raw.name === 'string' ? raw.name : '',
    service: typeof local.serviceName === 'string' ? local.serviceName : 'unknown',
    ...(typeof raw.kind === 'string' ? { kind: raw.kind.toUpperCase() } : {}),
    start: requireNumber(raw.timestamp, `${where}.timestamp`),
    duration: raw.duration === undefined ? 0 : requireNumber(raw.duration, `${where}.duration`),
    tags,
  };
}

export const zipkinImporter: TraceImporter = {
  id: 'zipkin',
  label: 'Zipkin v2 JSON',
  detect: (doc) => Array.isArray(doc) && (doc.length === 0 || Array.isArray(doc[0]) || (isObject(doc[0]) && 'traceId' in doc[0] && !('spanID' in doc[0]))),
  read(doc) {
    if (!Array.isArray(doc)) throw new TraceFormatError('a Zipkin v2 document is a JSON array of traces or of spans');
    const spans: Span[] = [];
    doc.forEach((item, i) => {
      if (Array.isArray(item)) item.forEach((raw, j) => spans.push(readSpan(raw, `trace ${i} span ${j}`)));
      else spans.push(readSpan(item, `span ${i}`));
    });
    return spans;
  },
};
