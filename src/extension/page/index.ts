/**
 * "Audit Page Load": Lighthouse on a URL in headless Chromium, shown as the Page Load panel
 * (metrics with Lighthouse's scores, what slows the load, the network waterfall). "Profile Page
 * Load (CPU)": the page's main-thread CPU profile during a load, mapped through its source maps to
 * the workspace's files, kept, drawn in the flame graph and annotated on the source lines, and its
 * long tasks (over 50 ms, with their top frames) in a Long Tasks panel. Loading a URL runs no
 * workspace code, so both work in Restricted Mode; Audit Page Load can also start the workspace's
 * own server (./workspaceServer.ts), which Restricted Mode refuses. The audit also splits each script
 * the page loads by npm package and source file (its source map, fetched from the page's server) and
 * notes the size after the workspace's import lines of the heaviest packages, for as long as the panel
 * is open; its treemap opens a workspace file on a click (only the audit's own sources). The extension's wiring calls pageArea({ library }) and registers its commands with every other table.
 */
import * as vscode from 'vscode';
import { mapOriginText, summarizeRuns, type PageRuns } from '../../core/page';
import { longTasksHtml } from '../../core/page/longTasksPage';
import { pageResultsHtml } from '../../core/page/resultsPage';
import { readdirSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import { PageInputError, pageBundles, portOpen, recordPageCpuProfile, runLighthouse } from '../../profilers/page';
import { LineNotes, type LineNote } from '../annotations/lineNotes';
import type { CommandTable } from '../commandIds';
import { hotlineLog } from '../log';
import { profileSummary, type ProfileLibrary } from '../profileLibrary';
import type { LoadedProfile } from '../activeProfile';
import { parseFromPageLoadMessage } from '../../core/webviewProtocol';
import { StaticPagePanel } from '../staticPagePanel';
import { findPageMemoryLeaksCommand } from './pageMemory';
import { isWorkspaceServerArgs, startWorkspacePageServer, type WorkspaceServerArgs } from './workspaceServer';
import { recordInteraction } from './recordInteraction';

/** The import size notes of the last audit, cleared when its panel closes. */
let importNotes: LineNotes | undefined;
/** The workspace files the shown audit's treemap may open, by source as the page names them. */
let openableSources = new Map<string, string>();
const panel = new StaticPagePanel(
  'hotline.pageLoad',
  'the page load results',
  () => importNotes?.clear(),
  (raw) => {
    const msg = parseFromPageLoadMessage(raw);
    const path = msg?.type === 'openBundleSource' ? openableSources.get(msg.source) : undefined;
    if (path) void vscode.window.showTextDocument(vscode.Uri.file(path), { viewColumn: vscode.ViewColumn.One });
  },
);
const longTasksPanel = new StaticPagePanel('hotline.pageLongTasks', 'the long tasks of a page load');
let lastUrl = 'http://127.0.0.1:5173/';

export interface PageArea {
  commands: CommandTable<'page'>;
  disposables: vscode.Disposable[];
}

export function pageArea(deps: { library: ProfileLibrary }): PageArea {
  // "What is slow?" passes the active editor's URI; tests and links pass the URL itself.
  const given = (arg: unknown) => (typeof arg === 'string' ? arg : undefined);
  importNotes = new LineNotes();
  const memoryLeaks = vscode.languages.createDiagnosticCollection('hotline-page-leaks');
  return {
    disposables: [importNotes, memoryLeaks],
    commands: {
      'hotline.page.audit': (arg?: unknown) => (isWorkspaceServerArgs(arg) ? auditWorkspaceServer(arg) : auditPageLoad(given(arg))),
      'hotline.page.profileLoad': (arg?: unknown) => profilePageLoad(deps.library, given(arg)),
      'hotline.page.recordInteraction': (arg?: unknown) => recordInteraction(deps.library, isWorkspaceServerArgs(arg) ? arg : given(arg)),
      'hotline.page.findMemoryLeaks': (arg?: unknown) => findPageMemoryLeaksCommand({ diagnostics: memoryLeaks, pickPage, sourceRoots }, arg),
    },
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

/** The page to load: given, or asked for; undefined when the user cancels. Throws when nothing answers there. */
export async function pageUrl(what: string, given?: string): Promise<URL | undefined> {
  const text =
    given ??
    (await vscode.window.showInputBox({
      prompt: `${what} which page? (start its server first: npm run dev / preview)`,
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
  return url;
}

export const workspaceFolders = () => (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
/** Where source paths from a page's maps are looked up: each folder and the folders beneath them. */
export const sourceRoots = (roots = workspaceFolders()) => [...roots, ...roots.flatMap((r) => subfolders(r))];

async function profilePageLoad(library: ProfileLibrary, given?: string): Promise<LoadedProfile | undefined> {
  const url = await pageUrl('Profile the load of', given);
  if (!url) return undefined;
  const roots = workspaceFolders();
  const cwd = roots[0] ?? process.cwd();
  const out = join(library.store.folder(), `page-load-${url.host.replace(/[^\w.-]/g, '_')}-${Date.now()}.cpuprofile`);
  const run = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Hotline: recording the CPU profile of a load of ${url.href}…`, cancellable: true },
    (_progress, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      return recordPageCpuProfile(url.href, {
        cwd,
        outputFile: out,
        signal: controller.signal,
        sourceRoots: sourceRoots(roots),
        onOutput: (l) => hotlineLog().info(`chromium: ${l}`),
      });
    },
  );
  hotlineLog().info(
    `page CPU profile of ${url.href}: ${out} (${run.remappedFrames} frames mapped through ${[...run.sourceMaps.values()].join(', ') || 'no source map'})`,
  );
  if (run.sourceMaps.size === 0)
    void vscode.window.showWarningMessage(`Hotline: the scripts of ${url.host} have no source maps, so the profile names the served files, not your sources.`);
  const profile = await library.read(out);
  const entry = await library.store.reference(out, profileSummary(profile), `page load · ${url.host}${url.pathname} · ${new Date().toLocaleTimeString()}`);
  const loaded = library.adopt(entry, profile);
  library.show(loaded);
  showLongTasks(url, run.longTasks);
  return loaded;
}

/** The Long Tasks panel beside a page's flame graph: those of its load, or of a recorded interaction. */
export function showLongTasks(url: URL, tasks: Parameters<typeof longTasksHtml>[1], interaction = false): void {
  longTasksPanel.show(`Long Tasks: ${url.host}${url.pathname}`, (nonce, cspSource) => longTasksHtml(url.href, tasks, { nonce, cspSource, interaction }));
}

/** Folders one and two levels below `root` (a front-end often lives in a subfolder), skipping dependencies. */
function subfolders(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string, depth: number) => {
    if (depth > 2) return;
    let names: Dirent[];
    try {
      names = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const d of names) {
      if (!d.isDirectory() || d.name.startsWith('.') || d.name === 'node_modules' || d.name === 'dist') continue;
      out.push(join(dir, d.name));
      walk(join(dir, d.name), depth + 1);
    }
  };
  walk(root, 1);
  return out;
}

/**
 * The address typed (as for any page), or the input box's ▶ button: start the workspace's server.
 * Undefined when the user cancels.
 */
export function askUrlOrServer(what = 'Audit the load of', then = 'audit it'): Promise<{ url: string } | 'server' | undefined> {
  const box = vscode.window.createInputBox();
  box.prompt = `${what} which page? Type its address, or press ▶ (top right) to start the workspace's server (npm run dev / preview…)`;
  box.value = lastUrl;
  box.buttons = [{ iconPath: new vscode.ThemeIcon('play'), tooltip: `Start the workspace's server, ${then}, stop it` }];
  return new Promise((resolve) => {
    let answer: { url: string } | 'server' | undefined;
    box.onDidChangeValue((v) => (box.validationMessage = urlProblem(v)));
    box.onDidTriggerButton(() => {
      answer = 'server';
      box.hide();
    });
    box.onDidAccept(() => {
      if (urlProblem(box.value)) return;
      answer = { url: box.value };
      box.hide();
    });
    box.onDidHide(() => {
      box.dispose();
      resolve(answer);
    });
    box.show();
  });
}

/** A URL given or typed, or the workspace's own server when the user asks for it. */
async function auditPageLoad(given?: string): Promise<PageRuns | undefined> {
  const answer = given === undefined ? await askUrlOrServer() : { url: given };
  if (answer === undefined) return undefined;
  if (answer === 'server') return auditWorkspaceServer();
  const url = await pageUrl('Audit the load of', answer.url);
  return url && audit(url);
}

/**
 * The page another command works on, asked the way Audit Page Load asks: an address (checked to
 * answer), or the workspace's own server started (Restricted Mode refuses that); `stop` stops the
 * server and everything it started (nothing for an address). Undefined when the user cancels.
 */
export async function pickPage(what: string, given?: string): Promise<{ url: URL; stop: () => Promise<void> } | undefined> {
  const answer = given === undefined ? await askUrlOrServer(what) : { url: given };
  if (answer === undefined) return undefined;
  if (answer !== 'server') {
    const url = await pageUrl(what, answer.url);
    return url && { url, stop: async () => {} };
  }
  const started = await startWorkspacePageServer();
  if (!started) return undefined;
  return {
    url: started.server.url,
    stop: async () => {
      await started.server.stop();
      hotlineLog().info(`stopped ${started.label} and everything it started`);
    },
  };
}

/** Starts the workspace's server, audits the address it serves, and stops its whole process tree. */
async function auditWorkspaceServer(args?: WorkspaceServerArgs): Promise<PageRuns | undefined> {
  const started = await startWorkspacePageServer(args);
  if (!started) return undefined;
  try {
    return await audit(started.server.url);
  } finally {
    await started.server.stop();
    hotlineLog().info(`stopped ${started.label} and everything it started`);
  }
}

async function audit(url: URL): Promise<PageRuns> {
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
  hotlineLog().info(
    `page load of ${url.href}: ${runs.metrics.map((m) => `${m.short} ${m.unit === 'unitless' ? m.median.toFixed(3) : `${Math.round(m.median)} ms`}`).join(', ')}`,
  );
  // While the page's server still answers: its scripts and their source maps.
  const bundles = await pageBundles(audit.waterfall, sourceRoots());
  if (bundles.withoutMap.length) hotlineLog().info(`page scripts without a source map: ${bundles.withoutMap.join(', ')}`);
  for (const b of bundles.bundles) if (b.map.from === 'workspace') hotlineLog().info(`${b.url}: ${mapOriginText(b.map)}`);
  importNotes?.set(bundles.importNotes);
  openableSources = new Map(bundles.workspaceSources.map((s) => [s.source, s.path]));
  panel.show(`Page Load: ${url.host}${url.pathname}`, (nonce, cspSource) => pageResultsHtml(runs, { nonce, cspSource, bundles }));
  return runs;
}

/** The Page Load panel's HTML (extension-host tests). */
export function pageLoadHtml(): string | undefined {
  return panel.html;
}

/** The Long Tasks panel's HTML of the last page CPU profile (extension-host tests). */
export function pageLongTasksHtml(): string | undefined {
  return longTasksPanel.html;
}

/** The import size notes drawn in a visible editor of the file (extension-host tests). */
export function pageImportNotes(uri: vscode.Uri): LineNote[] {
  return importNotes?.drawnFor(uri) ?? [];
}
