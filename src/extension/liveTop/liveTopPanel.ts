/**
 * The Live Top panel: the page of src/core/liveTop/liveTopPage.ts with the dist/liveTop.js
 * script, the current view posted when the page loads and a new one every second, the page's messages validated by
 * parseFromLiveTopMessage. Closing the panel is the owner's cue to stop sampling.
 */
import * as vscode from 'vscode';
import { liveTopPageHtml } from '../../core/liveTop/liveTopPage';
import { newNonce } from '../../core/webviewPage';
import { parseFromLiveTopMessage, type FromLiveTopMessage, type LiveTopView, type ToLiveTopMessage } from '../../core/webviewProtocol';
import { hotlineLog } from '../log';
import { watchWebviewLoad } from '../webviewWatchdog';

export interface LiveTopPanelHandlers {
  onMessage(msg: Exclude<FromLiveTopMessage, { type: 'loaded' }>): void;
  onClosed(): void;
}

export class LiveTopPanel implements vscode.Disposable {
  private readonly panel: vscode.WebviewPanel;
  private readonly subs: vscode.Disposable[];
  private latest: LiveTopView;
  private disposed = false;
  private readonly onMessage: ((raw: unknown) => void) | undefined;

  constructor(context: vscode.ExtensionContext, title: string, first: LiveTopView, handlers: LiveTopPanelHandlers) {
    const dist = vscode.Uri.joinPath(context.extensionUri, 'dist');
    this.latest = first;
    this.onMessage = (raw) => {
      const msg = parseFromLiveTopMessage(raw, 3600);
      if (msg?.type === 'loaded') this.show(this.latest);
      else if (msg) handlers.onMessage(msg);
    };
    this.panel = vscode.window.createWebviewPanel(
      'hotline.liveTop',
      title,
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      { enableScripts: true, localResourceRoots: [dist], retainContextWhenHidden: true },
    );
    const render = () => {
      const webview = this.panel.webview;
      const script = webview.asWebviewUri(vscode.Uri.joinPath(dist, 'liveTop.js')).toString();
      webview.html = liveTopPageHtml({ script }, { nonce: newNonce(), cspSource: webview.cspSource });
    };
    const watchdog = watchWebviewLoad(this.panel, {
      what: 'the live top',
      recover: () => {
        render();
        watchdog.reloaded();
      },
      log: (line) => hotlineLog().warn(line),
    });
    this.subs = [
      watchdog,
      this.panel.webview.onDidReceiveMessage((raw: unknown) => {
        watchdog.loaded();
        this.onMessage?.(raw);
      }),
      this.panel.onDidDispose(() => {
        this.release();
        handlers.onClosed();
      }),
    ];
    render();
  }

  /** The view last drawn (extension-host tests). */
  get shown(): LiveTopView {
    return this.latest;
  }

  /** Hands the panel a message as its webview sends it, validated the same way (extension-host tests). */
  receive(raw: unknown): void {
    this.onMessage?.(raw);
  }

  /** Draws `view` (the page keeps the last one for a reload). */
  show(view: LiveTopView): void {
    this.latest = view;
    if (!this.disposed) void this.panel.webview.postMessage({ type: 'liveTop', view } satisfies ToLiveTopMessage);
  }

  private release(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const s of this.subs) s.dispose();
  }

  dispose(): void {
    if (this.disposed) return;
    this.release();
    this.panel.dispose();
  }
}
