/**
 * Content hashes of profiled sources. A file whose text differs from what was profiled gets its
 * annotations marked as possibly stale instead of silently pointing at the wrong lines.
 */
import { createHash } from 'node:crypto';

/** sha256 of the text with line endings normalized (a checkout that turns LF into CRLF is not a change). */
export function contentHash(text: string): string {
  return createHash('sha256').update(text.replace(/\r\n?/g, '\n')).digest('hex');
}

/**
 * Only a recorded hash can say a file changed: modification times lie after a clone or checkout,
 * so a profile without hashes (opened from elsewhere) is only checked against the file's length.
 */
export type StaleReason = 'content-changed' | 'lines-beyond-end';

export interface StalenessInput {
  /** Hash recorded when the profile was taken, if the run recorded one. */
  recordedHash?: string;
  /** Text of the file as opened now. */
  currentText: string;
  /** Highest annotated 0-based line, and the document's line count. */
  maxAnnotatedLine: number;
  lineCount: number;
}

/** Why annotations may not match the file any more, or null when they fit. */
export function staleReason(input: StalenessInput): StaleReason | null {
  if (input.maxAnnotatedLine >= input.lineCount) return 'lines-beyond-end';
  if (input.recordedHash) return contentHash(input.currentText) === input.recordedHash ? null : 'content-changed';
  return null;
}

export function describeStaleReason(reason: StaleReason): string {
  switch (reason) {
    case 'content-changed':
      return 'This file changed since it was profiled (its content hash differs): annotations may point at the wrong lines. Profile again to refresh them.';
    case 'lines-beyond-end':
      return 'The profile has lines past the end of this file: it was taken from a different version. Profile again to refresh the annotations.';
  }
}
