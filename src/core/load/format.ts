/** Text and JSON summaries of a load result (the samples stay out: `--save` keeps them). */
import type { LoadComparison } from './compare';
import type { LoadResult, RequestFigures } from './result';

/** Milliseconds as the text and the panel show them: whole ms as is, else two decimals; null is n/a. */
export const formatMs = (v: number | null) => (v === null ? 'n/a' : `${Number.isInteger(v) ? v : v.toFixed(2)} ms`);

const ms = formatMs;

/** The per-request table of a mix: one row per request, columns aligned. */
function perRequestText(rows: readonly RequestFigures[]): string[] {
  const head = ['request', 'responses', 'p50', 'p90', 'p95', 'p99', 'max', 'errors', 'timeouts', 'non-2xx'];
  const cells = rows.map((q) => [
    q.request,
    String(q.count),
    ...(['p50', 'p90', 'p95', 'p99', 'max'] as const).map((p) => (q.latency ? ms(q.latency[p]) : 'n/a')),
    String(q.errors),
    String(q.timeouts),
    String(q.non2xx),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: readonly string[]) => `  ${c.map((v, i) => (i === 0 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join('  ')}`.trimEnd();
  return ['per request (2xx latency)', line(head), ...cells.map(line)];
}

export function loadResultText(r: LoadResult): string {
  const l = r.latency;
  const lines = [
    `${r.url}: ${r.connections} connection${r.connections === 1 ? '' : 's'}, ${r.durationS.toFixed(1)} s, ${r.requests} responses (${r.requestsPerSecond.toFixed(1)} req/s, ${(r.bytesPerSecond / 1024).toFixed(1)} KiB/s)`,
    `latency${r.perRequest ? ' (whole mix)' : ''}  p50 ${ms(l.p50)}  p90 ${ms(l.p90)}  p95 ${ms(l.p95)}  p99 ${ms(l.p99)}  max ${ms(l.max)}  (mean ${ms(l.mean)}, min ${ms(l.min)})`,
    `errors ${r.errors}  timeouts ${r.timeouts}  non-2xx ${r.non2xx}` +
      (Object.keys(r.statusCodes).length
        ? `  status ${Object.entries(r.statusCodes)
            .map(([c, n]) => `${c}×${n}`)
            .join(' ')}`
        : '') +
      (Object.keys(r.errorMessages).length
        ? `  (${Object.entries(r.errorMessages)
            .map(([c, n]) => `${c}×${n}`)
            .join(', ')})`
        : ''),
  ];
  if (r.perRequest) lines.push(...perRequestText(r.perRequest));
  if (r.histogram && r.histogram.length) {
    const peak = Math.max(...r.histogram.map((b) => b.count));
    lines.push('histogram');
    for (const b of r.histogram)
      lines.push(`  ${`${b.fromMs}–${b.toMs} ms`.padStart(14)} ${String(b.count).padStart(7)} ${'#'.repeat(Math.round((b.count / peak) * 40))}`);
  }
  if (r.overTime && r.overTime.length) {
    lines.push('over time (second: responses, p50, p95, max)');
    for (const s of r.overTime) lines.push(`  ${String(s.second).padStart(4)}: ${String(s.requests).padStart(7)}  ${ms(s.p50)}  ${ms(s.p95)}  ${ms(s.max)}`);
  }
  return lines.join('\n') + '\n';
}

export function loadResultJson(r: LoadResult, extra: { profile?: string | null; comparison?: LoadComparison | null } = {}) {
  const { latencies: _samples, ...summary } = r;
  return { ...summary, profile: extra.profile ?? null, comparison: extra.comparison ?? null };
}
