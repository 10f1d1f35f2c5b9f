/**
 * "Find Page Memory Leaks": asks for the page (an address, or the workspace's server, through Audit
 * Page Load's picker), the CSS selector of the element to click and how many clicks between two heap
 * snapshots; runs findPageMemoryLeaks in Hotline's headless Chromium (loading a page runs no workspace
 * code, so Restricted Mode allows an address), shows the report in the Page Memory panel and puts a
 * warning on the line of each event listener function added per click. Tests pass { url, action, repeat }.
 */
import * as vscode from 'vscode';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatPageMemoryReport, type PageLeakReport } from '../../core/page/pageMemory';
import { pageMemoryHtml } from '../../core/page/pageMemoryPage';
import { findPageMemoryLeaks } from '../../profilers/page/pageMemory';
import { hotlineLog } from '../log';
import { showLineWarnings } from '../memory/lineWarnings';
import { StaticPagePanel } from '../staticPagePanel';

const panel = new StaticPagePanel('hotline.pageMemory', 'the page memory results');
let lastAction = '#open-panel';
let lastRepeat = 10;

export interface PageMemoryDeps {
  diagnostics: vscode.DiagnosticCollection;
  pickPage: (what: string, given?: string) => Promise<{ url: URL; stop: () => Promise<void> } | undefined>;
  sourceRoots: () => string[];
}

interface Given {
  url?: string;
  action?: string;
  repeat?: number;
}

const isGiven = (a: unknown): a is Given => typeof a === 'object' && a !== null && !(a instanceof vscode.Uri) && ('url' in a || 'action' in a);

export async function findPageMemoryLeaksCommand(deps: PageMemoryDeps, arg?: unknown): Promise<PageLeakReport | undefined> {
  const given: Given = typeof arg === 'string' ? { url: arg } : isGiven(arg) ? arg : {};
  const page = await deps.pickPage('Find the memory leaks of', given.url);
  if (!page) return undefined;
  try {
    const action =
      given.action ??
      (await vscode.window.showInputBox({
        prompt: 'CSS selector of the element to click again and again (the interaction that may leak)',
        value: lastAction,
        validateInput: (v) => (v.trim() ? undefined : 'A CSS selector, e.g. #open-panel or button.add'),
      }));
    if (action === undefined) return undefined;
    const repeatText =
      given.repeat !== undefined
        ? String(given.repeat)
        : await vscode.window.showInputBox({
            prompt: 'Clicks between two heap snapshots (three snapshots: after a warm-up click, after N and after 2N more)',
            value: String(lastRepeat),
            validateInput: (v) => (/^\d+$/.test(v.trim()) && Number(v) >= 1 && Number(v) <= 1000 ? undefined : 'A whole number from 1 to 1000'),
          });
    if (repeatText === undefined) return undefined;
    lastAction = action.trim();
    lastRepeat = Number(repeatText);
    const roots = deps.sourceRoots();
    const run = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `Hotline: clicking ${lastAction} ${2 * lastRepeat + 1} times on ${page.url.href}…`,
        cancellable: true,
      },
      (_progress, token) => {
        const controller = new AbortController();
        token.onCancellationRequested(() => controller.abort());
        return findPageMemoryLeaks(page.url.href, {
          cwd: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd(),
          action: lastAction,
          repeat: lastRepeat,
          outDir: mkdtempSync(join(tmpdir(), 'hotline-page-memory-')),
          sourceRoots: roots,
          signal: controller.signal,
          onOutput: (l) => hotlineLog().info(`page memory: ${l}`),
        });
      },
    );
    const r = run.report;
    hotlineLog().info(formatPageMemoryReport(r));
    showLineWarnings(
      deps.diagnostics,
      r.page.listeners.closures.map((c) => ({
        file: c.definedAt?.file ?? null,
        line: c.definedAt?.line ?? null,
        text: `Hotline: this event listener is added on every ${r.page.action} click and never removed (${c.counts.join(' → ')} over ${r.runs} clicks)`,
      })),
    );
    panel.show(`Page Memory: ${page.url.host}${page.url.pathname}`, (nonce, cspSource) => pageMemoryHtml(r, { nonce, cspSource }));
    const where = r.page.listeners.closures[0]?.definedAt;
    if (where?.file.startsWith('/'))
      await vscode.window.showTextDocument(vscode.Uri.file(where.file), {
        viewColumn: vscode.ViewColumn.One,
        preserveFocus: true,
        selection: new vscode.Range(where.line - 1, 0, where.line - 1, 0),
      });
    return r;
  } finally {
    await page.stop();
  }
}

/** The Page Memory panel's HTML (extension-host tests). */
export function pageMemoryPanelHtml(): string | undefined {
  return panel.html;
}
