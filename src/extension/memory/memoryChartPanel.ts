/** "Memory over time" panel: the RSS (and Python traced heap) series of a run as an SVG chart, no scripts. */
import * as vscode from 'vscode';
import { formatBytes, MemorySeries, summarizeSeries } from '../../core/memory/memorySeries';
import { escapeXml, memorySeriesSvg } from '../../core/memory/seriesChart';

let panel: vscode.WebviewPanel | undefined;

export function showMemoryChart(title: string, series: readonly MemorySeries[]): void {
  if (!panel) {
    // No scripts and no local resources: the chart is inline SVG.
    panel = vscode.window.createWebviewPanel('hotline.memoryChart', 'Memory over Time', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, { enableScripts: false, localResourceRoots: [] });
    panel.onDidDispose(() => (panel = undefined));
  }
  panel.title = `Memory: ${title}`;
  const rows = series
    .filter((s) => s.bytes.length > 0)
    .map((s) => {
      const sum = summarizeSeries(s);
      return `<li>${escapeXml(s.name)}: ${sum.samples} samples, start ${formatBytes(sum.startBytes)}, peak ${formatBytes(sum.peakBytes)} at ${(sum.peakAtMs / 1000).toFixed(2)} s, end ${formatBytes(sum.endBytes)}, trend ${formatBytes(sum.slopeBytesPerSec)}/s</li>`;
    })
    .join('');
  panel.webview.html = `<!DOCTYPE html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src ${panel.webview.cspSource} data:;">
<title>Memory over Time</title></head>
<body>${memorySeriesSvg(series, { title })}<ul>${rows}</ul></body></html>`;
  panel.reveal(vscode.ViewColumn.Beside, true);
}
