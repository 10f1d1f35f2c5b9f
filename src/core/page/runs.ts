/** Several Lighthouse runs of one page: the median of each metric with its spread, and the median run. */
import { median } from '../bench/statistics';
import { RESOURCE_TYPES, type MetricId, type PageAudit, type ResourceTotal } from './lhr';

export interface MetricSummary {
  readonly id: MetricId;
  readonly short: string;
  readonly label: string;
  readonly unit: 'millisecond' | 'unitless';
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /** Median of Lighthouse's scores over the runs. */
  readonly score: number | null;
}

export interface PageRuns {
  readonly runs: readonly PageAudit[];
  readonly metrics: readonly MetricSummary[];
  /** Per-type request counts and bytes, median over the runs. */
  readonly resources: readonly ResourceTotal[];
  /** The run closest to the median FCP and TTI (how Lighthouse CI picks its median run): its findings and waterfall are shown. */
  readonly medianRun: PageAudit;
}

const valueOf = (a: PageAudit, id: MetricId) => a.metrics.find((m) => m.id === id)!.value;

export function summarizeRuns(runs: readonly PageAudit[]): PageRuns {
  if (runs.length === 0) throw new RangeError('no Lighthouse runs to summarize');
  const metrics = runs[0]!.metrics.map((m): MetricSummary => {
    const values = runs.map((r) => valueOf(r, m.id));
    const scores = runs.map((r) => r.metrics.find((x) => x.id === m.id)!.score).filter((s): s is number => s !== null);
    return {
      id: m.id,
      short: m.short,
      label: m.label,
      unit: m.unit,
      median: median(values),
      min: Math.min(...values),
      max: Math.max(...values),
      score: scores.length ? median(scores) : null,
    };
  });
  const resources = RESOURCE_TYPES.flatMap((t) => {
    const of = runs.map((r) => r.resources.find((x) => x.resourceType === t)).filter((x): x is ResourceTotal => !!x);
    return of.length ? [{ resourceType: t, requestCount: median(of.map((x) => x.requestCount)), transferSize: median(of.map((x) => x.transferSize)) }] : [];
  });
  const fcp = median(runs.map((r) => valueOf(r, 'first-contentful-paint')));
  const tti = median(runs.map((r) => valueOf(r, 'interactive')));
  const distance = (r: PageAudit) => Math.hypot((valueOf(r, 'first-contentful-paint') - fcp) / (fcp || 1), (valueOf(r, 'interactive') - tti) / (tti || 1));
  const medianRun = [...runs].sort((a, b) => distance(a) - distance(b))[0]!;
  return { runs, metrics, resources, medianRun };
}
