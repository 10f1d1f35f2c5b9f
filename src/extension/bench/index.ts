// The editor side of benchmarks: CodeLens above each benchmark, its commands, the results view.
// The extension's wiring calls register(context) once; everything registered is returned and also
// added to context.subscriptions.
import * as vscode from 'vscode';
import { BenchCodeLensProvider, BENCH_SELECTOR } from './benchCodeLens';
import { BenchController } from './benchCommands';
import { BenchResultsPanel } from './resultsPanel';

export const BENCH_COMMANDS = [
  'hotline.bench.run',
  'hotline.bench.profile',
  'hotline.bench.compareWithBaseline',
  'hotline.bench.saveBaseline',
  'hotline.bench.showResults',
] as const;

export function register(context: vscode.ExtensionContext): vscode.Disposable[] {
  const output = vscode.window.createOutputChannel('Hotline Benchmarks');
  const bench = new BenchController(output);
  const disposables: vscode.Disposable[] = [
    output,
    vscode.languages.registerCodeLensProvider(BENCH_SELECTOR, new BenchCodeLensProvider()),
    vscode.commands.registerCommand('hotline.bench.run', (uri?: unknown, name?: string) => bench.run(uri, name)),
    vscode.commands.registerCommand('hotline.bench.profile', (uri?: unknown, name?: string) => bench.profile(uri, name)),
    vscode.commands.registerCommand('hotline.bench.compareWithBaseline', (uri?: unknown, name?: string) => bench.compareWithBaseline(uri, name)),
    vscode.commands.registerCommand('hotline.bench.saveBaseline', (uri?: unknown) => bench.saveBaseline(uri)),
    vscode.commands.registerCommand('hotline.bench.showResults', () => bench.showResults()),
  ];
  context.subscriptions.push(...disposables);
  return disposables;
}

/** For extension-host tests: the HTML of the results view, if open. */
export const benchResultsHtml = (): string | undefined => BenchResultsPanel.currentHtml();
