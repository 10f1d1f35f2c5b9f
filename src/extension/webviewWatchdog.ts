/**
 * Recovers a webview that never said it loaded. VS Code's webviews sometimes stay blank: the
 * service worker that serves their content fails to register, or the frame that holds the content
 * is never built (microsoft/vscode#125993), more often on a busy machine, in the browser builds,
 * and when two webviews open at the same moment. Hotline's pages post a message first thing; when
 * none comes while the panel is visible, `recover` runs (the owner sets the HTML again or, better,
 * replaces the panel: a blank panel's frame does not come back), a few times, and then the user is
 * told how to get out of it.
 *
 * A panel without retainContextWhenHidden loses its page when hidden and loads it again when
 * shown, so the watch starts again each time the panel becomes visible.
 */
import * as vscode from 'vscode';

export interface WebviewWatchdog extends vscode.Disposable {
  /** The page said it loaded (call on any message from it). */
  loaded(): void;
  /** The owner set the HTML anew: a new page is on its way. */
  reloaded(): void;
}

export interface WebviewWatchdogOptions {
  /** What the panel shows, for the log and the message ("the flame graph of x.py"). */
  what: string;
  /**
   * Called when the page did not load in time, with the number of the attempt about to be made
   * (2, 3, …). The owner either sets the HTML again (this watch goes on) or replaces the panel
   * (and disposes this watch, starting one on the new panel with `attempt`).
   */
  recover(attempt: number): void;
  log?(line: string): void;
  timeoutMs?: number;
  /** Attempts in all, the first load included (default 3). */
  attempts?: number;
  /** The attempt this panel's page is (a replacement panel is 2 or more). */
  attempt?: number;
}

export function watchWebviewLoad(panel: vscode.WebviewPanel, o: WebviewWatchdogOptions): WebviewWatchdog {
  const timeoutMs = o.timeoutMs ?? 10_000;
  const attempts = o.attempts ?? 3;
  let attempt = o.attempt ?? 1;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let isLoaded = false;
  let disposed = false;

  const stop = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
  };
  const arm = () => {
    stop();
    if (disposed || isLoaded || !panel.visible) return;
    timer = setTimeout(expired, timeoutMs);
  };
  function expired(): void {
    timer = undefined;
    if (disposed || isLoaded || !panel.visible) return;
    if (attempt < attempts) {
      attempt++;
      o.log?.(`${o.what}: the webview did not load within ${timeoutMs / 1000} s; trying again (attempt ${attempt} of ${attempts})`);
      o.recover(attempt);
      arm();
      return;
    }
    o.log?.(`${o.what}: the webview did not load after ${attempts} attempts`);
    void vscode.window
      .showWarningMessage(
        `Hotline: ${o.what} did not load (VS Code's webview stayed blank). Close the tab and open it again, or run "Developer: Reload Window".`,
        'Reload Window',
      )
      .then((pick) => pick && vscode.commands.executeCommand('workbench.action.reloadWindow'));
  }

  // The event also fires when only the focus moves: act on hidden -> shown, shown -> hidden.
  let wasVisible = panel.visible;
  const sub = panel.onDidChangeViewState(() => {
    if (panel.visible === wasVisible) return;
    wasVisible = panel.visible;
    if (panel.visible) {
      // Shown again: without retained context the page is loaded anew.
      isLoaded = false;
      arm();
    } else stop();
  });
  arm();

  return {
    loaded() {
      isLoaded = true;
      stop();
    },
    reloaded() {
      isLoaded = false;
      arm();
    },
    dispose() {
      disposed = true;
      stop();
      sub.dispose();
    },
  };
}
