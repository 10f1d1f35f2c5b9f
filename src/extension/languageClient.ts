/**
 * The anti-pattern language server (dist/server.js) over IPC, for Python, JS/TS, Go and Rust.
 * Its lifetime is separate from the extension's disposables: it can be restarted when the setting
 * changes. The active profile's hot lines are sent with `hotline/setHotLines`, so diagnostics on hot
 * lines rank first; quick fixes in a profiled file are followed by an offer to measure again.
 */
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { normalizePath } from '../core/annotations/profilePaths';
import type { ActiveProfile } from './activeProfile';
import { AFTER_QUICK_FIX_COMMAND } from './commandIds';
import { hotlineLog } from './log';
import { lintedVscodeIds } from '../core/languages';
import {
  HotAntiPatternsRequest,
  SetHotLinesNotification,
  type HotAntiPattern,
  type HotlineInitializationOptions,
  type HotLinesForFile,
} from '../server/protocol';

export class HotlineLanguageClient implements vscode.Disposable {
  private client?: LanguageClient;
  private readonly disposables: vscode.Disposable[] = [];
  /** Every located file's hot lines for the active profile; sent whole each time (the server replaces). */
  private readonly located = new Map<string, HotLinesForFile>();

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly active: ActiveProfile,
  ) {
    this.disposables.push(
      active.onDidChangeAnnotator(() => void this.sendHotLines(true)),
      vscode.workspace.onDidOpenTextDocument(() => void this.sendHotLines(false)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('hotline.lint.enable')) void this.restart();
      }),
    );
  }

  get running(): boolean {
    return this.client?.isRunning() ?? false;
  }

  async start(): Promise<void> {
    if (!vscode.workspace.getConfiguration('hotline').get<boolean>('lint.enable', true)) return;
    const module = this.context.asAbsolutePath('dist/server.js');
    if (!existsSync(module)) {
      hotlineLog().warn(`language server not started: ${module} is missing (run npm run build)`);
      return;
    }
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.ipc },
      debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
    };
    const initializationOptions: HotlineInitializationOptions = {
      // Rule pages ship with the extension (docs/rules/<rule>.md).
      docsBaseUrl: vscode.Uri.joinPath(this.context.extensionUri, 'docs', 'rules').toString() + '/',
      // Quick fixes on hot lines carry this command; VS Code runs it after applying the edit.
      measureAgainCommand: AFTER_QUICK_FIX_COMMAND,
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: lintedVscodeIds().map((language) => ({ scheme: 'file', language })),
      outputChannel: vscode.window.createOutputChannel('Hotline Language Server'),
      initializationOptions,
      synchronize: { configurationSection: 'hotline' },
    };
    this.client = new LanguageClient('hotline', 'Hotline Anti-Patterns', serverOptions, clientOptions);
    await this.client.start();
    hotlineLog().info('language server started');
    await this.sendHotLines(true);
  }

  async stop(): Promise<void> {
    const c = this.client;
    this.client = undefined;
    if (c) await c.stop().catch((err: Error) => hotlineLog().warn(`language server stop: ${err.message}`));
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  /** Hot anti-patterns ranked by samples, from the server. */
  async hotAntiPatterns(): Promise<HotAntiPattern[]> {
    if (!this.client?.isRunning()) return [];
    const params: HotAntiPatternsRequest.Params = {};
    return (await this.client.sendRequest(HotAntiPatternsRequest.method, params)) as HotAntiPatternsRequest.Result;
  }

  /**
   * Sends the hot lines of every workspace file the profile touches that can be located: recorded
   * paths that exist on disk, plus open documents matched by workspace-relative suffix.
   */
  private async sendHotLines(reset: boolean): Promise<void> {
    if (!this.client?.isRunning()) return;
    const annotator = this.active.annotator();
    if (reset) this.located.clear();
    const before = this.located.size;
    if (annotator) {
      const total = annotator.profileTotal || 1;
      const candidates = new Map<string, string>(); // uri -> recorded file
      for (const doc of vscode.workspace.textDocuments) {
        if (doc.uri.scheme !== 'file' || !vscode.workspace.getWorkspaceFolder(doc.uri)) continue;
        const recorded = annotator.paths.match(doc.uri.fsPath);
        if (recorded !== undefined) candidates.set(doc.uri.toString(), recorded);
      }
      if (reset) {
        // Only the workspace's own files: the server lints every file it is told about, and
        // anti-patterns inside the standard library or site-packages are not the user's to fix.
        const roots = (vscode.workspace.workspaceFolders ?? []).map((f) => `${normalizePath(f.uri.fsPath).replace(/\/$/, '')}/`);
        for (const recorded of this.active.recordedFiles()) {
          const norm = normalizePath(recorded);
          if (!roots.some((r) => norm.startsWith(r)) || /\/(?:node_modules|site-packages|\.venv|venv)\//.test(norm)) continue;
          if (existsSync(norm)) candidates.set(vscode.Uri.file(norm).toString(), recorded);
        }
      }
      for (const [uri, recorded] of candidates) {
        if (this.located.has(uri)) continue;
        const file = annotator.forRecordedFile(recorded);
        if (!file) continue;
        // The protocol's lines are 1-based, as profilers report them; share is of total samples.
        this.located.set(uri, { uri, lines: file.lines.map((l) => ({ line: l.line + 1, self: l.self, total: l.total, share: l.total / total })) });
      }
    }
    if (!reset && this.located.size === before) return;
    const params: SetHotLinesNotification.Params = [...this.located.values()];
    await this.client.sendNotification(SetHotLinesNotification.method, params);
  }

  /** What was last sent with hotline/setHotLines (for the test API). */
  sentHotLines(): HotLinesForFile[] {
    return [...this.located.values()];
  }

  dispose(): void {
    void this.stop();
    for (const d of this.disposables) d.dispose();
  }
}
