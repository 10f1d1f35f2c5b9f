/** "Memory over time" panel: the RSS (and Python traced heap) series of a run as an SVG chart. */
import { formatBytes, MemorySeries, summarizeSeries } from '../../core/memory/memorySeries';
import { escapeXml, memorySeriesSvg } from '../../core/memory/seriesChart';
import { StaticPagePanel } from '../staticPagePanel';
import { loadedPingScript } from '../webviewPing';

const chart = new StaticPagePanel('hotline.memoryChart', 'the memory chart');

export function showMemoryChart(title: string, series: readonly MemorySeries[]): void {
  const rows = series
    .filter((s) => s.bytes.length > 0)
    .map((s) => {
      const sum = summarizeSeries(s);
      return `<li>${escapeXml(s.name)}: ${sum.samples} samples, start ${formatBytes(sum.startBytes)}, peak ${formatBytes(sum.peakBytes)} at ${(sum.peakAtMs / 1000).toFixed(2)} s, end ${formatBytes(sum.endBytes)}, trend ${formatBytes(sum.slopeBytesPerSec)}/s</li>`;
    })
    .join('');
  // The chart is inline SVG; the one script (nonce) only says the page loaded.
  chart.show(
    `Memory: ${title}`,
    (nonce, cspSource) => `<!DOCTYPE html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src ${cspSource} data:; script-src 'nonce-${nonce}';">
<title>Memory over Time</title></head>
<body>${memorySeriesSvg(series, { title })}<ul>${rows}</ul>${loadedPingScript(nonce)}</body></html>`,
  );
}
