/**
 * A reused webview panel that shows a page built in the extension (memory chart, benchmark
 * results): no local resources, nonce'd scripts only (usually one that only says the page loaded; a
 * page that sends more hands its messages to `onMessage`). The panel is
 * watched (webviewWatchdog.ts); one that stays blank is replaced by a new panel in the same column,
 * since a blank panel's content frame does not come back when given its HTML again.
 */
import * as vscode from 'vscode';
import { newNonce } from '../core/webviewPage';
import { hotlineLog } from './log';
import { watchWebviewLoad, type WebviewWatchdog } from './webviewWatchdog';

/** Builds the page's HTML with webviewPage({ nonce, cspSource, loadedPing: true, … }). */
export type PageHtml = (nonce: string, cspSource: string) => string;

export class StaticPagePanel {
  private current: { panel: vscode.WebviewPanel; watchdog: WebviewWatchdog; subs: vscode.Disposable[] } | undefined;
  private page: { title: string; html: PageHtml } | undefined;

  constructor(
    private readonly viewType: string,
    /** For the log and the user: "the memory chart". */
    private readonly what: string,
    /** Called when the user closes the panel (not when a blank panel is replaced). */
    private readonly onClosed?: () => void,
    /** Every message the page sends (unvalidated: the callee parses it), after the watchdog has heard it. */
    private readonly onMessage?: (raw: unknown) => void,
  ) {}

  /** Shows `html` under `title`, in the existing panel or a new one beside the editor. */
  show(title: string, html: PageHtml): void {
    this.page = { title, html };
    if (this.current) this.render();
    else this.open(vscode.ViewColumn.Beside, 1);
    this.current?.panel.reveal(undefined, true);
  }

  /** The HTML currently shown (extension-host tests). */
  get html(): string | undefined {
    return this.current?.panel.webview.html;
  }

  private open(column: vscode.ViewColumn, attempt: number): void {
    const panel = vscode.window.createWebviewPanel(
      this.viewType,
      this.page?.title ?? this.what,
      { viewColumn: column, preserveFocus: true },
      { enableScripts: true, localResourceRoots: [] },
    );
    const watchdog = watchWebviewLoad(panel, {
      what: this.what,
      attempt,
      recover: (next) => {
        const col = panel.viewColumn ?? column;
        this.close();
        this.open(col, next);
      },
      log: (line) => hotlineLog().warn(line),
    });
    const subs = [
      panel.webview.onDidReceiveMessage((raw: unknown) => {
        watchdog.loaded();
        this.onMessage?.(raw);
      }),
      panel.onDidDispose(() => {
        if (this.current?.panel !== panel) return;
        this.close();
        this.onClosed?.();
      }),
    ];
    this.current = { panel, watchdog, subs };
    this.render();
  }

  private close(): void {
    const c = this.current;
    if (!c) return;
    this.current = undefined;
    c.watchdog.dispose();
    for (const s of c.subs) s.dispose();
    c.panel.dispose();
  }

  private render(): void {
    if (!this.current || !this.page) return;
    const { panel, watchdog } = this.current;
    panel.title = this.page.title;
    panel.webview.html = this.page.html(newNonce(), panel.webview.cspSource);
    watchdog.reloaded();
  }
}
