/** Terminal and JSON output of `hotline page`: metrics (median and spread), findings, the budget's checks. */
import { formatBytes, formatDurationNs } from '../annotations/weightFormat';
import type { BudgetCheck, BudgetResult } from './budget';
import { bundlesText, type PageBundles } from './bundleView';
import type { LhciAssertionResult, LhciAssertResult } from './lhciAssert';
import { frameWhere, LONG_TASK_MS, type LongTask } from './longTasks';
import type { FindingItem, PageFinding } from './lhr';
import type { MetricSummary, PageRuns } from './runs';

const ms = (v: number) => formatDurationNs(v * 1e6);
const metricValue = (unit: MetricSummary['unit'], v: number) => (unit === 'unitless' ? v.toFixed(3) : ms(v));
const score = (s: number | null) => (s === null ? '–' : String(Math.round(s * 100)));

function itemText(f: PageFinding, i: FindingItem): string {
  const parts = [i.url];
  if (f.id === 'long-tasks') parts.push(`${ms(i.durationMs ?? 0)} task at ${ms(i.startTimeMs ?? 0)}`);
  else if (f.id === 'bootup-time') parts.push(`${ms(i.durationMs ?? 0)} CPU, ${ms(i.scriptingMs ?? 0)} evaluating`);
  else {
    if (i.totalBytes !== undefined) parts.push(formatBytes(i.totalBytes));
    if (i.wastedBytes !== undefined) parts.push(`${formatBytes(i.wastedBytes)} unused`);
    if (i.wastedMs !== undefined) parts.push(`blocks ${ms(i.wastedMs)}`);
  }
  const sources = i.sources
    .filter((s) => s.wastedBytes > 0)
    .map((s) => `\n        ${s.source}: ${formatBytes(s.wastedBytes)} of ${formatBytes(s.bytes)} unused`);
  return `    ${parts.join('  ')}${sources.join('')}`;
}

function checkText(c: BudgetCheck): string {
  const fmt = (v: number) =>
    c.kind === 'size' ? formatBytes(v) : c.kind === 'count' ? `${v} requests` : c.name === 'cumulative-layout-shift' ? v.toFixed(3) : ms(v);
  const what = c.kind === 'timing' ? c.name : `${c.name} ${c.kind === 'size' ? 'size' : 'count'}`;
  return `  ${c.over ? 'OVER' : 'ok  '}  ${what.padEnd(28)} ${fmt(c.actual).padStart(12)} ${c.over ? '>' : '≤'} ${fmt(c.budget)}`;
}

function assertionText(r: LhciAssertionResult): string {
  const mark = r.passed ? 'ok  ' : r.level === 'error' ? 'FAIL' : 'warn';
  const actual = Number.isNaN(r.actual) ? 'no value' : String(Number(r.actual.toFixed(4)));
  return `  ${mark}  ${r.key.padEnd(34)} ${r.name.padEnd(16)} ${actual.padStart(12)}, expected ${r.operator} ${r.expected}${r.message ? ` (${r.message})` : ''}`;
}

/** Lighthouse CI assertions: failures first (errors, then warnings), then the ones that passed. */
export function lhciAssertText(a: LhciAssertResult): string[] {
  const rank = (r: LhciAssertionResult) => (r.passed ? 2 : r.level === 'error' ? 0 : 1);
  const passed = a.results.filter((r) => r.passed).length;
  return [
    `Lighthouse CI assertions: ${a.errors} failed, ${a.warnings} warning${a.warnings === 1 ? '' : 's'}, ${passed} passed`,
    ...[...a.results].sort((x, y) => rank(x) - rank(y)).map(assertionText),
  ];
}

/** The page CPU profile's long tasks, each with its top frames. */
export function longTasksText(tasks: readonly LongTask[]): string[] {
  if (tasks.length === 0) return [`No main-thread task over ${LONG_TASK_MS} ms during the recorded load`];
  return [
    `Long main-thread tasks (over ${LONG_TASK_MS} ms) during the recorded load: ${tasks.length}`,
    ...tasks.flatMap((t) => [
      `  ${ms(t.durationMs)} task at ${ms(t.startMs)}`,
      ...t.frames.map((f) => `    ${ms(f.selfMs).padStart(9)}  ${f.name}${frameWhere(f) ? `  ${frameWhere(f)}` : ''}`),
    ]),
  ];
}

/** What `hotline page` adds after the metrics: Lighthouse CI assertions, the CPU profile's long tasks, the bundles' composition. */
export interface PageExtras {
  readonly assertions?: LhciAssertResult;
  readonly longTasks?: readonly LongTask[];
  readonly bundles?: PageBundles;
}

export function pageText(page: PageRuns, budget?: BudgetResult, extras: PageExtras = {}): string {
  const { assertions, longTasks, bundles } = extras;
  const run = page.medianRun;
  const lines = [
    `${run.url}  (Lighthouse ${run.lighthouseVersion}, ${run.throttlingMethod} throttling, ${page.runs.length} run${page.runs.length === 1 ? '' : 's'}, performance score ${score(run.performanceScore)})`,
    '',
    `  ${'metric'.padEnd(30)} ${'median'.padStart(10)} ${'spread'.padStart(22)}  score`,
    ...page.metrics.map(
      (m) =>
        `  ${`${m.short.padEnd(4)} ${m.label}`.padEnd(30)} ${metricValue(m.unit, m.median).padStart(10)} ${(page.runs.length > 1 ? `${metricValue(m.unit, m.min)} – ${metricValue(m.unit, m.max)}` : '').padStart(22)}  ${score(m.score).padStart(5)}`,
    ),
  ];
  const lcp = run.waterfall.lcp.element;
  if (lcp) lines.push('', `  LCP element: ${lcp.selector} ${lcp.snippet}`);
  for (const f of run.findings) {
    if (f.items.length === 0) continue;
    lines.push('', `  ${f.title}${f.displayValue ? ` — ${f.displayValue}` : ''}`, ...f.items.slice(0, 8).map((i) => itemText(f, i)));
  }
  if (bundles) lines.push('', ...bundlesText(bundles));
  if (run.auditErrors.length) lines.push('', `  Lighthouse audits that failed: ${run.auditErrors.map((e) => `${e.id} (${e.message})`).join('; ')}`);
  if (budget) lines.push('', `Budget for ${budget.path}: ${budget.exceeded} of ${budget.checks.length} exceeded`, ...budget.checks.map(checkText));
  if (assertions) lines.push('', ...lhciAssertText(assertions));
  if (longTasks) lines.push('', ...longTasksText(longTasks));
  return lines.join('\n') + '\n';
}

export function pageJson(page: PageRuns, budget?: BudgetResult, { assertions, longTasks, bundles }: PageExtras = {}) {
  const run = page.medianRun;
  return {
    url: run.url,
    lighthouseVersion: run.lighthouseVersion,
    runs: page.runs.length,
    metrics: page.metrics,
    resources: page.resources,
    findings: run.findings,
    waterfall: run.waterfall,
    auditErrors: run.auditErrors,
    budget: budget ?? null,
    ...(assertions ? { assertions } : {}),
    ...(longTasks ? { longTasks } : {}),
    ...(bundles ? { bundles } : {}),
  };
}
