/**
 * Reads a Lighthouse result (LHR JSON, Lighthouse 12) into Hotline's page-audit model: the six load
 * metrics with Lighthouse's own scores, the findings that matter for a slow load, the per-type
 * resource summary budgets are checked against, and the network waterfall.
 */
import { requestDetails } from './devtoolsLog';
import { buildWaterfall, type Waterfall } from './waterfall';

export const METRICS = [
  { id: 'largest-contentful-paint', short: 'LCP', label: 'Largest Contentful Paint' },
  { id: 'first-contentful-paint', short: 'FCP', label: 'First Contentful Paint' },
  { id: 'cumulative-layout-shift', short: 'CLS', label: 'Cumulative Layout Shift' },
  { id: 'total-blocking-time', short: 'TBT', label: 'Total Blocking Time' },
  { id: 'speed-index', short: 'SI', label: 'Speed Index' },
  { id: 'interactive', short: 'TTI', label: 'Time to Interactive' },
] as const;
export type MetricId = (typeof METRICS)[number]['id'];

export interface PageMetric {
  readonly id: MetricId;
  readonly short: string;
  readonly label: string;
  /** Lighthouse's 0..1 score for the value (null when the audit did not run). */
  readonly score: number | null;
  /** Milliseconds, or unitless for CLS. */
  readonly value: number;
  readonly unit: 'millisecond' | 'unitless';
  readonly displayValue: string;
}

/** The audits worth showing for a slow load, in the order they are listed. */
export const FINDINGS = [
  { id: 'render-blocking-resources', kind: 'opportunity' },
  { id: 'unused-javascript', kind: 'opportunity' },
  { id: 'unused-css-rules', kind: 'opportunity' },
  { id: 'total-byte-weight', kind: 'diagnostic' },
  { id: 'long-tasks', kind: 'diagnostic' },
  { id: 'bootup-time', kind: 'diagnostic' },
] as const;
export type FindingId = (typeof FINDINGS)[number]['id'];

export interface FindingSource {
  /** An original source file of a bundle (from its source map), e.g. "…node_modules/lodash/lodash.js". */
  readonly source: string;
  readonly bytes: number;
  readonly wastedBytes: number;
}

export interface FindingItem {
  /** The resource, or "Unattributable" for main-thread work Lighthouse cannot pin on a script. */
  readonly url: string;
  readonly totalBytes?: number;
  readonly wastedBytes?: number;
  readonly wastedMs?: number;
  /** long-tasks: the task; bootup-time: the script's total CPU time. */
  readonly durationMs?: number;
  readonly startTimeMs?: number;
  readonly scriptingMs?: number;
  readonly parseMs?: number;
  readonly sources: readonly FindingSource[];
}

export interface PageFinding {
  readonly id: FindingId;
  readonly kind: 'opportunity' | 'diagnostic';
  readonly title: string;
  readonly score: number | null;
  readonly displayValue: string;
  readonly savingsMs?: number;
  readonly savingsBytes?: number;
  readonly items: readonly FindingItem[];
}

export const RESOURCE_TYPES = ['total', 'document', 'script', 'stylesheet', 'image', 'media', 'font', 'other', 'third-party'] as const;
export type ResourceType = (typeof RESOURCE_TYPES)[number];

export interface ResourceTotal {
  readonly resourceType: ResourceType;
  readonly requestCount: number;
  /** Bytes over the wire. */
  readonly transferSize: number;
}

export interface PageAudit {
  readonly url: string;
  readonly lighthouseVersion: string;
  readonly fetchTime: string;
  readonly throttlingMethod: string;
  readonly performanceScore: number | null;
  readonly metrics: readonly PageMetric[];
  readonly findings: readonly PageFinding[];
  /** Lighthouse's resource-summary audit (favicon and non-network requests left out, as it does). */
  readonly resources: readonly ResourceTotal[];
  readonly waterfall: Waterfall;
  /** Audits that failed inside Lighthouse, with its error message. */
  readonly auditErrors: readonly { id: string; message: string }[];
  /** Every audit's score and value (what Lighthouse CI assertions check), by audit id. */
  readonly audits: Readonly<Record<string, AuditValue>>;
  /** Each category's score (null when it could not be scored), by category id. */
  readonly categoryScores: Readonly<Record<string, number | null>>;
}

export interface AuditValue {
  readonly score: number | null;
  readonly scoreDisplayMode: string;
  readonly numericValue?: number;
  /** Rows of its details table. */
  readonly items: number;
}

/** The input is not a Lighthouse result, or one Hotline cannot read; the message says which. */
export class LhrFormatError extends Error {
  override readonly name = 'LhrFormatError';
}

export interface LhrAudit {
  readonly id?: string;
  readonly title?: string;
  readonly score?: number | null;
  readonly scoreDisplayMode?: string;
  readonly numericValue?: number;
  readonly numericUnit?: string;
  readonly displayValue?: string;
  readonly errorMessage?: string;
  readonly details?: LhrDetails;
}

export interface LhrDetails {
  readonly type?: string;
  readonly items?: readonly Record<string, unknown>[];
  readonly overallSavingsMs?: number;
  readonly overallSavingsBytes?: number;
  readonly debugData?: Record<string, unknown>;
  readonly chains?: Record<string, unknown>;
  readonly longestChain?: { duration?: number; length?: number; transferSize?: number };
}

export interface Lhr {
  readonly lighthouseVersion: string;
  readonly requestedUrl?: string;
  readonly finalDisplayedUrl?: string;
  readonly fetchTime?: string;
  readonly configSettings?: { throttlingMethod?: string };
  readonly categories?: Readonly<Record<string, { score?: number | null }>>;
  readonly runtimeError?: { code?: string; message?: string };
  readonly audits: Readonly<Record<string, LhrAudit>>;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

function sourcesOf(item: Record<string, unknown>): FindingSource[] {
  const sub = item.subItems as { items?: Record<string, unknown>[] } | undefined;
  return (sub?.items ?? [])
    .filter((s) => typeof s.source === 'string')
    .map((s) => ({ source: s.source as string, bytes: num(s.sourceBytes) ?? 0, wastedBytes: num(s.sourceWastedBytes) ?? 0 }));
}

function findingItem(id: FindingId, item: Record<string, unknown>): FindingItem {
  const bootup = id === 'bootup-time';
  return {
    url: str(item.url),
    totalBytes: num(item.totalBytes),
    wastedBytes: num(item.wastedBytes),
    wastedMs: num(item.wastedMs),
    durationMs: bootup ? num(item.total) : num(item.duration),
    startTimeMs: num(item.startTime),
    scriptingMs: bootup ? num(item.scripting) : undefined,
    parseMs: bootup ? num(item.scriptParseCompile) : undefined,
    sources: sourcesOf(item),
  };
}

function metricOf(lhr: Lhr, m: (typeof METRICS)[number]): PageMetric {
  const a = lhr.audits[m.id];
  const value = num(a?.numericValue);
  if (!a || value === undefined)
    throw new LhrFormatError(`the Lighthouse result has no value for ${m.label} (${m.id})${a?.errorMessage ? `: ${a.errorMessage}` : ''}`);
  return {
    id: m.id,
    short: m.short,
    label: m.label,
    score: a.score ?? null,
    value,
    unit: m.id === 'cumulative-layout-shift' ? 'unitless' : 'millisecond',
    displayValue: a.displayValue ?? '',
  };
}

function resourcesOf(lhr: Lhr): ResourceTotal[] {
  const items = lhr.audits['resource-summary']?.details?.items ?? [];
  return items
    .filter((i) => (RESOURCE_TYPES as readonly string[]).includes(str(i.resourceType)))
    .map((i) => ({ resourceType: i.resourceType as ResourceType, requestCount: num(i.requestCount) ?? 0, transferSize: num(i.transferSize) ?? 0 }));
}

/**
 * Checks the shape and reads a parsed LHR. Throws LhrFormatError for anything that is not one.
 * `devtoolsLog`: Lighthouse's saved *.devtoolslog.json of the same run, for each request's headers and phases.
 */
export function parseLhr(json: unknown, devtoolsLog?: unknown): PageAudit {
  const lhr = json as Lhr;
  if (!lhr || typeof lhr !== 'object' || typeof lhr.lighthouseVersion !== 'string' || !lhr.audits || typeof lhr.audits !== 'object') {
    throw new LhrFormatError('not a Lighthouse result (no lighthouseVersion and audits); write one with lighthouse --output=json');
  }
  if (lhr.runtimeError?.code)
    throw new LhrFormatError(`Lighthouse could not load the page (${lhr.runtimeError.code}): ${lhr.runtimeError.message ?? ''}`.trim());
  const findings: PageFinding[] = [];
  for (const f of FINDINGS) {
    const a = lhr.audits[f.id];
    if (!a || a.scoreDisplayMode === 'error' || a.scoreDisplayMode === 'notApplicable') continue;
    findings.push({
      id: f.id,
      kind: f.kind,
      title: a.title ?? f.id,
      score: a.score ?? null,
      displayValue: a.displayValue ?? '',
      savingsMs: num(a.details?.overallSavingsMs),
      savingsBytes: num(a.details?.overallSavingsBytes),
      items: (a.details?.items ?? []).map((i) => findingItem(f.id, i)),
    });
  }
  const auditErrors = Object.entries(lhr.audits)
    .filter(([, a]) => a.scoreDisplayMode === 'error')
    .map(([id, a]) => ({ id, message: a.errorMessage ?? 'error' }));
  return {
    url: lhr.finalDisplayedUrl ?? lhr.requestedUrl ?? '',
    lighthouseVersion: lhr.lighthouseVersion,
    fetchTime: lhr.fetchTime ?? '',
    throttlingMethod: lhr.configSettings?.throttlingMethod ?? '',
    performanceScore: lhr.categories?.performance?.score ?? null,
    metrics: METRICS.map((m) => metricOf(lhr, m)),
    findings,
    resources: resourcesOf(lhr),
    waterfall: buildWaterfall(lhr, devtoolsLog === undefined ? undefined : requestDetails(devtoolsLog)),
    auditErrors,
    audits: Object.fromEntries(
      Object.entries(lhr.audits).map(([id, a]) => [
        id,
        { score: a.score ?? null, scoreDisplayMode: a.scoreDisplayMode ?? '', numericValue: num(a.numericValue), items: a.details?.items?.length ?? 0 },
      ]),
    ),
    categoryScores: Object.fromEntries(Object.entries(lhr.categories ?? {}).map(([id, c]) => [id, c?.score ?? null])),
  };
}

export function finding(audit: Pick<PageAudit, 'findings'>, id: FindingId): PageFinding | undefined {
  return audit.findings.find((f) => f.id === id);
}
