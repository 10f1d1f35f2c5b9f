/** Webview entry (dist/webview.js): the VS Code panel and the standalone page both start here. */
// d3-flame-graph's module imports its own CSS; ours comes after it so our theme rules win.
import { FlameApp } from './app';
import { createHost } from './host';
import { PAGE_IDS, type HookedWindow } from '../src/core/webviewProtocol';
import './flame.css';

function start(): void {
  const root = document.getElementById(PAGE_IDS.app) ?? document.body;
  let app: FlameApp | null = null;
  try {
    const host = createHost((text) => app?.notify(text));
    app = new FlameApp(host, root);
    (window as unknown as HookedWindow).hotline = app;
  } catch (err) {
    root.textContent = `Hotline could not show this profile: ${(err as Error).message}`;
  }
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
