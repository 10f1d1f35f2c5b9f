import type { Span, Trace } from '../../../src/core/traces/model';

/** A hand-checkable trace: [id, parentId | '', start, end] per span, times in microseconds. */
export function handTrace(rows: readonly (readonly [string, string, number, number])[], name = (id: string) => id): Trace {
  const spans: Span[] = rows.map(([id, parentId, start, end]) => ({
    traceId: 't',
    id,
    ...(parentId ? { parentId } : {}),
    name: name(id),
    service: 'svc',
    start,
    duration: end - start,
    tags: {},
  }));
  return { traceId: 't', spans };
}
