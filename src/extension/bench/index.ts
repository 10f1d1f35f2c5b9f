// The editor side of benchmarks: CodeLens above each benchmark, its commands, the results view.
// The extension's wiring calls benchArea() once and registers its commands with every other table.
import * as vscode from 'vscode';
import type { CommandTable } from '../commandIds';
import { BenchCodeLensProvider, BENCH_SELECTOR } from './benchCodeLens';
import { BenchController } from './benchCommands';
import { BenchResultsPanel } from './resultsPanel';

export interface BenchArea {
  commands: CommandTable<'bench'>;
  disposables: vscode.Disposable[];
}

export function benchArea(): BenchArea {
  const output = vscode.window.createOutputChannel('Hotline Benchmarks');
  const bench = new BenchController(output);
  return {
    disposables: [output, vscode.languages.registerCodeLensProvider(BENCH_SELECTOR, new BenchCodeLensProvider())],
    commands: {
      'hotline.bench.run': (uri?: unknown, name?: string) => bench.run(uri, name),
      'hotline.bench.profile': (uri?: unknown, name?: string) => bench.profile(uri, name),
      'hotline.bench.compareWithBaseline': (uri?: unknown, name?: string) => bench.compareWithBaseline(uri, name),
      'hotline.bench.saveBaseline': (uri?: unknown) => bench.saveBaseline(uri),
      'hotline.bench.showResults': () => bench.showResults(),
    },
  };
}

/** For extension-host tests: the HTML of the results view, if open. */
export const benchResultsHtml = (): string | undefined => BenchResultsPanel.currentHtml();
