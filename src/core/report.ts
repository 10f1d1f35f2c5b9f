/**
 * The `hotline report` object: top functions and top lines by self weight, in the profile's
 * primary weight (weight type 0). Shape is a contract (issue 4): {format, unit, total,
 * functions: [{name, file, line, self, total}], lines: [{file, line, self, total}]}.
 */
import { Profile, totalWeight } from './model/profile';
import { fileLineStats, topFunctions } from './model/views';

export interface ReportFunction {
  name: string;
  file: string | null;
  line: number | null;
  self: number;
  total: number;
}

export interface ReportLine {
  file: string;
  line: number;
  self: number;
  total: number;
}

export interface ProfileReport {
  format: string;
  unit: string;
  total: number;
  functions: ReportFunction[];
  lines: ReportLine[];
}

export function buildReport(profile: Profile, opts: { top?: number; weight?: number } = {}): ProfileReport {
  const top = opts.top ?? 20;
  const weight = opts.weight ?? 0;
  const functions = topFunctions(profile, { weight, limit: top }).map((f) => ({
    name: f.name,
    file: f.file,
    line: f.line,
    self: round(f.self),
    total: round(f.total),
  }));
  const lines: ReportLine[] = [];
  for (const list of fileLineStats(profile, { weight }).values()) for (const l of list) lines.push(l);
  lines.sort((a, b) => b.self - a.self || b.total - a.total || a.file.localeCompare(b.file) || a.line - b.line);
  return {
    format: profile.metadata.format,
    unit: profile.weightTypes[weight]?.unit ?? 'samples',
    total: round(totalWeight(profile, weight)),
    functions,
    lines: lines.slice(0, top).map((l) => ({ file: l.file, line: l.line, self: round(l.self), total: round(l.total) })),
  };
}

/** Weights split by synthetic stacks (pstats, callgrind) can carry float noise; keep 6 decimals. */
function round(v: number): number {
  return Number.isInteger(v) ? v : Math.round(v * 1e6) / 1e6;
}
