/**
 * Event-loop blocking in a Python asyncio program, from what src/helpers/asyncio_slow_callbacks.py
 * recorded: asyncio's own debug-mode reports of callbacks slower than slow_callback_duration, each
 * attributed to the line its frame samples held most (the coroutine's own line: the call in it
 * that blocks), else to where asyncio says the coroutine was suspended next; grouped by line into
 * the same report as Node's event-loop lag. Pure: document in, report out.
 */
import { parseJson } from '../importers/importerTypes';
import { ProfileFormatError } from '../model/profile';
import type { BlockingLine, EventLoopReport } from './eventLoopLag';

const FORMAT = 'hotline-asyncio-slow';

export interface AsyncioSlowCallback {
  atMs: number;
  durationMs: number;
  /** A Task step (a coroutine) or a plain Handle (call_soon / call_later callback). */
  kind: 'Task' | 'Handle';
  /** The coroutine's or callback's name. */
  function: string;
  /** asyncio's "running at FILE:LINE": where the coroutine was suspended next (a callback: where it is defined). */
  file: string | null;
  line: number | null;
  /** The line the Task step resumed from. */
  resumedLine: number | null;
  /** The line the frame samples held most during the callback, and how many of its samples. */
  sampled: { file: string; line: number; function: string; samples: number; of: number } | null;
}

/** What asyncio_slow_callbacks.py writes. */
export interface AsyncioSlowDocument {
  format: typeof FORMAT;
  version: number;
  python?: string;
  program?: string;
  thresholdMs: number;
  sampleMs?: number;
  durationMs: number;
  endReason?: string;
  callbacks: AsyncioSlowCallback[];
}

export function parseAsyncioDocument(text: string, source?: string): AsyncioSlowDocument {
  const doc = parseJson<AsyncioSlowDocument>(text, FORMAT, source, (m) => `not JSON (${m})`);
  if (!doc || doc.format !== FORMAT || !Array.isArray(doc.callbacks)) throw new ProfileFormatError(FORMAT, `expected "format": "${FORMAT}"`, source);
  return doc;
}

export function analyseAsyncio(doc: AsyncioSlowDocument, options: { limit?: number } = {}): EventLoopReport {
  const groups = new Map<string, BlockingLine>();
  let blockedMs = 0;
  for (const c of doc.callbacks) {
    blockedMs += c.durationMs;
    const at = c.sampled
      ? { function: c.sampled.function, file: c.sampled.file, line: c.sampled.line, attributedBy: 'frame-samples' as const }
      : { function: c.function, file: c.file, line: c.line, attributedBy: 'unknown' as const };
    const resourceType = `asyncio ${c.kind}`;
    const key = `${at.file}\u0000${at.line}\u0000${at.function}`;
    const g = groups.get(key);
    if (!g) {
      groups.set(key, { ...at, count: 1, worstMs: c.durationMs, totalMs: c.durationMs, resourceType, startedBy: null });
      continue;
    }
    g.count++;
    g.totalMs += c.durationMs;
    g.worstMs = Math.max(g.worstMs, c.durationMs);
  }
  return {
    thresholdMs: doc.thresholdMs,
    durationMs: doc.durationMs,
    delay: [],
    delayMeasured: false,
    summary: { p50Ms: 0, p99Ms: 0, maxMs: 0 },
    stretchCount: doc.callbacks.length,
    blockedMs,
    blockers: [...groups.values()].sort((a, b) => b.totalMs - a.totalMs || b.worstMs - a.worstMs).slice(0, options.limit ?? 20),
    notes: [
      'asyncio reports slow callbacks (debug mode, slow_callback_duration), not the delay of every second: the delay figures are not measured for Python',
    ],
  };
}
