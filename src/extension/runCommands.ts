/**
 * Commands that run something: Profile Current File, attach to a process or a Go pprof endpoint,
 * profile a launch configuration, "What is slow?", and Measure again (same request, then the diff).
 */
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import * as vscode from 'vscode';
import type { CommandTable } from './commandIds';
import { forBenchmark, parseLaunchConfigurations, whatIsSlowChoices, type GoPprofKind, type MeasureMode, type ProfileRequest } from '../core/plan/index';
import { languageOfVscodeId } from '../core/languages';
import { withNodeBenchRunner } from '../profilers/bench';
import { prepareAttach, prepareGoPprof, preparePlan } from '../profilers/index';
import { attachKindOfCommand } from '../profilers/attachKind';
import { listProcesses } from './processList';
import { hotlineLog } from './log';
import type { ProfileLibrary } from './profileLibrary';
import { runAndShow } from './profileRun';
import { ensureTrustedToRun } from './workspaceTrust';
import type { KeptProfile } from './profileStore';
import { pythonInterpreter } from './pythonInterpreter';
import { executableSetting, runSettings } from './settings';

/** The page, memory and bench areas' commands that implement the other modes of "What is slow?". */
const MODE_COMMANDS: Record<Exclude<MeasureMode, 'cpu-profile'>, string> = {
  'load-test': 'hotline.load.profileService',
  'page-audit': 'hotline.page.audit',
  'allocation-profile': 'hotline.memory.profileAllocations',
  'leak-finder': 'hotline.memory.findLeaks',
  benchmark: 'hotline.bench.run',
};

/** A stored request: plain JSON without per-run fields. */
function storableRequest(req: ProfileRequest): ProfileRequest {
  const { startedAt: _s, missingTools: _m, tempDir: _t, ...rest } = req;
  return rest;
}

export class RunCommands {
  private lastRun?: KeptProfile;

  constructor(private readonly library: ProfileLibrary) {
    library.active.onDidChange(() => this.updateContext());
  }

  /** The kept profile "Measure again" repeats: the active one when it was recorded here, else the last run. */
  measurable(): KeptProfile | undefined {
    const entry = this.library.active.get()?.entry;
    return entry?.request ? entry : this.lastRun;
  }

  private updateContext(): void {
    void vscode.commands.executeCommand('setContext', 'hotline.canMeasureAgain', this.measurable() !== undefined);
  }

  private async request(program: string, languageId: string | undefined, uri?: vscode.Uri): Promise<ProfileRequest> {
    const s = runSettings();
    const folder = uri ? vscode.workspace.getWorkspaceFolder(uri) : vscode.workspace.workspaceFolders?.[0];
    const python = languageId === 'python' ? await pythonInterpreter(uri) : undefined;
    if (python) hotlineLog().info(`python interpreter: ${python.path} (from ${python.source})`);
    const request: ProfileRequest = {
      program,
      workspaceRoot: folder?.uri.fsPath,
      outDir: this.library.store.folder(),
      rateHz: languageId === 'python' || languageId === undefined ? s.rateHz : undefined,
      timeoutSeconds: s.timeoutMs / 1000,
      profiler: languageId === 'python' && s.pythonProfiler !== 'auto' ? (s.pythonProfiler === 'cProfile' ? 'cprofile' : 'py-spy') : 'auto',
      executables: {
        python: python?.path ?? executableSetting('python.interpreter'),
        node: executableSetting('node.executable'),
        go: executableSetting('go.executable'),
        cargo: executableSetting('cargo.executable'),
        pyspy: executableSetting('pyspy.executable'),
        perf: executableSetting('perf.executable'),
      },
      python: { native: s.pythonNative, subprocesses: s.pythonSubprocesses },
      node: { samplingIntervalMicros: s.nodeIntervalMicros },
    };
    // A *.bench.mjs file runs through Hotline's own runner (shipped in dist/helpers).
    return withNodeBenchRunner(request);
  }

  private async profileRequest(request: ProfileRequest, name: string, baseline?: KeptProfile): Promise<KeptProfile | undefined> {
    const entry = await runAndShow(this.library, () => preparePlan({ ...request, startedAt: new Date() }), {
      title: `Profiling ${basename(request.program)}`,
      name,
      sourceFile: request.program,
      request: storableRequest(request),
      baseline,
    });
    if (entry) {
      this.lastRun = entry;
      this.updateContext();
    }
    return entry;
  }

  /** `options.benchmark`: in a benchmark file, profile that benchmark only (from its CodeLens). */
  async profileCurrentFile(uri?: vscode.Uri, options?: { benchmark?: string }): Promise<KeptProfile | undefined> {
    const target = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
    if (!target || target.scheme !== 'file') {
      void vscode.window.showInformationMessage('Hotline: open a Python, JavaScript, TypeScript, Go, Rust or C/C++ file to profile it.');
      return undefined;
    }
    // Before saving or asking the Python extension for an interpreter: nothing runs in Restricted Mode.
    if (!(await ensureTrustedToRun('profile this file'))) return undefined;
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === target.toString());
    // The profiler runs the file on disk: unsaved edits would be profiled as the old version.
    if (doc?.isDirty && !(await doc.save())) {
      void vscode.window.showWarningMessage(`Hotline: ${basename(target.fsPath)} has unsaved changes that could not be saved; not profiling the old version.`);
      return undefined;
    }
    const request = await this.request(target.fsPath, doc?.languageId, target);
    const benchmark = options?.benchmark;
    return this.profileRequest(
      benchmark ? forBenchmark(request, benchmark) : request,
      `${benchmark ?? basename(target.fsPath)} · ${new Date().toLocaleTimeString()}`,
    );
  }

  async measureAgain(): Promise<void> {
    // A kept profile's stored request can come from the workspace's own profiles folder.
    if (!(await ensureTrustedToRun('measure again'))) return;
    const previous = this.measurable();
    if (!previous?.request) {
      void vscode.window.showInformationMessage('Hotline: nothing to measure again yet: profile a file first.');
      return;
    }
    const request = previous.request as ProfileRequest;
    // Executables always come from the current (machine-scoped) settings, never from a stored
    // request that a workspace's profiles folder could have supplied.
    const languageId = /\.pyw?$/i.test(request.program) ? 'python' : undefined;
    const current = await this.request(request.program, languageId, vscode.Uri.file(request.program));
    // Likewise the benchmark runner: Hotline's own, never a path from the stored request.
    const node = { ...request.node, benchRunner: current.node?.benchRunner };
    await this.profileRequest(
      { ...request, executables: current.executables, node, outDir: this.library.store.folder() },
      `${basename(request.program)} · again ${new Date().toLocaleTimeString()}`,
      previous,
    );
  }

  async profileWithLaunchConfig(): Promise<void> {
    if (!(await ensureTrustedToRun('profile a launch configuration'))) return;
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!folder) {
      void vscode.window.showInformationMessage('Hotline: open a folder with a .vscode/launch.json first.');
      return;
    }
    let text: string;
    try {
      text = await readFile(join(folder.uri.fsPath, '.vscode', 'launch.json'), 'utf8');
    } catch {
      // launch configurations may also live in the workspace settings
      const configurations = vscode.workspace.getConfiguration('launch', folder.uri).get<unknown[]>('configurations') ?? [];
      text = JSON.stringify({ configurations });
    }
    const entries = parseLaunchConfigurations(text, {
      workspaceFolder: folder.uri.fsPath,
      file: vscode.window.activeTextEditor?.document.uri.fsPath,
      env: process.env,
      userHome: process.env.HOME,
    });
    if (entries.length === 0) {
      void vscode.window.showInformationMessage('Hotline: no launch configurations found in .vscode/launch.json.');
      return;
    }
    const pick = await vscode.window.showQuickPick(
      entries.map((e) => ({
        label: e.name,
        description: e.type,
        detail: e.request ? [e.request.program, ...(e.request.args ?? [])].join(' ') + (e.reason ? ` — ${e.reason}` : '') : `cannot be profiled: ${e.reason}`,
        entry: e,
      })),
      { placeHolder: 'Profile which launch configuration? (Python, Node and Go entries)' },
    );
    if (!pick) return;
    if (!pick.entry.request) {
      void vscode.window.showWarningMessage(`Hotline: "${pick.entry.name}" cannot be profiled: ${pick.entry.reason}`);
      return;
    }
    const languageId = /python|debugpy/.test(pick.entry.type) ? 'python' : undefined;
    const base = await this.request(pick.entry.request.program, languageId, vscode.Uri.file(pick.entry.request.program));
    await this.profileRequest({ ...base, ...pick.entry.request }, `${pick.entry.name} · ${new Date().toLocaleTimeString()}`);
  }

  async attachToProcess(): Promise<void> {
    // Checked before listing processes (ps) and before asking anything the run would then refuse.
    if (!(await ensureTrustedToRun('attach a profiler to a process'))) return;
    const processes = await listProcesses();
    const pick = await vscode.window.showQuickPick(
      processes.map((p) => ({ label: `${p.pid}  ${p.name}`, detail: p.command, process: p })),
      { placeHolder: 'Attach to which process? (Python through py-spy, Node through its inspector, others through perf)', matchOnDetail: true },
    );
    if (!pick) return;
    const s = runSettings();
    const secondsText = await vscode.window.showInputBox({
      prompt: `Record ${pick.process.name} (pid ${pick.process.pid}) for how many seconds?`,
      value: String(s.attachSeconds),
      validateInput: (v) => (/^\d+$/.test(v.trim()) && Number(v) > 0 ? undefined : 'A whole number of seconds'),
    });
    if (!secondsText) return;
    const kind = attachKindOfCommand(pick.process.name, pick.process.command);
    const folder = vscode.workspace.workspaceFolders?.[0];
    await runAndShow(
      this.library,
      () =>
        prepareAttach({
          kind,
          pid: pick.process.pid,
          seconds: Number(secondsText),
          rateHz: s.rateHz,
          outDir: this.library.store.folder(),
          workspaceRoot: folder?.uri.fsPath,
          label: pick.process.command,
          python: { native: s.pythonNative, subprocesses: s.pythonSubprocesses },
          node: { samplingIntervalMicros: s.nodeIntervalMicros },
          executables: { pyspy: executableSetting('pyspy.executable'), perf: executableSetting('perf.executable') },
          startedAt: new Date(),
        }),
      {
        title: `Recording pid ${pick.process.pid} for ${secondsText} s`,
        name: `pid ${pick.process.pid} ${pick.process.name} · ${new Date().toLocaleTimeString()}`,
      },
    );
  }

  async attachGoPprof(): Promise<void> {
    if (!(await ensureTrustedToRun('fetch a profile from a Go program'))) return;
    const url = await vscode.window.showInputBox({
      prompt: 'URL of the Go program serving net/http/pprof',
      value: 'http://localhost:6060',
      validateInput: (v) => (/^(https?:\/\/)?[\w.-]+(:\d+)?(\/.*)?$/.test(v.trim()) ? undefined : 'An http(s) URL, e.g. http://localhost:6060'),
    });
    if (!url) return;
    const kinds: { label: GoPprofKind; detail: string }[] = [
      { label: 'cpu', detail: 'CPU profile over the chosen seconds' },
      { label: 'heap', detail: 'In-use and allocated memory' },
      { label: 'allocs', detail: 'All past allocations' },
      { label: 'goroutine', detail: 'Stacks of all goroutines' },
      { label: 'block', detail: 'Blocking on synchronization (needs runtime.SetBlockProfileRate)' },
      { label: 'mutex', detail: 'Mutex contention (needs runtime.SetMutexProfileFraction)' },
      { label: 'trace', detail: 'Execution trace over the chosen seconds, shown as where goroutines blocked on channels and locks' },
    ];
    const kind = await vscode.window.showQuickPick(kinds, { placeHolder: 'Which profile?' });
    if (!kind) return;
    const secondsText = await vscode.window.showInputBox({
      prompt: kind.label === 'cpu' || kind.label === 'trace' ? 'Record for how many seconds?' : 'Delta over how many seconds? (0: a snapshot)',
      value: kind.label === 'cpu' || kind.label === 'trace' ? String(runSettings().attachSeconds) : '0',
      validateInput: (v) => (/^\d+$/.test(v.trim()) ? undefined : 'A whole number of seconds'),
    });
    if (secondsText === undefined) return;
    await runAndShow(
      this.library,
      () =>
        prepareGoPprof({
          url: url.trim(),
          kind: kind.label,
          seconds: Number(secondsText),
          outDir: this.library.store.folder(),
          workspaceRoot: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
          startedAt: new Date(),
        }),
      { title: `Fetching the ${kind.label} profile from ${url}`, name: `${kind.label} · ${url} · ${new Date().toLocaleTimeString()}` },
    );
  }

  async whatIsSlow(): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    const language = editor ? languageOfVscodeId(editor.document.languageId) : undefined;
    const pick = await vscode.window.showQuickPick(
      whatIsSlowChoices(language).map((c) => ({ label: c.label, detail: c.detail, choice: c })),
      { placeHolder: 'What do you notice? Hotline picks the measurement that answers it.' },
    );
    if (!pick) return;
    hotlineLog().info(`what is slow: ${pick.choice.symptom} → ${pick.choice.mode} (${pick.choice.why})`);
    if (pick.choice.mode === 'cpu-profile') {
      await this.profileCurrentFile();
      return;
    }
    const command = MODE_COMMANDS[pick.choice.mode];
    if (!(await vscode.commands.getCommands(true)).includes(command)) {
      void vscode.window.showWarningMessage(`Hotline: the ${pick.choice.mode.replace('-', ' ')} is not available in this build. ${pick.choice.why}`);
      return;
    }
    // Its own table's wrapper reports its errors.
    await vscode.commands.executeCommand(command, editor?.document.uri);
  }
}

export function runCommandTable(run: RunCommands): CommandTable<'run'> {
  return {
    // Menus pass (uri, selected uris); a benchmark CodeLens passes (uri, { benchmark }).
    'hotline.profileCurrentFile': (uri?: vscode.Uri, more?: unknown) =>
      run.profileCurrentFile(
        uri,
        more && typeof more === 'object' && !Array.isArray(more) && typeof (more as { benchmark?: unknown }).benchmark === 'string'
          ? { benchmark: (more as { benchmark: string }).benchmark }
          : undefined,
      ),
    'hotline.measureAgain': () => run.measureAgain(),
    'hotline.profileWithLaunchConfig': () => run.profileWithLaunchConfig(),
    'hotline.attachToProcess': () => run.attachToProcess(),
    'hotline.attachGoPprof': () => run.attachGoPprof(),
    'hotline.whatIsSlow': () => run.whatIsSlow(),
  };
}
