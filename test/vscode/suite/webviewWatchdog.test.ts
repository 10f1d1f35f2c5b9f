// The webview watchdog in a real VS Code: a page that never says it loaded is loaded again, a few
// times, then given up on; a page that pings once is left alone (no reload, even when hidden and shown).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { loadedPingScript } from '../../../src/core/webviewPage';
import { watchWebviewLoad } from '../../../src/extension/webviewWatchdog';
import { until } from './until';

const page = (body: string, nonce = 'n0nce') =>
  `<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-${nonce}';"></head><body>${body}</body></html>`;

describe('webview watchdog', () => {
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('loads a page that never says it loaded again, twice, then gives up and says so', async () => {
    const panel = vscode.window.createWebviewPanel('hotline.test.silent', 'Silent page', vscode.ViewColumn.Active, { enableScripts: true });
    panel.webview.html = page('<p>no ping here</p>');
    const reloads: number[] = [];
    const attempts: number[] = [];
    const log: string[] = [];
    const t0 = Date.now();
    const watchdog = watchWebviewLoad(panel, {
      what: 'the silent page',
      timeoutMs: 400,
      recover: (attempt) => {
        reloads.push(Date.now() - t0);
        attempts.push(attempt);
        panel.webview.html = page(`<p>attempt ${attempt}</p>`);
      },
      log: (l) => log.push(l),
    });
    try {
      await until('the watchdog to give up', () => log.some((l) => /did not load after 3 attempts/.test(l)), Boolean);
      assert.deepEqual(attempts, [2, 3], `tried twice more: ${log.join(' | ')}`);
      assert.ok(reloads[0]! >= 350, `the first reload waited for the timeout (${reloads[0]} ms)`);
      assert.match(log[0]!, /the silent page: the webview did not load within 0.4 s; trying again \(attempt 2 of 3\)/);
    } finally {
      watchdog.dispose();
      panel.dispose();
    }
  });

  it('leaves a page that pings alone, also after it was hidden and shown again', async () => {
    const panel = vscode.window.createWebviewPanel('hotline.test.pinging', 'Pinging page', vscode.ViewColumn.Active, { enableScripts: true });
    let pings = 0;
    let reloads = 0;
    const watchdog = watchWebviewLoad(panel, { what: 'the pinging page', timeoutMs: 6000, recover: () => reloads++ });
    panel.webview.onDidReceiveMessage((m: { type?: string }) => {
      if (m.type === 'loaded') pings++;
      watchdog.loaded();
    });
    panel.webview.html = page(`<p>pings</p>${loadedPingScript('n0nce')}`);
    try {
      await until('the page to ping', () => pings >= 1, Boolean);
      // Hide it behind an editor, then show it: the page loads anew and pings again.
      const doc = await vscode.workspace.openTextDocument({ content: 'cover' });
      await vscode.window.showTextDocument(doc, vscode.ViewColumn.Active);
      await until('the panel to be hidden', () => !panel.visible, Boolean);
      panel.reveal(vscode.ViewColumn.Active);
      await until('the panel to ping again', () => pings >= 2, Boolean);
      // Longer than the watch's timeout: a reload now would be a page that loaded being reloaded.
      await new Promise((r) => setTimeout(r, 6500));
      assert.equal(reloads, 0, 'a page that said it loaded is never reloaded');
    } finally {
      watchdog.dispose();
      panel.dispose();
    }
  });
});
