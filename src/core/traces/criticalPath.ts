/**
 * The critical path of a trace: the chain of work that determines its end-to-end latency.
 * Walking back from the root's end, the path follows the child that finished last (before the
 * cursor); time no child covers is the parent's own (self) time; then the cursor moves to that
 * child's start and the search repeats among children that started before it. Children running
 * in parallel with the chosen one are off the path. Child times are clamped to the parent's
 * interval, so clock skew or a fire-and-forget child outliving its parent cannot add time:
 * the segments always tile the root's interval exactly.
 */
import { spanEnd, type Span, type SpanTree } from './model';

/** One stretch of the critical path: `span` itself was working (not waiting on a child) from start to end. */
export interface PathSegment {
  readonly span: Span;
  readonly start: number;
  readonly end: number;
}

type Step = { readonly self: PathSegment } | { readonly span: Span; readonly from: number; readonly to: number };

export function criticalPath(tree: SpanTree): PathSegment[] {
  const out: PathSegment[] = [];
  // An explicit stack: deep traces must not overflow the call stack.
  const stack: Step[] = [{ span: tree.root, from: tree.root.start, to: spanEnd(tree.root) }];
  while (stack.length) {
    const step = stack.pop()!;
    if ('self' in step) {
      out.push(step.self);
      continue;
    }
    const { span, from } = step;
    // Latest end first (earliest start on ties): the cursor only moves back, so one pass suffices.
    const kids = [...(tree.children.get(span.id) ?? [])].sort((a, b) => spanEnd(b) - spanEnd(a) || a.start - b.start);
    let next = 0;
    let cursor = step.to;
    // Found from the end backwards; pushed in that order, they pop (and are output) start first.
    for (;;) {
      let best: Span | undefined;
      let bestEnd = cursor;
      // Children still running at the cursor: the parent waited for the one that started first.
      // Those passed over start after the chosen one, so they can never be on the path later.
      while (next < kids.length && spanEnd(kids[next]!) >= cursor) {
        const c = kids[next++]!;
        if (c.start < cursor && (!best || c.start < best.start)) best = c;
      }
      if (!best && next < kids.length) {
        best = kids[next++]!;
        bestEnd = spanEnd(best);
      }
      if (!best || bestEnd <= from) break;
      if (bestEnd < cursor) stack.push({ self: { span, start: bestEnd, end: cursor } });
      const childFrom = Math.max(best.start, from);
      stack.push({ span: best, from: childFrom, to: bestEnd });
      cursor = childFrom;
    }
    if (cursor > from) stack.push({ self: { span, start: from, end: cursor } });
  }
  return out;
}

/** Critical-path time per span label (see spanLabel), in microseconds. */
export function criticalTimeByLabel(path: readonly PathSegment[], label: (s: Span) => string): Map<string, number> {
  const out = new Map<string, number>();
  for (const seg of path) {
    const k = label(seg.span);
    out.set(k, (out.get(k) ?? 0) + (seg.end - seg.start));
  }
  return out;
}
