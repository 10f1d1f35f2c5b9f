/**
 * The flame graph webview panel: serves dist/webview.js under a strict CSP, answers its validated
 * requests through a FlameSession (the same host code the standalone page runs), opens sources
 * beside the panel, re-reads a multi-thread file with the thread its picker chose, and comes back
 * after a window reload (with that thread) through a serializer.
 */
import * as vscode from 'vscode';
import { basename, isAbsolute, join } from 'node:path';
import type { Profile } from '../core/model/profile';
import { FlameSession, firstPaint } from '../core/flame/session';
import { bestSuffixMatch, relativeTails } from '../core/flame/sourcePath';
import {
  parseFromWebviewMessage,
  type FirstPaint,
  type FlameDetails,
  type FlameModel,
  type FlameWebviewState,
  type ToWebviewMessage,
} from '../core/webviewProtocol';
import { messagePage, newNonce, webviewPage } from '../core/webviewPage';
import type { ProfileSource } from '../profilers/profileLoader';
import { hotlineLog } from './log';
import { loadProfile } from './profileLoader';
import { watchWebviewLoad } from './webviewWatchdog';

export interface FlameGraphInput {
  profile: Profile;
  title: string;
  baseline?: Profile;
  baselineTitle?: string;
  /** Where to re-read the profile with another thread (the thread picker); default its metadata.sourceFile when that is a path. */
  source?: ProfileSource;
}

/** What the panel last sent its webview: the model (notes, thread picker) and the lists. */
export interface FlameGraphShown {
  model?: FlameModel;
  details?: FlameDetails;
}

export interface OpenSourceRequest {
  name: string;
  file: string | null;
  line: number | null;
}

export class FlameGraphPanel {
  static readonly viewType = 'hotline.flameGraph';
  private static readonly openPanels = new Set<FlameGraphPanel>();
  private static lastActive: FlameGraphPanel | undefined;

  private readonly session: FlameSession;
  private readonly firstPaint: FirstPaint | null;
  /** The profile drawn now: the input's, or the thread picked since. */
  private profile: Profile;
  /** Counts thread picks: only the latest one's profile is drawn. */
  private picks = 0;
  readonly shown: FlameGraphShown = {};
  private readonly disposables: vscode.Disposable[] = [];
  /** Listeners and the load watchdog of the current webview panel (replaced with it). */
  private panelDisposables: vscode.Disposable[] = [];

  /** The panel that was active last (for "reveal in flame graph"). */
  static get current(): FlameGraphPanel | undefined {
    return FlameGraphPanel.lastActive;
  }

  static get all(): readonly FlameGraphPanel[] {
    return [...FlameGraphPanel.openPanels];
  }

  static show(context: vscode.ExtensionContext, input: FlameGraphInput): FlameGraphPanel {
    return new FlameGraphPanel(context, FlameGraphPanel.createPanel(context, input.title, vscode.ViewColumn.Active, false), input, true);
  }

  /** Shows a profile in a panel VS Code created (custom editor, restored panel). */
  static attach(context: vscode.ExtensionContext, panel: vscode.WebviewPanel, input: FlameGraphInput): FlameGraphPanel {
    panel.webview.options = FlameGraphPanel.webviewOptions(context);
    return new FlameGraphPanel(context, panel, input, false);
  }

  private static createPanel(context: vscode.ExtensionContext, title: string, viewColumn: vscode.ViewColumn, preserveFocus: boolean): vscode.WebviewPanel {
    return vscode.window.createWebviewPanel(
      FlameGraphPanel.viewType,
      `Flame graph: ${title}`,
      { viewColumn, preserveFocus },
      FlameGraphPanel.webviewOptions(context),
    );
  }

  /** Restores panels after a window reload: the webview state names the profile file(s). */
  static registerSerializer(context: vscode.ExtensionContext): vscode.Disposable {
    return vscode.window.registerWebviewPanelSerializer(FlameGraphPanel.viewType, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
        const s = (state ?? {}) as FlameWebviewState;
        if (typeof s.sourceFile !== 'string' || !isAbsolute(s.sourceFile)) {
          panel.webview.html = messagePage(
            'This flame graph was of a profile that was never saved to disk, so it cannot be restored. Profile again or open the profile file.',
          );
          return;
        }
        try {
          const profile = await loadProfile(s.sourceFile, s.thread ? { thread: s.thread } : {});
          const baseline = typeof s.baselineFile === 'string' && isAbsolute(s.baselineFile) ? await loadProfile(s.baselineFile) : undefined;
          FlameGraphPanel.attach(context, panel, {
            profile,
            title: s.title ?? basename(s.sourceFile),
            ...(baseline ? { baseline, baselineTitle: basename(s.baselineFile!) } : {}),
          });
        } catch (err) {
          panel.webview.html = messagePage(`Cannot restore this flame graph: ${(err as Error).message}`);
        }
      },
    });
  }

  static webviewOptions(context: vscode.ExtensionContext): vscode.WebviewOptions & vscode.WebviewPanelOptions {
    return {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'dist'), vscode.Uri.joinPath(context.extensionUri, 'media')],
      enableFindWidget: false,
    };
  }

  private constructor(
    private readonly context: vscode.ExtensionContext,
    private currentPanel: vscode.WebviewPanel,
    readonly input: FlameGraphInput,
    /** Hotline created the panel (not VS Code for a custom editor or a restore): it may replace it. */
    private readonly owned: boolean,
  ) {
    // The HTML first: the webview loads in its own process while the session builds the tree
    // (its first message is handled once the constructor is done). A big profile's HTML carries a
    // quick first view, drawn before the tree exists.
    this.profile = input.profile;
    this.firstPaint = firstPaint(input);
    currentPanel.webview.html = this.html();
    const sourceFile = input.profile.metadata.sourceFile;
    const source = input.source ?? (sourceFile && isAbsolute(sourceFile) ? sourceFile : undefined);
    this.session = new FlameSession(input, {
      // The thenable lets the session send the lists after the first view is on its way.
      post: (m) => this.post(m),
      openSource: (frame) => void this.openSource(frame),
      ...(source !== undefined ? { pickThread: (thread: string) => void this.pickThread(source, thread) } : {}),
    });
    this.bind(currentPanel, 1);
    FlameGraphPanel.openPanels.add(this);
    FlameGraphPanel.lastActive = this;
  }

  /** Listens to `panel` and watches it load; a webview that stays blank is replaced or reloaded. */
  private bind(panel: vscode.WebviewPanel, attempt: number): void {
    const watchdog = watchWebviewLoad(panel, {
      what: `the flame graph of ${this.input.title}`,
      attempt,
      recover: (next) => (this.owned ? this.replacePanel(next) : (panel.webview.html = this.html())),
      log: (line) => hotlineLog().warn(line),
    });
    this.panelDisposables = [
      watchdog,
      panel.webview.onDidReceiveMessage((raw: unknown) => {
        const msg = parseFromWebviewMessage(raw);
        // Anything malformed is dropped: the webview renders untrusted profile text.
        if (!msg) return;
        if (msg.type === 'ready') watchdog.loaded();
        this.session.handle(msg);
      }),
      panel.onDidChangeViewState((e) => {
        if (e.webviewPanel.active) FlameGraphPanel.lastActive = this;
      }),
      panel.onDidDispose(() => this.dispose()),
    ];
  }

  /** A new panel in the blank one's place, same session (a blank panel's frame does not come back). */
  private replacePanel(attempt: number): void {
    const old = this.currentPanel;
    for (const d of this.panelDisposables.splice(0)) d.dispose();
    this.currentPanel = FlameGraphPanel.createPanel(this.context, this.input.title, old.viewColumn ?? vscode.ViewColumn.Active, !old.active);
    this.currentPanel.webview.html = this.html();
    this.bind(this.currentPanel, attempt);
    old.dispose();
  }

  private post(m: ToWebviewMessage): Thenable<boolean> {
    if (m.type === 'model') [this.shown.model, this.shown.details] = [m.model, undefined];
    else if (m.type === 'details') this.shown.details = m.details;
    return this.currentPanel.webview.postMessage(m);
  }

  /** Handles a message as if the webview had sent it (validated the same way); for extension-host tests. */
  receive(raw: unknown): void {
    const msg = parseFromWebviewMessage(raw);
    if (msg) this.session.handle(msg);
  }

  /** Re-reads the file with `thread` and redraws; a file that no longer reads leaves the drawn thread and says why. */
  private async pickThread(source: ProfileSource, thread: string): Promise<void> {
    const pick = ++this.picks;
    try {
      const profile = await loadProfile(source, { thread });
      if (pick !== this.picks) return;
      this.profile = profile;
      this.session.replaceProfile(profile);
    } catch (err) {
      if (pick === this.picks) void this.post({ type: 'error', message: `Cannot show thread ${thread}: ${(err as Error).message}` });
    }
  }

  get title(): string {
    return this.input.title;
  }

  /** Zooms to a function (e.g. from a hot line's "reveal in flame graph"). */
  revealFrame(target: OpenSourceRequest): boolean {
    this.currentPanel.reveal(undefined, true);
    return this.session.reveal(target);
  }

  private html(): string {
    const webview = this.currentPanel.webview;
    const dist = vscode.Uri.joinPath(this.context.extensionUri, 'dist');
    const uri = (file: string) => webview.asWebviewUri(vscode.Uri.joinPath(dist, file)).toString();
    return webviewPage({
      nonce: newNonce(),
      cspSource: webview.cspSource,
      bundle: { script: { uri: uri('webview.js') }, style: { uri: uri('webview.css') } },
      data: { 'hotline-first-paint': this.firstPaint },
    });
  }

  private async openSource(frameId: number): Promise<void> {
    const frame = this.profile.frames[frameId];
    if (!frame) return;
    if (!frame.file) {
      void vscode.window.showInformationMessage(`Hotline: ${frame.name} has no source file in this profile.`);
      return;
    }
    const uri = await resolveSourceFile(frame.file, this.profile.metadata.cwd);
    if (!uri) {
      void vscode.window.showWarningMessage(`Hotline: cannot find ${frame.file} in this workspace (the profile may have been recorded elsewhere).`);
      return;
    }
    const line = Math.max(0, (frame.line ?? 1) - 1);
    const range = new vscode.Range(line, 0, line, 0);
    await vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.Beside, selection: range, preserveFocus: false });
  }

  dispose(): void {
    FlameGraphPanel.openPanels.delete(this);
    if (FlameGraphPanel.lastActive === this) FlameGraphPanel.lastActive = undefined;
    for (const d of [...this.panelDisposables.splice(0), ...this.disposables.splice(0)]) d.dispose();
  }
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/**
 * The recorded path as is, then relative to the profile's cwd and each workspace folder (whole
 * path, then shorter tails), then the workspace file sharing the longest path suffix.
 */
async function resolveSourceFile(recorded: string, cwd?: string): Promise<vscode.Uri | undefined> {
  if (isAbsolute(recorded) && (await exists(vscode.Uri.file(recorded)))) return vscode.Uri.file(recorded);
  if (cwd && !isAbsolute(recorded) && (await exists(vscode.Uri.file(join(cwd, recorded))))) return vscode.Uri.file(join(cwd, recorded));
  const folders = vscode.workspace.workspaceFolders ?? [];
  const tails = relativeTails(recorded);
  for (const folder of folders) {
    for (const tail of tails.slice(0, Math.max(1, tails.length - 1))) {
      const candidate = vscode.Uri.joinPath(folder.uri, tail);
      if (await exists(candidate)) return candidate;
    }
  }
  const name = tails[tails.length - 1];
  if (!name || !folders.length) return undefined;
  const found = await vscode.workspace.findFiles(`**/${name.replace(/[[\]{}*?]/g, '?')}`, '**/node_modules/**', 200);
  const best = bestSuffixMatch(
    recorded,
    found.map((u) => u.fsPath),
  );
  return best ? vscode.Uri.file(best) : undefined;
}
