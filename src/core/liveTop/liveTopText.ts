/**
 * The live top as text: the status line the panel and `hotline top` both show, and the table
 * `hotline top` prints every second (self %, total %, function, where), hottest first.
 */
import type { LiveTopView } from '../webviewProtocol';

const pct = (share: number) => `${(share * 100).toFixed(1)}%`;

/** "pid 42 python3 worker.py · py-spy … · last 5 s: 412 samples (4.1 s sampled, 5 windows)". */
export function liveTopStatus(view: LiveTopView): string {
  const head = `${view.target} · ${view.sampler}`;
  const span = `last ${view.spanSeconds} s: ${view.samples} samples (${view.coveredSeconds.toFixed(1)} s sampled, ${view.windows} window${view.windows === 1 ? '' : 's'})`;
  return [head, view.windows === 0 ? 'waiting for the first window…' : span, view.ended ?? ''].filter(Boolean).join(' · ');
}

/** "file.py:12" for a row, or "" when the profiler gave no file. */
export function rowLocation(file: string | null, line: number | null): string {
  return file ? `${file}${line ? `:${line}` : ''}` : '';
}

export function formatLiveTop(view: LiveTopView, opts: { limit?: number } = {}): string {
  const rows = view.rows.slice(0, opts.limit ?? 15);
  const lines = [liveTopStatus(view), '', '  %self  %total  function'];
  for (const r of rows) {
    const where = rowLocation(r.file, r.line);
    lines.push(`${pct(r.selfShare).padStart(7)} ${pct(r.totalShare).padStart(7)}  ${r.name}${where ? `  ${where}` : ''}`);
  }
  if (rows.length === 0) lines.push('  (no samples yet: the process is idle or the first window is still running)');
  return lines.join('\n');
}
