/** "Memory over time" panel: the RSS (and Python traced heap) series of a run as an SVG chart. */
import { formatBytes, MemorySeries, summarizeSeries } from '../../core/memory/memorySeries';
import { memorySeriesSvg } from '../../core/memory/seriesChart';
import { escapeHtml, webviewPage } from '../../core/webviewPage';
import { StaticPagePanel } from '../staticPagePanel';

const chart = new StaticPagePanel('hotline.memoryChart', 'the memory chart');

export function showMemoryChart(title: string, series: readonly MemorySeries[]): void {
  const rows = series
    .filter((s) => s.bytes.length > 0)
    .map((s) => {
      const sum = summarizeSeries(s);
      return `<li>${escapeHtml(s.name)}: ${sum.samples} samples, start ${formatBytes(sum.startBytes)}, peak ${formatBytes(sum.peakBytes)} at ${(sum.peakAtMs / 1000).toFixed(2)} s, end ${formatBytes(sum.endBytes)}, trend ${formatBytes(sum.slopeBytesPerSec)}/s</li>`;
    })
    .join('');
  // The chart is inline SVG; the one script (nonce) only says the page loaded.
  chart.show(`Memory: ${title}`, (nonce, cspSource) =>
    webviewPage({ nonce, cspSource, title: 'Memory over Time', body: `${memorySeriesSvg(series, { title })}<ul>${rows}</ul>`, loadedPing: true }),
  );
}
