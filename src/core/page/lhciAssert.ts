/**
 * Lighthouse CI's assertion format (`lhci assert`), read the way @lhci/utils 0.14 does: an object with
 * `assertions` (or a whole lighthouserc.json with `ci.assert`), each `"audit-id": level` or
 * `[level, {minScore, maxNumericValue, maxLength, aggregationMethod}]`; `categories:<id>` checks the
 * category score, `resource-summary:<type>:size|count` a row of the resource summary; a level alone
 * means minScore 0.9. Levels error/warn/off: a failed `error` exceeds the budget, a failed `warn` is
 * only reported. Presets, assertMatrix and budgetsFile are refused (list the assertions instead).
 * Oracle: test/integration/page/lhciAssert.test.ts runs `lhci assert` on the same result.
 */
import { BudgetFormatError } from './budget';
import type { AuditValue, PageAudit } from './lhr';
import type { PageRuns } from './runs';

export type AssertLevel = 'error' | 'warn';
export type Aggregation = 'median' | 'optimistic' | 'pessimistic' | 'median-run';
type AssertionName = 'auditRan' | 'minScore' | 'maxNumericValue' | 'maxLength';

export interface LhciAssertion {
  /** As written: "categories:performance", "resource-summary:script:size", "largest-contentful-paint". */
  readonly key: string;
  readonly auditId: string;
  readonly property?: readonly string[];
  readonly level: AssertLevel | 'off';
  readonly minScore?: number;
  readonly maxNumericValue?: number;
  readonly maxLength?: number;
  readonly aggregationMethod: Aggregation;
}

export interface LhciAssertConfig {
  readonly assertions: readonly LhciAssertion[];
  readonly matchingUrlPattern?: string;
}

export interface LhciAssertionResult {
  readonly key: string;
  readonly auditId: string;
  /** "performance", "script.size" (lhci's auditProperty). */
  readonly auditProperty?: string;
  readonly name: AssertionName;
  readonly level: AssertLevel;
  readonly operator: '>=' | '<=' | '==';
  readonly expected: number;
  /** NaN when the audit gave no value. */
  readonly actual: number;
  readonly values: readonly number[];
  readonly passed: boolean;
  readonly message?: string;
}

export interface LhciAssertResult {
  readonly url: string;
  readonly results: readonly LhciAssertionResult[];
  /** Failed assertions at level error: the budget is exceeded when > 0. */
  readonly errors: number;
  readonly warnings: number;
}

const AGGREGATIONS: readonly string[] = ['median', 'optimistic', 'pessimistic', 'median-run'];
const REFUSED = ['preset', 'assertMatrix', 'budgetsFile'] as const;

/** True for an lhci assert config (or a lighthouserc.json holding one); false for a budget.json array. */
export function isLhciAssertConfig(json: unknown): boolean {
  if (!json || typeof json !== 'object' || Array.isArray(json)) return false;
  const o = json as { assertions?: unknown; ci?: { assert?: unknown } };
  return o.assertions !== undefined || o.ci?.assert !== undefined || REFUSED.some((k) => k in o);
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function option(at: string, options: Record<string, unknown>, name: 'minScore' | 'maxNumericValue' | 'maxLength'): number | undefined {
  const v = options[name];
  if (v === undefined) return undefined;
  if (!finite(v)) throw new BudgetFormatError(`${at}: ${name} must be a number`);
  return v;
}

function assertion(key: string, raw: unknown, defaultAggregation: Aggregation): LhciAssertion {
  const at = `assertions["${key}"]`;
  const [level, options] = typeof raw === 'string' ? [raw, {}] : Array.isArray(raw) ? [raw[0], raw[1] ?? {}] : [undefined, undefined];
  if (level !== 'error' && level !== 'warn' && level !== 'off')
    throw new BudgetFormatError(`${at} must be "error", "warn", "off" or [level, {minScore | maxNumericValue | maxLength}]`);
  if (!options || typeof options !== 'object') throw new BudgetFormatError(`${at}: the options after the level must be an object`);
  const opts = options as Record<string, unknown>;
  const aggregationMethod = opts.aggregationMethod ?? defaultAggregation;
  if (!AGGREGATIONS.includes(aggregationMethod as string)) throw new BudgetFormatError(`${at}: aggregationMethod must be one of ${AGGREGATIONS.join(', ')}`);
  const [auditId = '', ...property] = key.split(/[.:]/).filter(Boolean);
  if (auditId === 'resource-summary' && (property.length !== 2 || !['size', 'count'].includes(property[1]!)))
    throw new BudgetFormatError(`${at}: a resource-summary assertion is resource-summary:<type>:size or resource-summary:<type>:count`);
  if (auditId === 'categories' && property.length !== 1)
    throw new BudgetFormatError(`${at}: a category assertion is categories:<id>, e.g. categories:performance`);
  if (auditId === 'performance-budget' || auditId === 'user-timings') throw new BudgetFormatError(`${at}: ${auditId} assertions are not supported by Hotline`);
  return {
    key,
    auditId,
    ...(property.length ? { property } : {}),
    level,
    minScore: option(at, opts, 'minScore'),
    maxNumericValue: option(at, opts, 'maxNumericValue'),
    maxLength: option(at, opts, 'maxLength'),
    aggregationMethod: aggregationMethod as Aggregation,
  };
}

/** Validates an lhci assert config (`{assertions}` or `{ci: {assert: {assertions}}}`). */
export function parseLhciAssertions(json: unknown): LhciAssertConfig {
  const whole = json as { ci?: { assert?: unknown } };
  const config = (whole?.ci?.assert ?? json) as Record<string, unknown>;
  if (!config || typeof config !== 'object' || Array.isArray(config)) throw new BudgetFormatError('ci.assert must be an object with "assertions"');
  for (const k of REFUSED)
    if (config[k] !== undefined) throw new BudgetFormatError(`${k} is not supported by Hotline; list the assertions themselves under "assertions"`);
  const assertions = config.assertions;
  if (!assertions || typeof assertions !== 'object' || Array.isArray(assertions))
    throw new BudgetFormatError('"assertions" must be an object, e.g. {"categories:performance": ["error", {"minScore": 0.9}]}');
  const aggregation = config.aggregationMethod ?? 'optimistic';
  if (!AGGREGATIONS.includes(aggregation as string)) throw new BudgetFormatError(`aggregationMethod must be one of ${AGGREGATIONS.join(', ')}`);
  if (config.matchingUrlPattern !== undefined && typeof config.matchingUrlPattern !== 'string')
    throw new BudgetFormatError('matchingUrlPattern must be a string (a regular expression)');
  return {
    assertions: Object.entries(assertions).map(([k, v]) => assertion(k, v, aggregation as Aggregation)),
    ...(config.matchingUrlPattern !== undefined ? { matchingUrlPattern: config.matchingUrlPattern } : {}),
  };
}

/** What one run gives an assertion to check: an audit, a category's score, or a resource-summary row; undefined when it has none. */
function pseudoAudit(run: PageAudit, a: LhciAssertion): Partial<AuditValue> | undefined {
  if (a.auditId === 'categories') {
    const id = a.property![0]!;
    return id in run.categoryScores ? { score: run.categoryScores[id] } : undefined;
  }
  const audit = run.audits[a.auditId];
  if (a.auditId === 'resource-summary' && a.property) {
    const row = run.resources.find((r) => r.resourceType === a.property![0]);
    return audit && row ? { ...audit, numericValue: a.property[1] === 'size' ? row.transferSize : row.requestCount } : undefined;
  }
  return audit;
}

const GETTERS: Record<Exclude<AssertionName, 'auditRan'>, (a: Partial<AuditValue>) => number | undefined> = {
  minScore: (a) => (typeof a.score === 'number' ? a.score : a.scoreDisplayMode === 'notApplicable' ? 1 : a.scoreDisplayMode === 'informative' ? 0 : undefined),
  maxLength: (a) => a.items ?? 0,
  maxNumericValue: (a) => a.numericValue,
};

function aggregate(values: number[], how: Aggregation, name: AssertionName): number {
  if (how === 'median') {
    const s = [...values].sort((a, b) => a - b);
    const mid = Math.floor((s.length - 1) / 2);
    return s.length % 2 === 1 ? s[mid]! : (s[mid]! + s[mid + 1]!) / 2;
  }
  const useMin = (how === 'optimistic' && name.startsWith('max')) || (how === 'pessimistic' && name.startsWith('min'));
  return useMin ? Math.min(...values) : Math.max(...values);
}

type Check = Omit<LhciAssertionResult, 'key' | 'auditId' | 'auditProperty' | 'level'>;

function check(audits: Partial<AuditValue>[], how: Aggregation, name: Exclude<AssertionName, 'auditRan'>, expected: number): Check {
  const raw = audits.map(GETTERS[name]);
  const values = raw.filter(finite);
  const operator = name === 'minScore' ? '>=' : '<=';
  if ((values.length === 0 && how !== 'pessimistic') || (values.length !== raw.length && how === 'pessimistic')) {
    const message = raw.some((v) => v === undefined)
      ? `the audit gave no value for ${name}; it might not be a valid assertion for this audit`
      : 'the audit gave no valid value';
    return { name, operator, expected, actual: NaN, values: raw.map((v) => (finite(v) ? v : NaN)), passed: false, message };
  }
  const actual = aggregate(values, how, name);
  return { name, operator, expected, actual, values, passed: operator === '>=' ? actual >= expected : actual <= expected };
}

function checksOf(a: LhciAssertion, runs: readonly PageAudit[]): Check[] {
  const found = runs.map((r) => pseudoAudit(r, a));
  if (found.some((f) => f === undefined)) {
    const message = `"${a.key}" has nothing to check in the Lighthouse result (no such audit, category or resource type)`;
    return [{ name: 'auditRan', operator: '>=', expected: 1, actual: 0, values: found.map((f) => (f ? 1 : 0)), passed: false, message }];
  }
  const audits = found as Partial<AuditValue>[];
  const out: Check[] = [];
  if (a.maxLength !== undefined) out.push(check(audits, a.aggregationMethod, 'maxLength', a.maxLength));
  if (a.maxNumericValue !== undefined) out.push(check(audits, a.aggregationMethod, 'maxNumericValue', a.maxNumericValue));
  const minScore = a.minScore ?? (out.length === 0 ? 0.9 : undefined);
  if (minScore !== undefined) out.push(check(audits, a.aggregationMethod, 'minScore', minScore));
  return out;
}

/** Every assertion that is not off, checked on the runs (median-run: the median run only), passed or not. */
export function evaluateLhciAssertions(config: LhciAssertConfig, page: Pick<PageRuns, 'runs' | 'medianRun'>): LhciAssertResult {
  const url = page.medianRun.url;
  if (config.matchingUrlPattern !== undefined && !new RegExp(config.matchingUrlPattern).test(url)) return { url, results: [], errors: 0, warnings: 0 };
  const results = config.assertions.flatMap((a): LhciAssertionResult[] => {
    if (a.level === 'off') return [];
    // As lhci: a category is always checked over every run, an audit over the median run alone for median-run.
    const runs = a.aggregationMethod === 'median-run' && a.auditId !== 'categories' ? [page.medianRun] : page.runs;
    const auditProperty = a.auditId === 'categories' ? a.property?.[0] : a.property?.join('.');
    return checksOf(a, runs).map((c) => ({ key: a.key, auditId: a.auditId, ...(auditProperty ? { auditProperty } : {}), level: a.level as AssertLevel, ...c }));
  });
  const failed = (level: AssertLevel) => results.filter((r) => !r.passed && r.level === level).length;
  return { url, results, errors: failed('error'), warnings: failed('warn') };
}
