/**
 * The one script of Hotline's otherwise script-free pages (memory chart, benchmark results): it
 * tells the extension the page loaded, for the webview watchdog (webviewWatchdog.ts). Pure: the
 * page builders that use it are tested without VS Code. CSP: `script-src 'nonce-…'`.
 */
export function loadedPingScript(nonce: string): string {
  return `<script nonce="${nonce}">acquireVsCodeApi().postMessage({ type: 'loaded' });</script>`;
}
