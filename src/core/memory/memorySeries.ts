/**
 * Memory over time (mprof-like): one series of byte readings against time from the start of a run.
 * Plain arrays so it crosses the webview boundary and `--json` unchanged. Pure data.
 */
export interface MemorySeries {
  /** What was measured, e.g. "rss" (resident set of the process tree) or "python-traced" (tracemalloc). */
  readonly name: string;
  readonly unit: 'bytes';
  /** Milliseconds from the start of the run, ascending. */
  readonly timesMs: number[];
  /** Bytes at each time. */
  readonly bytes: number[];
}

export interface SeriesSummary {
  readonly samples: number;
  readonly peakBytes: number;
  readonly peakAtMs: number;
  readonly startBytes: number;
  readonly endBytes: number;
  /** Least-squares slope over the run, bytes per second; a steady climb suggests a leak. */
  readonly slopeBytesPerSec: number;
}

export function summarizeSeries(series: MemorySeries): SeriesSummary {
  const n = Math.min(series.timesMs.length, series.bytes.length);
  if (n === 0) return { samples: 0, peakBytes: 0, peakAtMs: 0, startBytes: 0, endBytes: 0, slopeBytesPerSec: 0 };
  let peak = 0;
  for (let i = 1; i < n; i++) if (series.bytes[i]! > series.bytes[peak]!) peak = i;
  return {
    samples: n,
    peakBytes: series.bytes[peak]!,
    peakAtMs: series.timesMs[peak]!,
    startBytes: series.bytes[0]!,
    endBytes: series.bytes[n - 1]!,
    slopeBytesPerSec: linearFit(series.timesMs.slice(0, n), series.bytes.slice(0, n)).slopePerSec,
  };
}

export interface LinearFit {
  slopePerSec: number;
  /** Coefficient of determination of the fit, 0..1 (1 = every point on the line). */
  r2: number;
}

/** Least-squares line through (ms, value) points. */
export function linearFit(timesMs: readonly number[], values: readonly number[]): LinearFit {
  const n = Math.min(timesMs.length, values.length);
  if (n < 2) return { slopePerSec: 0, r2: 0 };
  let mt = 0;
  let mv = 0;
  for (let i = 0; i < n; i++) {
    mt += timesMs[i]!;
    mv += values[i]!;
  }
  mt /= n;
  mv /= n;
  let stt = 0;
  let stv = 0;
  let svv = 0;
  for (let i = 0; i < n; i++) {
    const dt = timesMs[i]! - mt;
    const dv = values[i]! - mv;
    stt += dt * dt;
    stv += dt * dv;
    svv += dv * dv;
  }
  if (stt === 0) return { slopePerSec: 0, r2: 0 };
  return { slopePerSec: (stv / stt) * 1000, r2: svv === 0 ? 0 : (stv * stv) / (stt * svv) };
}

/** "12.3 MiB"-style text for reports. */
export function formatBytes(bytes: number): string {
  const sign = bytes < 0 ? '-' : '';
  let v = Math.abs(bytes);
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${sign}${u === 0 ? v.toFixed(0) : v.toFixed(1)} ${units[u]}`;
}
