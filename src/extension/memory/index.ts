/**
 * Memory features in the editor: "Profile Memory Allocations" (flame graph and annotations in bytes,
 * memory over time) and "Find Memory Leaks…" (the leak finder on a function of the current file, or
 * its whole program; Go files in goLeaks.ts; diagnostics on the lines whose allocations grew, the
 * report in the "Hotline Memory" output).
 * The extension's wiring calls memoryArea({ library }) and registers its commands with every other table.
 */
import * as vscode from 'vscode';
import { runLeakFinder, runMemoryProfile, runProgramLeaks, memoryLanguageOf, memorySpec, type LeakFinderRun } from '../../profilers/memory/index';
import type { LeakReport } from '../../core/memory/leakReport';
import { formatLeakReport } from '../../core/memory/leakReportText';
import { operationCandidates } from '../../core/memory/operationCandidates';
import { ensureTrustedToRun } from '../workspaceTrust';
import { executableSetting, runSettings } from '../settings';
import { hotlineLog } from '../log';
import type { CommandTable } from '../commandIds';
import { pythonInterpreter } from '../pythonInterpreter';
import { profileSummary, type ProfileLibrary } from '../profileLibrary';
import { showMemoryChart } from './memoryChartPanel';
import { findGoLeaks } from './goLeaks';
import { showLineWarnings, type LineWarning } from './lineWarnings';

export interface MemoryFeatureDeps {
  /** Where a recorded allocation profile is kept, made active (annotations) and shown (flame graph). */
  library?: ProfileLibrary;
}

export interface MemoryArea {
  commands: CommandTable<'memory'>;
  disposables: vscode.Disposable[];
}

export function memoryArea(deps: MemoryFeatureDeps = {}): MemoryArea {
  const diagnostics = vscode.languages.createDiagnosticCollection('hotline-leaks');
  const output = vscode.window.createOutputChannel('Hotline Memory');
  return {
    disposables: [diagnostics, output],
    commands: {
      'hotline.memory.findLeaks': (uri?: vscode.Uri) => findLeaks(uri, diagnostics, output),
      'hotline.memory.profileAllocations': (uri?: vscode.Uri) => profileAllocations(uri, deps),
    },
  };
}

function targetFile(uri?: vscode.Uri): vscode.Uri | undefined {
  const u = uri ?? vscode.window.activeTextEditor?.document.uri;
  return u?.scheme === 'file' ? u : undefined;
}

async function executables(uri: vscode.Uri): Promise<{ python?: string; node?: string; go?: string }> {
  return {
    python: memoryLanguageOf(uri.fsPath) === 'python' ? (await pythonInterpreter(uri)).path : undefined,
    node: executableSetting('node.executable'),
    go: executableSetting('go.executable'),
  };
}

async function findLeaks(uri: vscode.Uri | undefined, diagnostics: vscode.DiagnosticCollection, output: vscode.OutputChannel): Promise<void> {
  const file = targetFile(uri);
  const language = file ? memoryLanguageOf(file.fsPath) : null;
  if (file && language === 'go') {
    if (await ensureTrustedToRun('find memory leaks')) await findGoLeaks(file, diagnostics, output);
    return;
  }
  if (!file || !language || !memorySpec(language).leaks) {
    void vscode.window.showWarningMessage(
      'Hotline: open a Python, JavaScript or TypeScript file that defines (Python) or exports (Node) the operation to repeat, or a file of a Go main package.',
    );
    return;
  }
  if (!(await ensureTrustedToRun('find memory leaks'))) return;
  const doc = await vscode.workspace.openTextDocument(file);
  const candidates = operationCandidates(doc.getText(), language === 'python' ? 'python' : 'javascript');
  const other = '$(edit) Another function…';
  // Python and JavaScript programs can also run as themselves (no function to repeat: servers, workers).
  const whole = /\.(?:py|[cm]?js)$/.test(file.fsPath) ? '$(pulse) Watch the whole program' : undefined;
  const picked = await vscode.window.showQuickPick([...(whole ? [whole] : []), ...candidates, other], {
    title: 'Find Memory Leaks: which operation leaks when repeated?',
    placeHolder: language === 'python' ? 'a top-level function, called with no arguments' : 'an exported function, called with no arguments (awaited if async)',
  });
  if (!picked) return;
  const run = picked === whole ? await watchWholeProgram(file) : await repeatOperation(file, picked, other);
  if (!run) return;
  const call = run.report.call ? `${run.report.call}()` : 'the program';
  output.clear();
  output.appendLine(formatLeakReport(run.report, { limit: 12 }));
  if (run.files.length) output.appendLine(`\nfiles: ${run.files.join(', ')}`);
  setLeakDiagnostics(diagnostics, run.report);
  const top = run.report.kinds[0];
  const pattern = run.report.patterns[0];
  const message = run.report.grew
    ? `Hotline: memory grows with ${call}: ${top ? `+${top.countDelta} ${top.name}` : ''}${pattern ? ` — ${pattern.title.toLowerCase()}` : ''}`
    : `Hotline: ${call} did not leak over ${run.report.runs} ${run.report.wholeProgram ? 'snapshot intervals' : 'runs'}.`;
  if (run.report.wholeProgram) showMemoryChart(vscode.workspace.asRelativePath(file), run.series, run.gc);
  const site = top?.allocatedAt?.[0] ?? run.report.sites[0];
  const choice = await vscode.window.showInformationMessage(message, 'Show Report', ...(run.report.grew && site?.file ? ['Go to Line'] : []));
  if (choice === 'Show Report') output.show(true);
  if (choice === 'Go to Line' && site?.file && site.line) {
    const editor = await vscode.window.showTextDocument(vscode.Uri.file(site.file));
    const pos = new vscode.Position(site.line - 1, 0);
    editor.selection = new vscode.Selection(pos, pos);
    editor.revealRange(new vscode.Range(pos, pos), vscode.TextEditorRevealType.InCenter);
  }
}

async function repeatOperation(file: vscode.Uri, picked: string, other: string): Promise<LeakFinderRun | undefined> {
  const call =
    picked === other
      ? await vscode.window.showInputBox({ prompt: 'Function name', validateInput: (v) => (/^[A-Za-z_$][\w$]*$/.test(v) ? undefined : 'a function name') })
      : picked;
  if (!call) return undefined;
  const runsText = await vscode.window.showInputBox({
    prompt: 'Runs between the two snapshots (a leak grows with each run)',
    value: '50',
    validateInput: (v) => (/^[1-9]\d*$/.test(v) ? undefined : 'a whole number >= 1'),
  });
  if (!runsText) return undefined;
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Hotline: running ${call}() ${runsText} times and comparing heap snapshots…`, cancellable: true },
    (_progress, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      return executables(file).then((exe) =>
        runLeakFinder(
          { program: file.fsPath, call, runs: Number(runsText), cwd: vscode.workspace.getWorkspaceFolder(file)?.uri.fsPath, ...exe },
          { signal: controller.signal, timeoutMs: runSettings().timeoutMs, onOutput: (l) => hotlineLog().info(l) },
        ),
      );
    },
  );
}

/** The program runs as itself and its heap is snapshotted every 2 s, 4 times (Node: with --trace-gc). */
async function watchWholeProgram(file: vscode.Uri): Promise<LeakFinderRun> {
  return vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: `Hotline: watching the heap of ${vscode.workspace.asRelativePath(file)} (4 snapshots, 2 s apart)…`,
      cancellable: true,
    },
    (_progress, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      return executables(file).then((exe) =>
        runProgramLeaks(
          { program: file.fsPath, cwd: vscode.workspace.getWorkspaceFolder(file)?.uri.fsPath, ...exe },
          { signal: controller.signal, timeoutMs: runSettings().timeoutMs, onOutput: (l) => hotlineLog().info(l) },
        ),
      );
    },
  );
}

/** A warning on each line whose allocations grew per run, naming the kind, its holder and the pattern. */
function setLeakDiagnostics(collection: vscode.DiagnosticCollection, report: LeakReport): void {
  if (!report.grew) return showLineWarnings(collection, []);
  const warnings: LineWarning[] = [];
  const pattern = report.patterns[0] ? ` (${report.patterns[0].title.toLowerCase()})` : '';
  const over = report.wholeProgram ? `over ${report.runs} snapshot intervals` : `after ${report.runs} runs of ${report.call}()`;
  const per = report.wholeProgram ? 'snapshot interval' : `run of ${report.call}()`;
  // The user's own kinds and closures; V8's internals ("(closure scope)", "(string)") add only noise here.
  const shown = report.kinds.filter((k) => k.countDelta >= report.runs * 0.5 && (!k.name.startsWith('(') || k.name.startsWith('(closure)')));
  for (const k of shown.slice(0, 6)) {
    const holder = k.retainerPath?.length ? `; held by ${k.retainerPath.map((s) => s.text).join(' -> ')}` : '';
    for (const s of k.allocatedAt ?? []) warnings.push({ file: s.file, line: s.line, text: `+${k.countDelta} ${k.name} ${over}${holder}${pattern}` });
  }
  for (const s of report.sites.slice(0, 5)) {
    if (s.sizeDelta / report.runs > 64)
      warnings.push({ file: s.file, line: s.line, text: `allocations here grew by ${Math.round(s.sizeDelta / report.runs)} bytes per ${per}${pattern}` });
  }
  showLineWarnings(collection, warnings);
}

async function profileAllocations(uri: vscode.Uri | undefined, deps: MemoryFeatureDeps): Promise<void> {
  const file = targetFile(uri);
  if (!file || !memoryLanguageOf(file.fsPath)) {
    void vscode.window.showWarningMessage('Hotline: memory profiles support Python, JavaScript, TypeScript and Go files; open one first.');
    return;
  }
  if (!(await ensureTrustedToRun('profile memory'))) return;
  const run = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Hotline: profiling the memory of ${vscode.workspace.asRelativePath(file)}…`, cancellable: true },
    async (_progress, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      const exe = await executables(file);
      const tracer = vscode.workspace.getConfiguration('hotline').get<string>('python.memoryProfiler');
      return runMemoryProfile(
        {
          program: file.fsPath,
          cwd: vscode.workspace.getWorkspaceFolder(file)?.uri.fsPath,
          ...exe,
          pythonTracer: tracer === 'memray' || tracer === 'tracemalloc' ? tracer : 'auto',
        },
        { signal: controller.signal, timeoutMs: runSettings().timeoutMs, onOutput: (l) => hotlineLog().info(l) },
      );
    },
  );
  hotlineLog().info(`memory profile: ${run.argv.join(' ')} -> ${run.profilePath} (exit code ${run.exitCode})`);
  if (deps.library) {
    const entry = await deps.library.store.reference(
      run.profilePath,
      profileSummary(run.profile),
      `${vscode.workspace.asRelativePath(file)} · memory · ${new Date().toLocaleTimeString()}`,
    );
    deps.library.show(deps.library.adopt(entry, run.profile));
  }
  showMemoryChart(vscode.workspace.asRelativePath(file), run.series);
  if (run.exitCode)
    void vscode.window.showWarningMessage(`Hotline: the program exited with code ${run.exitCode}; the profile holds what it allocated until then.`);
}
