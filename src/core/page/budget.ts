/**
 * Performance budgets in Lighthouse's budget.json format (an array of budgets, each with an optional
 * `path` and resourceSizes in KiB, resourceCounts, timings in ms — CLS unitless), checked against a
 * page's runs. Lighthouse 12 no longer evaluates budgets itself; the sizes and counts here are its
 * resource-summary audit's, as its performance-budget audit used.
 */
import { METRICS, RESOURCE_TYPES, type MetricId, type ResourceType } from './lhr';
import type { PageRuns } from './runs';

export interface Budget {
  readonly path?: string;
  readonly resourceSizes?: readonly { readonly resourceType: ResourceType; readonly budget: number }[];
  readonly resourceCounts?: readonly { readonly resourceType: ResourceType; readonly budget: number }[];
  readonly timings?: readonly { readonly metric: MetricId; readonly budget: number }[];
}

export interface BudgetCheck {
  readonly kind: 'size' | 'count' | 'timing';
  /** A resource type or a metric id. */
  readonly name: string;
  /** Bytes for sizes (the file's KiB × 1024), requests for counts, ms (or unitless CLS) for timings. */
  readonly budget: number;
  readonly actual: number;
  readonly over: boolean;
}

export interface BudgetResult {
  /** The matching budget's path ("/" when it has none). */
  readonly path: string;
  readonly checks: readonly BudgetCheck[];
  readonly exceeded: number;
}

/** A budget file Hotline cannot use; the message names the entry and what is allowed. */
export class BudgetFormatError extends Error {
  override readonly name = 'BudgetFormatError';
}

const METRIC_IDS = METRICS.map((m) => m.id) as readonly string[];

function list<T>(where: string, value: unknown, check: (entry: Record<string, unknown>, at: string) => T): T[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw new BudgetFormatError(`${where} must be an array`);
  return value.map((e, i) => {
    const at = `${where}[${i}]`;
    if (!e || typeof e !== 'object') throw new BudgetFormatError(`${at} must be an object`);
    const entry = e as Record<string, unknown>;
    if (typeof entry.budget !== 'number' || !(entry.budget >= 0)) throw new BudgetFormatError(`${at}.budget must be a number ≥ 0`);
    return check(entry, at);
  });
}

function resourceType(entry: Record<string, unknown>, at: string): ResourceType {
  if (!(RESOURCE_TYPES as readonly string[]).includes(entry.resourceType as string)) {
    throw new BudgetFormatError(`${at}.resourceType "${String(entry.resourceType)}" is not one of ${RESOURCE_TYPES.join(', ')}`);
  }
  return entry.resourceType as ResourceType;
}

/** Validates a parsed budget.json. */
export function parseBudgets(json: unknown): Budget[] {
  if (!Array.isArray(json))
    throw new BudgetFormatError('a budget file is a JSON array of budgets, e.g. [{"resourceSizes":[{"resourceType":"script","budget":150}]}]');
  return json.map((b, i): Budget => {
    const at = `budget[${i}]`;
    if (!b || typeof b !== 'object') throw new BudgetFormatError(`${at} must be an object`);
    const raw = b as Record<string, unknown>;
    if (raw.path !== undefined && (typeof raw.path !== 'string' || !raw.path.startsWith('/')))
      throw new BudgetFormatError(`${at}.path must be a string starting with "/"`);
    const budget: Budget = {
      path: raw.path as string | undefined,
      resourceSizes: list(`${at}.resourceSizes`, raw.resourceSizes, (e, w) => ({ resourceType: resourceType(e, w), budget: e.budget as number })),
      resourceCounts: list(`${at}.resourceCounts`, raw.resourceCounts, (e, w) => ({ resourceType: resourceType(e, w), budget: e.budget as number })),
      timings: list(`${at}.timings`, raw.timings, (e, w) => {
        if (!METRIC_IDS.includes(e.metric as string)) throw new BudgetFormatError(`${w}.metric "${String(e.metric)}" is not one of ${METRIC_IDS.join(', ')}`);
        return { metric: e.metric as MetricId, budget: e.budget as number };
      }),
    };
    if (!budget.resourceSizes && !budget.resourceCounts && !budget.timings)
      throw new BudgetFormatError(`${at} has none of resourceSizes, resourceCounts, timings`);
    return budget;
  });
}

/** Lighthouse's path patterns: a prefix of the URL's path, `*` any characters, a trailing `$` the end. */
export function pathMatches(pattern: string, pathname: string): boolean {
  const anchored = pattern.endsWith('$');
  const body = (anchored ? pattern.slice(0, -1) : pattern)
    .split('*')
    .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}${anchored ? '$' : ''}`).test(pathname);
}

/** The last budget whose path matches the page (Lighthouse's rule), or undefined. */
export function matchingBudget(budgets: readonly Budget[], url: string): Budget | undefined {
  let pathname = '/';
  try {
    pathname = new URL(url).pathname;
  } catch {
    // Not a URL (a file path given to --lhr): only path-less budgets and "/" apply.
  }
  return [...budgets].reverse().find((b) => pathMatches(b.path ?? '/', pathname));
}

export function evaluateBudget(budget: Budget, page: Pick<PageRuns, 'metrics' | 'resources'>): BudgetResult {
  const res = (t: ResourceType) => page.resources.find((r) => r.resourceType === t) ?? { requestCount: 0, transferSize: 0 };
  const check = (kind: BudgetCheck['kind'], name: string, limit: number, actual: number): BudgetCheck => ({
    kind,
    name,
    budget: limit,
    actual,
    over: actual > limit,
  });
  const checks = [
    ...(budget.resourceSizes ?? []).map((s) => check('size', s.resourceType, s.budget * 1024, res(s.resourceType).transferSize)),
    ...(budget.resourceCounts ?? []).map((s) => check('count', s.resourceType, s.budget, res(s.resourceType).requestCount)),
    ...(budget.timings ?? []).map((t) => check('timing', t.metric, t.budget, page.metrics.find((m) => m.id === t.metric)!.median)),
  ];
  return { path: budget.path ?? '/', checks, exceeded: checks.filter((c) => c.over).length };
}
