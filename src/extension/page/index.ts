/**
 * "Audit Page Load": Lighthouse on a URL in headless Chromium, shown as the Page Load panel
 * (metrics with Lighthouse's scores, what slows the load, the network waterfall). Auditing a URL
 * runs no workspace code, so it is allowed in Restricted Mode. The extension's wiring calls pageArea()
 * and registers its commands with every other table.
 */
import * as vscode from 'vscode';
import { summarizeRuns, type PageRuns } from '../../core/page';
import { pageResultsHtml } from '../../core/page/resultsPage';
import { PageInputError, portOpen, runLighthouse } from '../../profilers/page';
import type { CommandTable } from '../commandIds';
import { hotlineLog } from '../log';
import { StaticPagePanel } from '../staticPagePanel';

const panel = new StaticPagePanel('hotline.pageLoad', 'the page load results');
let lastUrl = 'http://127.0.0.1:5173/';

export interface PageArea {
  commands: CommandTable<'page'>;
}

export function pageArea(): PageArea {
  return {
    // "What is slow?" passes the active editor's URI; tests and links pass the URL itself.
    commands: { 'hotline.page.audit': (arg?: unknown) => auditPageLoad(typeof arg === 'string' ? arg : undefined) },
  };
}

/** Undefined when `text` is an http(s) URL, else what is wrong with it. */
function urlProblem(text: string): string | undefined {
  try {
    const u = new URL(text.trim());
    return u.protocol === 'http:' || u.protocol === 'https:' ? undefined : 'Hotline audits http:// and https:// pages';
  } catch {
    return 'A full address, e.g. http://127.0.0.1:5173/';
  }
}

async function auditPageLoad(given?: string): Promise<PageRuns | undefined> {
  const text =
    given ??
    (await vscode.window.showInputBox({
      prompt: 'Audit the load of which page? (start its server first: npm run dev / preview)',
      value: lastUrl,
      validateInput: urlProblem,
    }));
  if (text === undefined) return undefined;
  const problem = urlProblem(text);
  if (problem) throw new PageInputError(`"${text}" is not a page address: ${problem}`);
  const url = new URL(text.trim());
  lastUrl = url.href;
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  if (!(await portOpen(url.hostname.replace(/^\[|\]$/g, ''), port, 3000))) {
    throw new PageInputError(`nothing answers at ${url.host}; start the page's server first (for example npm run dev or npm run preview)`);
  }
  const audit = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Hotline: Lighthouse is loading ${url.href}…`, cancellable: true },
    (_progress, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      const cwd = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd();
      return runLighthouse(url.href, { cwd, signal: controller.signal, onOutput: (line) => hotlineLog().info(`lighthouse: ${line}`) });
    },
  );
  const runs = summarizeRuns([audit]);
  hotlineLog().info(`page load of ${url.href}: ${runs.metrics.map((m) => `${m.short} ${m.unit === 'unitless' ? m.median.toFixed(3) : `${Math.round(m.median)} ms`}`).join(', ')}`);
  panel.show(`Page Load: ${url.host}${url.pathname}`, (nonce, cspSource) => pageResultsHtml(runs, { nonce, cspSource }));
  return runs;
}

/** The Page Load panel's HTML (extension-host tests). */
export function pageLoadHtml(): string | undefined {
  return panel.html;
}
