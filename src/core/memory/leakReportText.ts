/** The leak finder's result as plain text for the terminal and the editor's output. */
import { formatBytes } from './memorySeries';
import { LeakReport, LeakSite } from './leakReport';

/** `heading` replaces the first lines (the operation and heap totals), e.g. for a page's clicks. */
export function formatLeakReport(r: LeakReport, options: { limit?: number; heading?: string[] } = {}): string {
  const limit = options.limit ?? 8;
  const out: string[] = [];
  const second = r.secondRoundBytesPerRun !== undefined ? `, then ${formatBytes(r.secondRoundBytesPerRun)} per run in a second round` : '';
  const verdict = r.grew
    ? `memory grew by ${formatBytes(r.bytesPerRun)} per run${second}: a leak`
    : `no steady growth (${formatBytes(r.bytesPerRun)} per run${second})`;
  if (options.heading) {
    out.push(...options.heading);
  } else if (r.wholeProgram) {
    const w = r.wholeProgram;
    const verdictWhole = r.grew ? 'objects the program allocated grew in every interval: a leak' : 'nothing the program allocated grew in every interval';
    out.push(
      `the whole program, ${w.snapshots.length} ${r.language === 'python' ? 'tracemalloc' : 'heap'} snapshots ${(w.intervalMs / 1000).toFixed(1)} s apart: ${verdictWhole}`,
    );
    out.push(`  heap ${w.snapshots.map((s) => formatBytes(s.bytes)).join(' -> ')} (${signed(r.bytesPerRun)} per interval)`);
  } else {
    out.push(`${r.call}() run ${r.runs} times after ${r.warmup} warm-up run(s): ${verdict}`);
    out.push(`  heap ${formatBytes(r.bytesBefore)} -> ${formatBytes(r.bytesAfter)}${r.opNsPerRun ? `; ${(r.opNsPerRun / 1e6).toFixed(3)} ms per run` : ''}`);
  }
  if (r.patterns.length) {
    out.push('', 'Likely leak patterns:');
    for (const p of r.patterns) {
      out.push(`  ${p.title}: ${p.evidence}`);
      out.push(`    fix: ${p.advice}`);
    }
  }
  if (r.kinds.length) {
    out.push('', 'Object kinds that grew (count, bytes):');
    for (const k of r.kinds.slice(0, limit)) {
      const retained = k.retainedDelta !== undefined ? `, retained ${signed(k.retainedDelta)}` : '';
      out.push(
        `  +${k.countDelta} ${k.name}  (${k.counts ? k.counts.join(' -> ') : `${k.countBefore} -> ${k.countAfter}`}; self ${signed(k.sizeDelta)}${retained})`,
      );
      const site = k.allocatedAt?.[0];
      if (site) out.push(`      allocated at ${where(site)}`);
      else if (k.definedAt) out.push(`      defined at ${k.definedAt.file}:${k.definedAt.line}`);
      if (k.retainerPath?.length) out.push(`      held by ${k.retainerPath.map((s) => s.text).join(' -> ')}`);
    }
  }
  if (r.containers?.length) {
    out.push('', 'Module-level containers that grew (entries):');
    for (const c of r.containers.slice(0, limit)) out.push(`  ${c.name} (${c.type}): ${c.lenBefore} -> ${c.lenAfter}`);
  }
  if (r.sites.length) {
    out.push('', 'Allocation sites that grew:');
    for (const s of r.sites.slice(0, limit)) {
      out.push(`  ${signed(s.sizeDelta)} in ${s.countDelta >= 0 ? '+' : ''}${s.countDelta} object(s)  ${where(s)}`);
    }
  }
  if (r.warnings.length) out.push('', 'Warnings while running:', ...r.warnings.map((w) => `  ${w}`));
  if (r.notes.length) out.push('', ...r.notes.map((n) => `note: ${n}`));
  return out.join('\n');
}

function where(s: LeakSite): string {
  const loc = s.file ? `${s.file}:${s.line ?? '?'}` : '(unknown file)';
  return `${s.function} ${loc}${s.lineIsFunctionStart ? ' (function start)' : ''}`;
}

/** Bytes with their sign, for growth figures. */
export function signed(bytes: number): string {
  return `${bytes >= 0 ? '+' : ''}${formatBytes(bytes)}`;
}
