// The "Benchmark Results" webview: one panel, reused; content rendered by resultsHtml.
import type { BenchRun, HistoryPoint, RunComparison } from '../../core/bench';
import { StaticPagePanel } from '../staticPagePanel';
import { resultsHtml } from './resultsHtml';

const panel = new StaticPagePanel('hotline.benchResults', 'the benchmark results');

export const BenchResultsPanel = {
  show(input: { title: string; run?: BenchRun; comparison?: RunComparison; history: Map<string, HistoryPoint[]> }): void {
    panel.show(input.title, (nonce, cspSource) => resultsHtml({ ...input, nonce, cspSource }));
  },

  /** The page currently shown (for extension-host tests). */
  currentHtml(): string | undefined {
    return panel.html;
  },
};
