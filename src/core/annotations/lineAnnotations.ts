/**
 * Per-line annotations of one source file: heat level for the gutter (from self weight), inline text
 * (from total weight, like line_profiler's per-line time that includes calls made on the line),
 * shares of the profile total. Pure and allocation-light: a 10,000-line file is a few milliseconds.
 */
import { formatShare, formatWeight, type WeightDisplay } from './weightFormat';

/** One line's weights as core's `fileLineStats` reports them (1-based line). */
export interface LineWeight {
  readonly line: number;
  readonly self: number;
  readonly total: number;
}

export type HeatLevel = 0 | 1 | 2 | 3 | 4 | 5;
export const HEAT_LEVELS = 5;

export interface LineAnnotation {
  /** 0-based editor line. */
  readonly line: number;
  readonly self: number;
  readonly total: number;
  /** Shares of the whole profile's weight, 0..1. */
  readonly selfShare: number;
  readonly totalShare: number;
  /** Gutter heat from self weight relative to the profile's hottest line; 0 = no self time. */
  readonly heat: HeatLevel;
  /** `● 1,234 samples · 12.3%`. */
  readonly text: string;
}

export interface AnnotateOptions {
  /** Total weight of the profile (the denominator of every share). */
  profileTotal: number;
  /** Largest self weight of any line in the profile: the top of the heat scale. */
  hottestSelf: number;
  /** Lines whose total share is under this percentage are left out. */
  thresholdPercent: number;
  display: WeightDisplay;
}

/**
 * Heat on a square-root scale of self / hottest self, so a line with a quarter of the hottest line's
 * time is still clearly warm (level 3) while a 1% line is faint (level 1).
 */
export function heatLevel(self: number, hottestSelf: number): HeatLevel {
  if (!(self > 0) || !(hottestSelf > 0)) return 0;
  const level = Math.ceil(Math.sqrt(Math.min(1, self / hottestSelf)) * HEAT_LEVELS);
  return Math.max(1, Math.min(HEAT_LEVELS, level)) as HeatLevel;
}

/** Largest self weight among all lines of all files. */
export function hottestLineSelf(files: Iterable<readonly LineWeight[]>): number {
  let max = 0;
  for (const lines of files) for (const l of lines) if (l.self > max) max = l.self;
  return max;
}

function inlineText(total: number, totalShare: number, display: WeightDisplay): string {
  const amount = formatWeight(total, display);
  return amount === null ? `● ${formatShare(totalShare)}` : `● ${amount} · ${formatShare(totalShare)}`;
}

/** Annotations for the lines of one file, sorted by line; lines under the threshold are left out. */
export function annotateLines(stats: readonly LineWeight[], options: AnnotateOptions): LineAnnotation[] {
  const total = options.profileTotal > 0 ? options.profileTotal : 0;
  const minTotal = total * (Math.max(0, options.thresholdPercent) / 100);
  // Merge repeated entries of a line (two recorded spellings of one file) before deciding anything.
  const byLine = new Map<number, { self: number; total: number }>();
  let sorted = true;
  let prev = -Infinity;
  for (const s of stats) {
    if (!Number.isInteger(s.line) || s.line < 1) continue;
    if (s.line < prev) sorted = false;
    prev = s.line;
    const seen = byLine.get(s.line);
    if (seen) {
      seen.self += s.self;
      seen.total += s.total;
    } else {
      byLine.set(s.line, { self: s.self, total: s.total });
    }
  }
  const lines = sorted ? [...byLine.keys()] : [...byLine.keys()].sort((a, b) => a - b);
  const out: LineAnnotation[] = [];
  for (const line of lines) {
    const w = byLine.get(line)!;
    if (total === 0 || w.total < minTotal || !(w.total > 0)) continue;
    const totalShare = w.total / total;
    out.push({
      line: line - 1,
      self: w.self,
      total: w.total,
      selfShare: w.self / total,
      totalShare,
      heat: heatLevel(w.self, options.hottestSelf),
      text: inlineText(w.total, totalShare, options.display),
    });
  }
  return out;
}
