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
  let mt = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    mt += series.timesMs[i]!;
    mb += series.bytes[i]!;
  }
  mt /= n;
  mb /= n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    const dt = series.timesMs[i]! - mt;
    num += dt * (series.bytes[i]! - mb);
    den += dt * dt;
  }
  return {
    samples: n,
    peakBytes: series.bytes[peak]!,
    peakAtMs: series.timesMs[peak]!,
    startBytes: series.bytes[0]!,
    endBytes: series.bytes[n - 1]!,
    slopeBytesPerSec: den > 0 ? (num / den) * 1000 : 0,
  };
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
