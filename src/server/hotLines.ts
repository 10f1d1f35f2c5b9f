import type { HotLine, HotLinesForFile } from './protocol';
import type { Finding, Severity } from './rule';

const RAISE: Record<Severity, Severity> = { hint: 'info', info: 'warning', warning: 'error', error: 'error' };

/** Canonical form of a file URI so `file:///a%20b` and `file:///a b` meet. */
export function uriKey(uri: string): string {
  try {
    return decodeURIComponent(uri).replace(/^file:\/\/\/([A-Za-z]):/, (_m, d: string) => `file:///${d.toLowerCase()}:`);
  } catch {
    return uri;
  }
}

export interface HotMatch {
  line: HotLine;
}

/** The hot lines of the active profile, per file. */
export class HotLineIndex {
  private files = new Map<string, { uri: string; byLine: Map<number, HotLine> }>();

  replace(params: readonly HotLinesForFile[]): string[] {
    const changed = new Set([...this.files.values()].map((f) => f.uri));
    this.files = new Map();
    for (const file of params ?? []) {
      if (typeof file?.uri !== 'string' || !Array.isArray(file.lines)) continue;
      const byLine = new Map<number, HotLine>();
      for (const l of file.lines) {
        if (!Number.isInteger(l?.line) || l.line < 1) continue;
        const share = Number.isFinite(l.share) ? Math.min(Math.max(l.share, 0), 1) : 0;
        byLine.set(l.line, { line: l.line, self: Number(l.self) || 0, total: Number(l.total) || 0, share });
      }
      this.files.set(uriKey(file.uri), { uri: file.uri, byLine });
      changed.add(file.uri);
    }
    return [...changed];
  }

  /** Files that have hot lines, as the client named them. */
  uris(): string[] {
    return [...this.files.values()].map((f) => f.uri);
  }

  /** The hottest line among the 0-based rows a finding spans. */
  hottest(uri: string, startRow: number, endRow: number): HotLine | null {
    const file = this.files.get(uriKey(uri));
    if (!file) return null;
    let best: HotLine | null = null;
    for (let row = startRow; row <= endRow; row++) {
      const l = file.byLine.get(row + 1);
      if (l && (!best || l.share > best.share)) best = l;
    }
    return best;
  }
}

export function percent(share: number): string {
  const p = share * 100;
  return p >= 10 || p === 0 ? `${Math.round(p)}%` : `${p.toFixed(1).replace(/\.0$/, '')}%`;
}

const STRENGTH: Record<Severity, number> = { hint: 0, info: 1, warning: 2, error: 3 };

/**
 * A finding as shown with the profile. On a line the active profile says is hot (share ≥ threshold)
 * it is at least a warning — a hint or info becomes a warning, a warning an error — so a
 * low-confidence finding the profile confirms is no longer quiet. Elsewhere it keeps its severity
 * (a low-confidence finding stays a hint); any share is appended to the message.
 */
export function withHeat(f: Finding, hot: HotLine | null, threshold: number): { severity: Severity; message: string } {
  if (!hot || hot.share <= 0) return { severity: f.severity, message: f.message };
  const message = `${f.message} — ${percent(hot.share)} of samples are on this line`;
  if (hot.share < threshold) return { severity: f.severity, message };
  const raised = RAISE[f.severity];
  return { severity: STRENGTH[raised] < STRENGTH.warning ? 'warning' : raised, message };
}
