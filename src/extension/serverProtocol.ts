/**
 * The custom messages between the extension and the anti-pattern server, as TEAM.md fixes them.
 * Mirrors src/server/protocol.ts (owned by the server helper) so the client does not depend on
 * server code being present at build time.
 */

/** Client → server notification: the active profile's hot lines per file (0-based lines). An empty list clears. */
export const SET_HOT_LINES_NOTIFICATION = 'hotline/setHotLines';
export type HotLinesParams = { uri: string; lines: { line: number; self: number; total: number; share: number }[] }[];

/** Client → server request: anti-patterns on hot lines, hottest first. */
export const HOT_ANTI_PATTERNS_REQUEST = 'hotline/hotAntiPatterns';
export interface HotAntiPattern {
  uri: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  rule: string;
  message: string;
  /** Share of the profile's samples on the line, 0..1. */
  share: number;
  samples?: number;
}
