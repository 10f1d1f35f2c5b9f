import type { Span } from '../model';

/** One trace file format: detect() looks at the parsed JSON document, read() returns its spans. */
export interface TraceImporter {
  readonly id: string;
  readonly label: string;
  detect(doc: unknown): boolean;
  read(doc: unknown): Span[];
}

/** The file is not a trace in the format it claims (or any format); the message says what is wrong. */
export class TraceFormatError extends Error {
  override readonly name = 'TraceFormatError';
}

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function requireString(v: unknown, what: string): string {
  if (typeof v === 'string' && v) return v;
  if (typeof v === 'number') return String(v);
  throw new TraceFormatError(`${what} is missing or not a string`);
}

export function requireNumber(v: unknown, what: string): number {
  const n = typeof v === 'string' && v.trim() ? Number(v) : v;
  if (typeof n === 'number' && Number.isFinite(n)) return n;
  throw new TraceFormatError(`${what} is missing or not a number`);
}
