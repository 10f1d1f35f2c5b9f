/**
 * Folded (collapsed) stacks: one line per stack, frames root first separated by ";", then a space
 * and a count — Brendan Gregg's stackcollapse-*, inferno-collapse-*, and py-spy's `--format raw`,
 * whose frames read `name (file.py:LINE)`. Annotations like `_[k]` (kernel), `_[j]` (JIT),
 * `_[i]` (inlined) from perf collapsers are stripped and mapped to a frame kind.
 */
import { FrameKind, ownCopy, ProfileBuilder, ProfileFormatError } from '../model/profile';
import { HEAD_BYTES } from './detectHead';
import type { ImportContext, LineParser, TextImporter } from './importerTypes';

const FORMAT = 'folded';
/** Stands for samples that had no frames at all, so totals still match the profiler's count. */
export const EMPTY_STACK_FRAME = { name: '(empty stack)', file: null, line: null, kind: 'runtime' } as const;
/** `name (file:LINE)` or `name (file)`; the name itself may contain spaces and parentheses. */
const PY_FRAME = /^(.*) \(([^()]*?)(?::(\d+))?\)$/;

export const foldedImporter: TextImporter = {
  id: FORMAT,
  label: 'folded stacks (incl. py-spy raw)',
  extensions: ['.folded', '.collapsed'],
  looseExtensions: ['.txt'],
  detect: ({ json, lines, bytes: head, text }) =>
    !json &&
    (looksLikeFolded(lines) ||
      // One stack longer than the whole head (very deep stacks): frames separated by ";".
      (lines.length === 1 && head.length >= HEAD_BYTES && !head.includes(0) && text.split(';').length > 100)),
  kind: 'text',
  create(ctx: ImportContext): LineParser {
    const builder = new ProfileBuilder({ format: FORMAT, sourceFile: ctx.source });
    const weights = [0];
    let pending: ProfileFormatError | null = null;
    let samples = 0;
    let dropped = 0;
    let prevStack = '';
    let prevCount = 0;
    const prevEnds: number[] = [];
    const prevNodes: number[] = [];
    const frames = new FrameInterner((raw) => builder.frame(parseFoldedFrame(raw)));
    return {
      line(input, lineNo) {
        if (pending) throw pending;
        // Whitespace around the stack and the count (indentation, a trailing blank, a stray CR) is not data;
        // a line that is only " COUNT" is a sample with an empty stack (py-spy writes those).
        const text = input.trimEnd();
        const first = text.length - text.trimStart().length;
        if (text.length === 0 || text.charCodeAt(first) === 35 /* # */) return;
        const space = Math.max(text.lastIndexOf(' '), text.lastIndexOf('\t'));
        const count = space >= 0 ? Number(text.slice(space + 1)) : NaN;
        if (space < 0 || !Number.isFinite(count)) {
          // Kept pending: a malformed *last* line of a truncated file is dropped with a note.
          pending = new ProfileFormatError(FORMAT, 'expected "frame;frame;... COUNT"', ctx.source, `line ${lineNo}: ${preview(text)}`);
          return;
        }
        const stackText = text.slice(0, space).trim();
        // Sorted files (what stackcollapse and inferno write) repeat the previous line's prefix: its
        // frames are not looked up again. Segment k of the previous stack ended at prevEnds[k] with prevNodes[k].
        const common = commonPrefixLength(prevStack, stackText);
        let reused = 0;
        while (reused < prevCount && prevEnds[reused]! <= common && (prevEnds[reused] === stackText.length || stackText.charCodeAt(prevEnds[reused]!) === 59))
          reused++;
        let node = reused > 0 ? prevNodes[reused - 1]! : -1;
        let start = reused > 0 ? prevEnds[reused - 1]! + 1 : 0;
        let segment = reused;
        if (start <= stackText.length) {
          for (;;) {
            const semi = stackText.indexOf(';', start);
            const end = semi === -1 ? stackText.length : semi;
            if (end > start) node = builder.stack(node, frames.id(stackText, start, end));
            prevEnds[segment] = end;
            prevNodes[segment++] = node;
            if (semi === -1) break;
            start = semi + 1;
          }
        }
        prevStack = stackText;
        prevCount = segment;
        // An empty stack (py-spy writes " 8" for samples with no Python frames) keeps its weight.
        if (node === -1) node = builder.stack(-1, builder.frame(EMPTY_STACK_FRAME));
        weights[0] = count;
        if (builder.addSampleAt(node, weights)) samples++;
        else dropped++;
      },
      finish(stats) {
        if (pending) {
          if (stats.endedWithNewline || samples === 0) throw pending;
          builder.note(`the last line was cut off (truncated file) and was dropped`);
        }
        if (samples === 0) throw new ProfileFormatError(FORMAT, 'no stacks found', ctx.source);
        if (dropped > 0) builder.note(`${dropped} line(s) with a negative, huge or empty stack were dropped`);
        return builder.build();
      },
    };
  },
};

/**
 * Frame ids by the frame's text, looked up in place (text, start, end): no string is cut per frame,
 * only once per distinct frame. Open addressing over an Int32Array; the Map<string> it replaces was
 * most of the time on wide files.
 */
class FrameInterner {
  private keys: string[] = [];
  private ids: number[] = [];
  private hashes: number[] = [];
  private table = new Int32Array(1 << 12).fill(-1);

  constructor(private readonly create: (raw: string) => number) {}

  id(text: string, start: number, end: number): number {
    let h = 0x811c9dc5;
    for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    const mask = this.table.length - 1;
    const len = end - start;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const k = this.table[slot]!;
      // The key is kept: a string of its own, not a view into the line (see ownCopy).
      if (k === -1) return this.add(ownCopy(text.slice(start, end)), h, slot);
      if (this.hashes[k] === h && this.keys[k]!.length === len && text.startsWith(this.keys[k]!, start)) return this.ids[k]!;
    }
  }

  private add(raw: string, hash: number, slot: number): number {
    const k = this.keys.length;
    const id = this.create(raw);
    this.keys.push(raw);
    this.ids.push(id);
    this.hashes.push(hash);
    this.table[slot] = k;
    if (this.keys.length * 2 > this.table.length) this.grow();
    return id;
  }

  private grow(): void {
    const table = new Int32Array(this.table.length * 2).fill(-1);
    const mask = table.length - 1;
    for (let k = 0; k < this.keys.length; k++) {
      let slot = this.hashes[k]! & mask;
      while (table[slot] !== -1) slot = (slot + 1) & mask;
      table[slot] = k;
    }
    this.table = table;
  }
}

function commonPrefixLength(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

function parseFoldedFrame(raw: string): { name: string; file: string | null; line: number | null; kind?: FrameKind } {
  let name = raw;
  let kind: FrameKind | undefined;
  if (name.length > 4 && name.charCodeAt(name.length - 1) === 93 /* ] */ && name.charCodeAt(name.length - 4) === 95 /* _ */) {
    const tag = name.slice(-3);
    if (tag === '[k]') kind = 'native';
    else if (tag === '[j]' || tag === '[i]' || tag === '[w]') kind = undefined;
    else return { name, file: null, line: null };
    name = name.slice(0, -4);
  }
  if (name.charCodeAt(name.length - 1) === 41 /* ) */) {
    const m = PY_FRAME.exec(name);
    if (m && m[2]!.length > 0) return { name: m[1]!, file: m[2]!, line: m[3] ? Number(m[3]) : null, kind };
  }
  return { name, file: null, line: null, kind };
}

export function preview(text: string): string {
  const s = text.length > 80 ? `${text.slice(0, 80)}…` : text;
  return JSON.stringify(s);
}

/** The first stack line and at least half of the first 50 look like "frames COUNT". */
function looksLikeFolded(lines: string[]): boolean {
  let good = 0;
  let bad = 0;
  const n = Math.min(lines.length - 1, 50);
  for (let i = 0; i < Math.max(n, 1); i++) {
    const l = lines[i]!.trimEnd();
    if (l === '' || l.trimStart().startsWith('#')) continue;
    if (/(?:\S|^)[ \t]+-?\d+(?:\.\d+)?(?:e[+-]?\d+)?$/.test(l)) good++;
    else if (good === 0) return false;
    else bad++;
  }
  return good > 0 && bad <= good;
}
