/**
 * "Find Memory Leaks…" on a Go file: run the file's main package and watch it (go build, run with
 * HOTLINE_PPROF_ADDR and gctrace), or watch a service already running by its pprof URL; 4 goroutine
 * and heap profiles 2 s apart (progress with Cancel, the program's whole process group ended). The
 * Goroutine Diff panel shows what grew, the report goes to the "Hotline Memory" output, warnings
 * sit on the lines goroutines wait at and the lines whose live bytes grew, and Memory over Time
 * shows the heap after each GC when the program was run here.
 */
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import { formatGcSummary, summarizeGc } from '../../core/memory/gcLog';
import { formatGoLeakReport, type GoLeakReport } from '../../core/memory/goLeakReport';
import { goroutineDiffPageHtml } from '../../core/memory/goroutineDiffPage';
import { runGoLeaks, type GoLeakRun } from '../../profilers/memory/index';
import { hotlineLog } from '../log';
import { executableSetting, runSettings } from '../settings';
import { StaticPagePanel } from '../staticPagePanel';
import { showMemoryChart } from './memoryChartPanel';
import { showLineWarnings, type LineWarning } from './lineWarnings';

const panel = new StaticPagePanel('hotline.goroutineDiff', 'the goroutine diff');

/** Runs the Go leak watch chosen by the user and shows it; undefined when the user backed out. */
export async function findGoLeaks(file: vscode.Uri, diagnostics: vscode.DiagnosticCollection, output: vscode.OutputChannel): Promise<GoLeakRun | undefined> {
  const runHere = '$(pulse) Run this program and watch it';
  const attach = '$(plug) Watch a running service by its pprof URL…';
  const picked = await vscode.window.showQuickPick([runHere, attach], {
    title: 'Find Memory Leaks (Go): goroutines and heap that only grow',
    placeHolder: 'the program serves net/http/pprof on $HOTLINE_PPROF_ADDR when Hotline runs it',
  });
  if (!picked) return undefined;
  const url =
    picked === attach
      ? await vscode.window.showInputBox({
          prompt: 'URL of the Go service serving net/http/pprof',
          value: 'http://127.0.0.1:6060',
          validateInput: (v) => (/^(https?:\/\/)?[\w.-]+(:\d+)?(\/.*)?$/.test(v.trim()) ? undefined : 'An http(s) URL, e.g. http://127.0.0.1:6060'),
        })
      : undefined;
  if (picked === attach && !url) return undefined;
  const name = url ?? vscode.workspace.asRelativePath(dirname(file.fsPath));
  const run = await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: `Hotline: watching the goroutines and heap of ${name} (4 snapshots, 2 s apart)…`,
      cancellable: true,
    },
    (_progress, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      return runGoLeaks(
        { ...(url ? { url: url.trim() } : { program: dirname(file.fsPath) }), go: executableSetting('go.executable') },
        { signal: controller.signal, timeoutMs: runSettings().timeoutMs, onOutput: (l) => hotlineLog().info(l) },
      );
    },
  );
  showGoLeakRun(run, name, diagnostics, output);
  return run;
}

function showGoLeakRun(run: GoLeakRun, name: string, diagnostics: vscode.DiagnosticCollection, output: vscode.OutputChannel): void {
  const r = run.report;
  const gc = run.gc?.length ? summarizeGc(run.gc) : undefined;
  output.clear();
  output.appendLine(formatGoLeakReport(r, { limit: 12 }) + (gc ? `\n\n${formatGcSummary(gc)}` : ''));
  output.appendLine(`\nprofiles: ${run.files.join(', ')}`);
  showLineWarnings(diagnostics, r.grew ? goLeakWarnings(r) : []);
  // The chart first: the diff opens last, in front of it.
  if (run.gc?.length) showMemoryChart(name, run.series, run.gc);
  panel.show(`Goroutine Diff: ${name}`, (nonce, cspSource) =>
    goroutineDiffPageHtml({ title: name, report: r, relative: (f) => vscode.workspace.asRelativePath(f) }, { nonce, cspSource }),
  );
  const g = r.goroutines.find((x) => x.blockedAt);
  void vscode.window.showInformationMessage(
    r.grew
      ? `Hotline: ${g ? `goroutines waiting in ${g.wait ?? 'running'} at ${g.blockedAt!.name} grew ${g.counts.join(' → ')}` : 'live heap grew in every interval'}${r.patterns[0] ? ` — ${r.patterns[0].title.toLowerCase()}` : ''}`
      : `Hotline: no goroutines or live heap grew over ${r.snapshots.length - 1} intervals.`,
  );
}

/** A warning on each line goroutines that only grow wait at, and on each line whose live bytes only grew. */
function goLeakWarnings(r: GoLeakReport): LineWarning[] {
  const pattern = (id: string) => r.patterns.find((p) => p.id === id)?.title.toLowerCase();
  const channel = pattern('goroutine-blocked-on-channel');
  const container = pattern('unbounded-container-growth');
  return [
    ...r.goroutines.flatMap((g) =>
      g.blockedAt
        ? [
            {
              file: g.blockedAt.file,
              line: g.blockedAt.line,
              text: `goroutines waiting in ${g.wait ?? 'running'} here grew in every snapshot: ${g.counts.join(' -> ')}${g.onChannel && channel ? ` (${channel})` : ''}`,
            },
          ]
        : [],
    ),
    ...r.heap.map((s) => ({
      file: s.file,
      line: s.line,
      text: `live bytes allocated here grew in every snapshot: ${s.bytes.map((b) => Math.round(b)).join(' -> ')}${s.container ? ` (grows ${s.container.kind} ${s.container.name}${container ? `: ${container}` : ''})` : ''}`,
    })),
  ];
}
