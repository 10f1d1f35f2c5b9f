/**
 * "Memory over time" panel: the RSS (and Python traced heap, or Node's heap after GC) series of a
 * run as an SVG chart, with the run's GC events marked and summarised when it logged them.
 */
import { formatBytes, MemorySeries, summarizeSeries } from '../../core/memory/memorySeries';
import { formatGcSummary, gcMarks, summarizeGc, type GcEvent } from '../../core/memory/gcLog';
import { memorySeriesSvg } from '../../core/memory/seriesChart';
import { escapeHtml, webviewPage } from '../../core/webviewPage';
import { StaticPagePanel } from '../staticPagePanel';

const chart = new StaticPagePanel('hotline.memoryChart', 'the memory chart');

export function showMemoryChart(title: string, series: readonly MemorySeries[], gc: readonly GcEvent[] = []): void {
  const rows = series
    .filter((s) => s.bytes.length > 0)
    .map((s) => {
      const sum = summarizeSeries(s);
      return `<li>${escapeHtml(s.name)}: ${sum.samples} samples, start ${formatBytes(sum.startBytes)}, peak ${formatBytes(sum.peakBytes)} at ${(sum.peakAtMs / 1000).toFixed(2)} s, end ${formatBytes(sum.endBytes)}, trend ${formatBytes(sum.slopeBytesPerSec)}/s</li>`;
    })
    .join('');
  const gcText = gc.length ? `<pre class="gc">${escapeHtml(formatGcSummary(summarizeGc(gc)))}</pre>` : '';
  const svg = memorySeriesSvg(series, { title, marks: gcMarks(gc) });
  // The chart is inline SVG; the one script (nonce) only says the page loaded.
  chart.show(`Memory: ${title}`, (nonce, cspSource) =>
    webviewPage({ nonce, cspSource, title: 'Memory over Time', body: `${svg}<ul>${rows}</ul>${gcText}`, loadedPing: true }),
  );
}

/** The memory chart's HTML, or undefined when it is not open (extension-host tests). */
export function memoryChartHtml(): string | undefined {
  return chart.html;
}
