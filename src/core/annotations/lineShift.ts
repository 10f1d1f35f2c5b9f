/**
 * Keeps annotations on their lines while the user edits: lines inserted or deleted above an
 * annotated line move it; an annotated line that is deleted loses its annotation.
 * Changes use VS Code's shape (0-based positions, replaced range + new text) without importing it.
 */

export interface LineChange {
  readonly startLine: number;
  readonly startCharacter: number;
  readonly endLine: number;
  readonly endCharacter: number;
  readonly text: string;
}

function countNewlines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Where a line's content is after the change; -1 when the line was deleted or merged away. */
export function shiftLine(line: number, change: LineChange): number {
  if (line < 0) return line;
  const { startLine, endLine } = change;
  const inserted = countNewlines(change.text);
  if (line < startLine) return line;
  if (line > endLine) return line + inserted - (endLine - startLine);
  const pureInsert = startLine === endLine && change.startCharacter === change.endCharacter;
  if (line === startLine) {
    if (change.startCharacter !== 0) return line; // edited within the line, or text appended after it
    if (pureInsert) return line + inserted; // text typed or pasted at column 0 pushes the line down
    // Replacement starting at column 0: the line survives only if the range ends on it.
    if (endLine === startLine) return line;
    return -1;
  }
  if (line === endLine) {
    // Range ends at column 0 of this line: its content is intact, now after the inserted text.
    return change.endCharacter === 0 ? startLine + inserted : -1;
  }
  return -1; // strictly inside the replaced range
}

/** Applies changes in order (as VS Code's contentChanges are applied) to every tracked line, in place. */
export function shiftLines(lines: Int32Array, changes: readonly LineChange[]): void {
  for (const change of changes) {
    for (let i = 0; i < lines.length; i++) lines[i] = shiftLine(lines[i]!, change);
  }
}
