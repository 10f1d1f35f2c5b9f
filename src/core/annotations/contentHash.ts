/**
 * Content hashes of profiled sources. A file whose text differs from what was profiled gets its
 * annotations marked as possibly stale instead of silently pointing at the wrong lines.
 */
import { createHash } from 'node:crypto';

/** sha256 of the text with line endings normalized (a checkout that turns LF into CRLF is not a change). */
export function contentHash(text: string): string {
  return createHash('sha256').update(text.replace(/\r\n?/g, '\n')).digest('hex');
}

export type StaleReason = 'content-changed' | 'modified-after-profile' | 'lines-beyond-end';

export interface StalenessInput {
  /** Hash recorded when the profile was taken, if the run recorded one. */
  recordedHash?: string;
  /** Text of the file as opened now. */
  currentText: string;
  /** File modification time and profile capture time (ms since epoch), used when no hash was recorded. */
  fileModifiedMs?: number;
  capturedAtMs?: number;
  /** Highest annotated 0-based line, and the document's line count. */
  maxAnnotatedLine: number;
  lineCount: number;
}

/** Why annotations may not match the file any more, or null when they fit. */
export function staleReason(input: StalenessInput): StaleReason | null {
  if (input.maxAnnotatedLine >= input.lineCount) return 'lines-beyond-end';
  if (input.recordedHash) return contentHash(input.currentText) === input.recordedHash ? null : 'content-changed';
  if (input.fileModifiedMs !== undefined && input.capturedAtMs !== undefined && Number.isFinite(input.capturedAtMs)) {
    // Two seconds of slack: file systems round mtimes, and the profile is written after the run.
    return input.fileModifiedMs > input.capturedAtMs + 2000 ? 'modified-after-profile' : null;
  }
  return null;
}

export function describeStaleReason(reason: StaleReason): string {
  switch (reason) {
    case 'content-changed':
      return 'This file changed since it was profiled (its content hash differs): annotations may point at the wrong lines. Profile again to refresh them.';
    case 'modified-after-profile':
      return 'This file was modified after the profile was taken: annotations may point at the wrong lines. Profile again to refresh them.';
    case 'lines-beyond-end':
      return 'The profile has lines past the end of this file: it was taken from a different version. Profile again to refresh the annotations.';
  }
}
