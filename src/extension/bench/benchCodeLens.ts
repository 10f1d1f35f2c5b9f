// CodeLens above each benchmark: Run, Profile, Compare with baseline.
import * as vscode from 'vscode';
import { benchGlobs, findBenchmarks, languageOfBenchFile, profilesWholeTarget } from '../../core/bench';

export const BENCH_SELECTOR: vscode.DocumentSelector = benchGlobs().map((pattern) => ({ scheme: 'file', pattern }));

export class BenchCodeLensProvider implements vscode.CodeLensProvider {
  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const language = languageOfBenchFile(document.uri.path);
    if (!language) return [];
    const lenses: vscode.CodeLens[] = [];
    for (const b of findBenchmarks(document.getText(), language)) {
      const range = new vscode.Range(b.line, 0, b.line, 0);
      const args = [document.uri, b.name];
      lenses.push(
        new vscode.CodeLens(range, {
          title: '$(play) Run benchmark',
          command: 'hotline.bench.run',
          arguments: args,
          tooltip: `Run ${b.name} with its own tool and show median, p95, p99, CV`,
        }),
        new vscode.CodeLens(range, {
          title: '$(flame) Profile benchmark',
          command: 'hotline.bench.profile',
          arguments: args,
          tooltip: profilesWholeTarget(language)
            ? 'Profile this bench target (all its benchmarks) and show the flame graph'
            : `Profile ${b.name} and show the flame graph`,
        }),
        new vscode.CodeLens(range, {
          title: '$(diff) Compare with baseline',
          command: 'hotline.bench.compareWithBaseline',
          arguments: args,
          tooltip: 'Run it and compare with a saved baseline (.hotline/baselines)',
        }),
      );
    }
    return lenses;
  }
}
