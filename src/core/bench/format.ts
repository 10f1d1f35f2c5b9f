// Human output of a comparison: a Markdown summary for pull requests and a plain table for terminals.
// Benchmark names come from user code and tool output: escaped for Markdown.
import { formatP, type BenchmarkComparison, type RunComparison } from './compare';
import type { BenchRun } from './model';
import { benchmarkKey } from './model';
import { FEW_SAMPLES_ADVICE, MIN_SAMPLES, statsOf, UNSTABLE_ADVICE, UNSTABLE_CV } from './statistics';

/** 1234.5 ns -> "1.23 µs". */
export function formatDuration(ns: number): string {
  if (!Number.isFinite(ns)) return '–';
  const abs = Math.abs(ns);
  const [v, unit] = abs >= 1e9 ? [ns / 1e9, 's'] : abs >= 1e6 ? [ns / 1e6, 'ms'] : abs >= 1e3 ? [ns / 1e3, 'µs'] : [ns, 'ns'];
  return `${v.toPrecision(3)} ${unit}`;
}

function escapeMarkdownCell(text: string): string {
  return text.replace(/[\\`*_{}[\]<>()#+!|~]/g, (c) => `\\${c}`).replace(/[\r\n]+/g, ' ');
}

const MARK: Record<BenchmarkComparison['verdict'], string> = {
  slower: '🔴 slower',
  faster: '🟢 faster',
  unchanged: '⚪ unchanged',
  added: '🆕 added',
  removed: '➖ removed',
};

function change(r: BenchmarkComparison): string {
  if (r.change === undefined) return '–';
  return `${r.change >= 0 ? '+' : ''}${(r.change * 100).toFixed(1)}%`;
}

function interval(r: BenchmarkComparison): string {
  return r.interval ? `×${r.interval.low.toFixed(3)}–${r.interval.high.toFixed(3)}` : '–';
}

export function comparisonMarkdown(c: RunComparison, title = 'Benchmarks'): string {
  const unchanged = c.rows.filter((r) => r.verdict === 'unchanged').length;
  const lines = [
    `### ${escapeMarkdownCell(title)}: ${c.regressions} slower, ${c.improvements} faster, ${unchanged} unchanged`,
    '',
    `Tolerance ±${(c.threshold * 100).toFixed(0)}%; a change counts only when it is also significant (Mann–Whitney U p < ${c.alpha} and the 95% bootstrap interval of the median ratio excludes 1).`,
    '',
    '| Benchmark | Baseline median | Current median | Change | 95% CI of ratio | p | CV (now) | Verdict |',
    '| --- | ---: | ---: | ---: | :---: | ---: | ---: | --- |',
  ];
  const order: Record<string, number> = { slower: 0, faster: 1, added: 2, removed: 3, unchanged: 4 };
  for (const r of [...c.rows].sort((a, b) => order[a.verdict] - order[b.verdict] || a.key.localeCompare(b.key))) {
    const cv = r.current ? `${(r.current.cv * 100).toFixed(1)}%${r.current.unstable ? ' ⚠️' : ''}` : '–';
    lines.push(
      `| ${escapeMarkdownCell(r.key)} | ${formatDuration(r.base?.median ?? NaN)} | ${formatDuration(r.current?.median ?? NaN)} | ${change(r)} | ${interval(r)} | ${r.pValue === undefined ? '–' : formatP(r.pValue)} | ${cv} | ${MARK[r.verdict]} |`,
    );
  }
  const unstable = c.rows.filter((r) => r.current?.unstable || r.base?.unstable);
  if (unstable.length) {
    lines.push(
      '',
      `⚠️ Unstable (CV > ${UNSTABLE_CV * 100}%): ${unstable.map((r) => escapeMarkdownCell(r.key)).join(', ')}. To steady them: ${UNSTABLE_ADVICE}.`,
    );
  }
  return lines.join('\n') + '\n';
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return (
    rows
      .map((r) =>
        r
          .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i])))
          .join('  ')
          .trimEnd(),
      )
      .join('\n') + '\n'
  );
}

export function comparisonText(c: RunComparison): string {
  const rows = [['benchmark', 'baseline', 'current', 'change', 'p', 'verdict']];
  for (const r of c.rows) {
    rows.push([
      r.key,
      formatDuration(r.base?.median ?? NaN),
      formatDuration(r.current?.median ?? NaN),
      change(r),
      r.pValue === undefined ? '–' : formatP(r.pValue),
      r.verdict,
    ]);
  }
  const unchanged = c.rows.filter((r) => r.verdict === 'unchanged').length;
  return table(rows) + `\n${c.regressions} slower, ${c.improvements} faster, ${unchanged} unchanged (tolerance ±${(c.threshold * 100).toFixed(0)}%)\n`;
}

/** A terminal table of one run's statistics; flags per benchmark, then each piece of advice once. */
export function runText(run: BenchRun): string {
  const rows = [['benchmark', 'n', 'median', 'p95', 'p99', 'mean', 'stddev', 'CV', 'outliers']];
  const notes: string[] = [];
  let unstable = false;
  let few = false;
  for (const b of run.benchmarks) {
    const s = statsOf(b);
    const key = benchmarkKey(b);
    rows.push([
      key,
      String(s.n),
      formatDuration(s.median),
      formatDuration(s.p95),
      formatDuration(s.p99),
      formatDuration(s.mean),
      formatDuration(s.stddev),
      `${(s.cv * 100).toFixed(1)}%${s.unstable ? '!' : ''}`,
      String(s.outliers.low + s.outliers.high),
    ]);
    const flags = [
      s.unstable ? `unstable (CV ${(s.cv * 100).toFixed(1)}% > ${UNSTABLE_CV * 100}%)` : '',
      s.tooFewSamples ? `only ${s.n} samples (< ${MIN_SAMPLES})` : '',
      ...s.advice.filter((a) => /outliers/.test(a)),
      s.fromSummary ? 'no raw samples saved (p95/p99 unknown; pytest --benchmark-json keeps them)' : '',
    ].filter(Boolean);
    if (flags.length) notes.push(`  ${key}: ${flags.join('; ')}`);
    unstable ||= s.unstable;
    few ||= s.tooFewSamples;
  }
  if (unstable) notes.push(`Unstable results: ${UNSTABLE_ADVICE}.`);
  if (few) notes.push(`Too few samples: ${FEW_SAMPLES_ADVICE}.`);
  return table(rows) + (notes.length ? '\n' + notes.join('\n') + '\n' : '');
}
