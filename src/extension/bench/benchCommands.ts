// Run / compare / save / profile commands for benchmarks, used by the CodeLens and the palette.
import { existsSync, readdirSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import * as vscode from 'vscode';
import {
  appendHistory,
  baselinePath,
  benchmarkKey,
  compareRuns,
  comparisonText,
  exactNameRegex,
  historySeries,
  languageOfBenchFile,
  readBaseline,
  readHistory,
  runText,
  toBaseline,
  writeBaseline,
  type BenchRun,
} from '../../core/bench';
import { detectBenchSuites, runBenchSuite, type BenchRunOptions, type BenchSuite } from '../../profilers/bench';
import { ensureTrustedToRun } from '../workspaceTrust';
import { BenchResultsPanel } from './resultsPanel';

export class BenchController {
  constructor(private readonly output: vscode.OutputChannel) {}

  private workspaceRoot(uri: vscode.Uri): string | undefined {
    return vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath ?? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  }

  private targetUri(uri?: unknown): vscode.Uri | undefined {
    const u = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
    if (!u || u.scheme !== 'file' || !languageOfBenchFile(u.path)) {
      void vscode.window.showInformationMessage(
        'Hotline: open a benchmark file (test_*.py with pytest-benchmark, *_test.go, benches/*.rs, *.bench.mjs) first.',
      );
      return undefined;
    }
    return u;
  }

  /** The suite of a file, narrowed to one benchmark when `name` is given. */
  private suiteFor(uri: vscode.Uri, name?: string): { suite: BenchSuite; filter?: string } | undefined {
    const suite = detectBenchSuites(uri.fsPath)[0];
    if (!suite) {
      void vscode.window.showWarningMessage(`Hotline: no benchmarks found in ${basename(uri.fsPath)} (a Rust bench needs criterion in Cargo.toml).`);
      return undefined;
    }
    if (!name) return { suite };
    switch (suite.tool) {
      case 'pytest-benchmark':
        return { suite: { ...suite, files: [`${relative(suite.cwd, uri.fsPath)}::${name}`] } };
      case 'go-test':
      case 'criterion':
        return { suite, filter: exactNameRegex(name) };
      default:
        // Hotline's Node runner takes a regular expression: this name exactly (not `joinFast` for `join`).
        return { suite: { ...suite, files: [relative(suite.cwd, uri.fsPath)] }, filter: exactNameRegex(name) };
    }
  }

  private options(filter?: string): BenchRunOptions {
    const cfg = vscode.workspace.getConfiguration('hotline');
    const str = (k: string) => cfg.get<string>(k) || undefined;
    return {
      filter,
      python: str('python.interpreter'),
      go: str('go.executable'),
      cargo: str('cargo.executable'),
      node: str('node.executable'),
      onOutput: (l) => this.output.appendLine(l),
    };
  }

  private async runWithProgress(uri: vscode.Uri, name: string | undefined): Promise<BenchRun | undefined> {
    if (!(await ensureTrustedToRun('run benchmarks'))) return undefined;
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (doc?.isDirty && !(await doc.save())) return undefined;
    const target = this.suiteFor(uri, name);
    if (!target) return undefined;
    const title = `Hotline: benchmarking ${name ?? basename(uri.fsPath)} (${target.suite.tool})`;
    this.output.appendLine(`\n== ${title}`);
    try {
      return await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (_p, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        const r = await runBenchSuite(target.suite, { ...this.options(target.filter), signal: abort.signal });
        this.output.appendLine(`$ ${r.argv.join(' ')}`);
        this.output.appendLine(runText(r.run));
        return r.run;
      });
    } catch (err) {
      const e = err as Error;
      this.output.appendLine(e.message);
      // Not awaited: the command ends now, whether or not the message is answered.
      void vscode.window.showErrorMessage(`Hotline: ${e.message.split('\n')[0]}`, 'Show Output').then((choice) => {
        if (choice === 'Show Output') this.output.show(true);
      });
      return undefined;
    }
  }

  private history(root: string | undefined) {
    return root ? historySeries(readHistory(root).runs) : new Map();
  }

  async run(uri?: unknown, name?: string): Promise<BenchRun | undefined> {
    const target = this.targetUri(uri);
    if (!target) return undefined;
    const run = await this.runWithProgress(target, typeof name === 'string' ? name : undefined);
    if (!run) return undefined;
    const root = this.workspaceRoot(target);
    if (root) appendHistory(root, run);
    BenchResultsPanel.show({ title: `Benchmarks · ${typeof name === 'string' ? name : basename(target.fsPath)}`, run, history: this.history(root) });
    return run;
  }

  async compareWithBaseline(uri?: unknown, name?: string): Promise<void> {
    const target = this.targetUri(uri);
    if (!target) return;
    // Before any question: comparing means running the benchmarks.
    if (!(await ensureTrustedToRun('run benchmarks'))) return;
    const root = this.workspaceRoot(target);
    if (!root) return;
    const dir = join(root, '.hotline', 'baselines');
    let names: string[] = [];
    try {
      names = readdirSync(dir)
        .filter((f) => f.endsWith('.json'))
        .map((f) => f.slice(0, -5));
    } catch {
      // no baselines yet
    }
    if (names.length === 0) {
      const choice = await vscode.window.showInformationMessage(
        'Hotline: no baseline saved yet (.hotline/baselines). Save one from the current code?',
        'Save Baseline…',
      );
      if (choice) await this.saveBaseline(target);
      return;
    }
    const picked = names.length === 1 ? names[0] : await vscode.window.showQuickPick(names, { placeHolder: 'Compare with which baseline?' });
    if (!picked) return;
    const baseline = readBaseline(baselinePath(root, picked));
    const run = await this.runWithProgress(target, typeof name === 'string' ? name : undefined);
    if (!run) return;
    appendHistory(root, run);
    // A single benchmark's run is compared with that benchmark only, not flagged "removed" for the rest.
    const keys = new Set(run.benchmarks.map(benchmarkKey));
    const base = typeof name === 'string' ? { ...baseline, benchmarks: baseline.benchmarks.filter((b) => keys.has(benchmarkKey(b))) } : baseline;
    const comparison = compareRuns(base, run);
    this.output.appendLine(comparisonText(comparison));
    BenchResultsPanel.show({ title: `Benchmarks vs ${picked}`, run, comparison, history: this.history(root) });
    const slow = comparison.rows.filter((r) => r.verdict === 'slower');
    if (slow.length) void vscode.window.showWarningMessage(`Hotline: ${slow.map((r) => `${r.key} ${r.reason}`).join('; ')}`);
    else void vscode.window.showInformationMessage(`Hotline: no regression against ${picked} (${comparison.improvements} faster).`);
  }

  async saveBaseline(uri?: unknown): Promise<void> {
    const target = this.targetUri(uri);
    if (!target) return;
    if (!(await ensureTrustedToRun('run benchmarks'))) return;
    const root = this.workspaceRoot(target);
    if (!root) return;
    const name = await vscode.window.showInputBox({
      prompt: 'Baseline name (saved as .hotline/baselines/NAME.json)',
      value: 'main',
      validateInput: (v) => (/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/.test(v) && !v.includes('..') ? undefined : 'letters, digits, ".", "-" and "_"'),
    });
    if (!name) return;
    const path = baselinePath(root, name);
    const exists = existsSync(path);
    if (exists) {
      const ok = await vscode.window.showWarningMessage(`Baseline "${name}" already exists. Replace it with a new run?`, { modal: true }, 'Replace');
      if (ok !== 'Replace') return;
    }
    const run = await this.runWithProgress(target, undefined);
    if (!run) return;
    appendHistory(root, run);
    writeBaseline(path, toBaseline(run, name), { force: exists });
    void vscode.window.showInformationMessage(
      `Hotline: saved baseline ${relative(root, path)} (${run.benchmarks.length} benchmarks). Commit it to compare in CI.`,
    );
    BenchResultsPanel.show({ title: `Benchmarks · baseline ${name}`, run, history: this.history(root) });
  }

  /**
   * Profiles a benchmark file through "Profile Current File", which knows benchmark files: Go's
   * run under `go test -bench -cpuprofile`, Rust's under `cargo bench` + perf, pytest files under
   * pytest inside py-spy, *.bench.mjs through Hotline's runner under `node --cpu-prof`. From a
   * CodeLens, `name` narrows it to that benchmark (not for criterion: the bench target runs whole).
   */
  async profile(uri?: unknown, name?: string): Promise<void> {
    const target = this.targetUri(uri);
    if (!target) return;
    await vscode.commands.executeCommand('hotline.profileCurrentFile', target, typeof name === 'string' ? { benchmark: name } : undefined);
  }

  showResults(): void {
    const editor = vscode.window.activeTextEditor?.document.uri;
    const root = editor ? this.workspaceRoot(editor) : vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    const runs = root ? readHistory(root).runs : [];
    BenchResultsPanel.show({ title: 'Benchmarks · latest run', run: runs[runs.length - 1], history: historySeries(runs) });
  }
}
