// The "Benchmark Results" webview: one panel, reused; content rendered by resultsHtml (no scripts).
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { BenchRun, HistoryPoint, RunComparison } from '../../core/bench';
import { resultsHtml } from './resultsHtml';

export class BenchResultsPanel {
  private static current: BenchResultsPanel | undefined;

  private constructor(private readonly panel: vscode.WebviewPanel) {
    panel.onDidDispose(() => {
      if (BenchResultsPanel.current === this) BenchResultsPanel.current = undefined;
    });
  }

  static show(input: { title: string; run?: BenchRun; comparison?: RunComparison; history: Map<string, HistoryPoint[]> }): BenchResultsPanel {
    if (!BenchResultsPanel.current) {
      const panel = vscode.window.createWebviewPanel('hotline.benchResults', 'Benchmark Results', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
        enableScripts: false,
        localResourceRoots: [],
      });
      BenchResultsPanel.current = new BenchResultsPanel(panel);
    }
    const p = BenchResultsPanel.current;
    p.panel.title = input.title;
    p.panel.webview.html = resultsHtml({ ...input, nonce: randomBytes(16).toString('base64'), cspSource: p.panel.webview.cspSource });
    p.panel.reveal(undefined, true);
    return p;
  }

  /** The page currently shown (for extension-host tests). */
  static currentHtml(): string | undefined {
    return BenchResultsPanel.current?.panel.webview.html;
  }
}
