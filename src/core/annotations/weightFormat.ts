/**
 * How a weight is shown next to a line: samples, time, bytes or only the share.
 * Profile weights are untrusted numbers; everything here tolerates NaN and huge values.
 */
import type { WeightType } from '../model/profile';

export type DisplayUnit = 'auto' | 'samples' | 'time' | 'percent';

export interface WeightDisplay {
  /** What one unit of the weight is, after the user's choice was applied. */
  kind: 'samples' | 'nanoseconds' | 'bytes' | 'objects' | 'instructions' | 'count' | 'percent';
  /** Multiplier from the weight to the shown kind (e.g. the sampling interval for samples → time). */
  scale: number;
}

/** Chooses the display for a weight type and the user's `hotline.annotations.unit`. */
export function weightDisplay(weight: WeightType | undefined, unit: DisplayUnit, sampleIntervalNs?: number): WeightDisplay {
  if (unit === 'percent') return { kind: 'percent', scale: 1 };
  const own = weight?.unit ?? 'samples';
  if (unit === 'time' && own === 'samples' && sampleIntervalNs && sampleIntervalNs > 0) {
    return { kind: 'nanoseconds', scale: sampleIntervalNs };
  }
  if (unit === 'samples' && own === 'nanoseconds' && sampleIntervalNs && sampleIntervalNs > 0) {
    return { kind: 'samples', scale: 1 / sampleIntervalNs };
  }
  return { kind: own, scale: 1 };
}

/** `1,234,567`. Hand-written: Intl.NumberFormat is ~10x slower and this runs for every hot line. */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return '?';
  const digits = String(Math.abs(Math.round(n)));
  if (digits.includes('e')) return Math.round(n).toExponential(2);
  let out = '';
  for (let i = digits.length; i > 0; i -= 3) out = (i > 3 ? ',' : '') + digits.slice(Math.max(0, i - 3), i) + out;
  return n < 0 ? `-${out}` : out;
}

export function formatDurationNs(ns: number): string {
  if (!Number.isFinite(ns)) return '?';
  const abs = Math.abs(ns);
  if (abs >= 60e9) return `${(ns / 60e9).toFixed(1)} min`;
  if (abs >= 1e9) return `${(ns / 1e9).toFixed(2)} s`;
  if (abs >= 1e6) return `${(ns / 1e6).toFixed(1)} ms`;
  if (abs >= 1e3) return `${(ns / 1e3).toFixed(1)} µs`;
  return `${Math.round(ns)} ns`;
}

/** Binary units (the value is divided by 1024), named as such: the flame graph and memory reports say KiB/MiB too. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return '?';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes;
  let i = 0;
  while (Math.abs(v) >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${Math.round(v)} B` : `${v.toFixed(1)} ${units[i]}`;
}

/** `12.3%`; shares under 0.1% read `<0.1%` rather than a misleading `0.0%`. */
export function formatShare(share: number): string {
  if (!Number.isFinite(share) || share <= 0) return '0%';
  const pct = share * 100;
  if (pct < 0.1) return '<0.1%';
  return `${pct >= 99.95 ? '100' : pct.toFixed(1)}%`;
}

/** `1,234 samples`, `12.3 ms`, `1.2 MiB`; null for the percent-only display. */
export function formatWeight(value: number, display: WeightDisplay): string | null {
  const v = value * display.scale;
  switch (display.kind) {
    case 'percent':
      return null;
    case 'nanoseconds':
      return formatDurationNs(v);
    case 'bytes':
      return formatBytes(v);
    case 'samples':
      return `${formatCount(v)} ${Math.round(v) === 1 ? 'sample' : 'samples'}`;
    case 'objects':
      return `${formatCount(v)} ${Math.round(v) === 1 ? 'object' : 'objects'}`;
    case 'instructions':
      return `${formatCount(v)} instr`;
    default:
      return formatCount(v);
  }
}
