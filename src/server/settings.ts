import type { LintOptions } from './engine';
import { DEFAULT_LINT_SETTINGS, type LintSettings } from './protocol';
import type { Severity } from './rule';

const SEVERITIES = new Set(['error', 'warning', 'info', 'hint', 'off']);

/** Settings from the client, validated: unknown or malformed values fall back to the defaults. */
export function normaliseSettings(raw: unknown): LintSettings {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const severity: Record<string, string> = {};
  if (r.severity && typeof r.severity === 'object') {
    for (const [k, v] of Object.entries(r.severity as Record<string, unknown>)) if (typeof v === 'string' && SEVERITIES.has(v)) severity[k] = v;
  }
  const num = (v: unknown, d: number, min: number, max: number) => (typeof v === 'number' && Number.isFinite(v) ? Math.min(Math.max(v, min), max) : d);
  return {
    enable: typeof r.enable === 'boolean' ? r.enable : DEFAULT_LINT_SETTINGS.enable,
    disabledRules: Array.isArray(r.disabledRules) ? r.disabledRules.filter((x): x is string => typeof x === 'string') : [],
    severity,
    debounceMs: num(r.debounceMs, DEFAULT_LINT_SETTINGS.debounceMs, 0, 5000),
    hotLineThreshold: num(r.hotLineThreshold, DEFAULT_LINT_SETTINGS.hotLineThreshold, 0, 1),
  };
}

export function lintOptions(s: LintSettings): LintOptions {
  return { disabled: s.disabledRules, severity: s.severity as Record<string, Severity | 'off'> };
}
