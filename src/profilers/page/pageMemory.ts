/**
 * Page memory: Hotline starts headless Chromium (its own process group), opens the URL, waits for the
 * load, clicks the action's element once (warm-up: lazy one-time work does not count), then takes heap
 * snapshots over the DevTools protocol (HeapProfiler.collectGarbage, then HeapProfiler.takeHeapSnapshot,
 * its chunks written to a .heapsnapshot file) before, after N and after 2N more clicks, each click
 * followed by a settle (two animation frames and a task). Chromium is stopped, then the snapshots are
 * compared with the leak analysis (src/core/page/pageMemory.ts): the detached DOM nodes and the
 * listener closures that grew with the clicks, their retainer paths, and the closures' lines mapped
 * through the page's source maps to the workspace's .ts files.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HeapSnapshot } from '../../core/memory/heapSnapshot';
import { pageMemoryReport, type PageLeakReport, type ScriptLocator, type VariableNamer } from '../../core/page/pageMemory';
import { LineMapper } from '../../core/sourcemap';
import { ProfileCancelledError } from '../errors';
import { readSnapshot } from '../memory/leakFinder';
import { Session } from '../nodeInspector';
import { sleep, within } from '../sleep';
import { PageInputError } from './errors';
import { startChromium, type LighthouseOptions } from './lighthouse';
import { pageTarget, sourceFileResolver } from './pageCpuProfile';
import { fetchScriptWithMap } from './sourceMaps';
import { findChromium } from './tools';

export interface PageMemoryOptions extends LighthouseOptions {
  /** CSS selector of the element clicked N times (through Runtime.evaluate: element.click()). */
  readonly action: string;
  /** Clicks between the first and second snapshot, and again between the second and third (default 10). */
  readonly repeat?: number;
  /** Folder the three .heapsnapshot files are written to (created). */
  readonly outDir: string;
  /** Folders a source path from a map ("/src/panel.ts") is looked up in; default: cwd. */
  readonly sourceRoots?: readonly string[];
  /** Wait after the load event before the warm-up click (default 500 ms). */
  readonly settleMs?: number;
}

export interface PageMemoryRun {
  readonly report: PageLeakReport;
  /** The snapshots, first to last: open them in DevTools' Memory tab to compare by hand. */
  readonly files: readonly string[];
  /** Scripts whose source map was found (URL -> map URL). */
  readonly sourceMaps: ReadonlyMap<string, string>;
}

/** The page's scripts by the id V8 gives them in heap snapshot locations (from Debugger.scriptParsed). */
type ScriptUrls = Map<number, string>;

interface Capture {
  files: string[];
  scripts: ScriptUrls;
}

const SETTLE = 'new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => done(true), 0))))';

async function evaluate<T>(session: Session, expression: string): Promise<T> {
  const r = await session.send<{ result?: { value?: T }; exceptionDetails?: { text?: string; exception?: { description?: string } } }>('Runtime.evaluate', {
    expression,
    awaitPromise: true,
    returnByValue: true,
    userGesture: true,
  });
  if (r.exceptionDetails) throw new PageInputError(`the page threw: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text ?? 'an exception'}`);
  return r.result?.value as T;
}

/** Clicks the action's element (false when nothing matches it any more) and waits for the page to settle. */
async function click(session: Session, selector: string): Promise<boolean> {
  const clicked = await evaluate<boolean>(
    session,
    `(() => { const el = document.querySelector(${JSON.stringify(selector)}); if (!el) return false; el.click(); return true; })()`,
  );
  if (clicked) await evaluate(session, SETTLE);
  return clicked;
}

/** Takes heap snapshots into files; the chunks of one snapshot arrive before takeHeapSnapshot answers. */
function snapshotter(session: Session): (file: string) => Promise<void> {
  let chunks: string[] = [];
  session.on('HeapProfiler.addHeapSnapshotChunk', (p) => chunks.push((p as { chunk: string }).chunk));
  return async (file) => {
    chunks = [];
    await session.send('HeapProfiler.collectGarbage');
    await session.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false, captureNumericValue: false });
    writeFileSync(file, chunks.join(''));
    chunks = [];
  };
}

/** Loads the page, clicks, snapshots; Chromium is stopped before this returns (or throws). */
export async function capturePageSnapshots(url: string, opts: PageMemoryOptions): Promise<Capture> {
  const chromium = findChromium(opts.env ?? process.env);
  const repeat = opts.repeat ?? 10;
  const work = mkdtempSync(join(tmpdir(), 'hotline-page-memory-'));
  const deadline = Date.now() + (opts.timeoutMs ?? 120_000);
  mkdirSync(opts.outDir, { recursive: true });
  const files: string[] = [];
  const scripts: ScriptUrls = new Map();
  try {
    const chrome = await startChromium(chromium, join(work, 'profile'), opts, deadline);
    try {
      const session = await Session.open(await pageTarget(chrome.port));
      try {
        const loaded = new Promise<void>((resolve) => session.on('Page.loadEventFired', () => resolve()));
        session.on('Debugger.scriptParsed', (p) => {
          const s = p as { scriptId: string; url?: string };
          if (s.url) scripts.set(Number(s.scriptId), s.url);
        });
        await session.send('Page.enable');
        await session.send('Runtime.enable');
        // Script ids name the files of closures in the snapshots' locations.
        await session.send('Debugger.enable');
        await session.send('HeapProfiler.enable');
        const snapshot = snapshotter(session);
        const nav = await session.send<{ errorText?: string }>('Page.navigate', { url });
        if (nav.errorText) throw new PageInputError(`Chromium could not load ${url}: ${nav.errorText}`);
        const left = Math.max(1000, deadline - Date.now());
        const ok = await within(loaded, left, opts.signal);
        if (!ok) throw new PageInputError(`${url} did not finish loading (no load event) within ${Math.round(left / 1000)} s`);
        await sleep(opts.settleMs ?? 500, opts.signal);
        const clicks = async (n: number) => {
          for (let k = 0; k < n; k++) {
            if (opts.signal?.aborted) throw new ProfileCancelledError();
            if (Date.now() > deadline) throw new PageInputError(`the ${2 * repeat + 1} clicks on ${opts.action} did not finish within the time limit`);
            if (!(await click(session, opts.action)))
              throw new PageInputError(
                k === 0 && files.length === 0
                  ? `no element matches ${opts.action} on ${url}; give the CSS selector of the element to click (e.g. "#open-panel")`
                  : `${opts.action} no longer matches an element after ${k} click(s); the action must stay clickable`,
              );
          }
        };
        await clicks(1);
        for (let s = 0; s < 3; s++) {
          if (s > 0) await clicks(repeat);
          const file = join(opts.outDir, `page-${s}-${s * repeat}-clicks.heapsnapshot`);
          await snapshot(file);
          files.push(file);
          opts.onOutput?.(`heap snapshot ${s + 1} of 3 after ${s * repeat} clicks: ${file}`);
        }
      } finally {
        session.close();
      }
    } finally {
      await chrome.stop();
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return { files, scripts };
}

/** Source maps of the scripts named in the snapshots: script id + generated position -> workspace file and line. */
async function scriptLocator(
  scripts: ScriptUrls,
  roots: readonly string[],
): Promise<{ locate: ScriptLocator; variableName: VariableNamer; sourceMaps: Map<string, string> }> {
  type Mapped = { mapper: LineMapper; code: string; resolve: (source: string) => string | null };
  const mappers = new Map<number, Mapped | null>();
  const sourceMaps = new Map<string, string>();
  const byUrl = new Map<string, Mapped | null>();
  for (const [id, scriptUrl] of scripts) {
    if (!/^https?:/.test(scriptUrl)) continue;
    if (!byUrl.has(scriptUrl)) {
      const found = await fetchScriptWithMap(scriptUrl, roots);
      byUrl.set(scriptUrl, found ? { mapper: new LineMapper(found.map), code: found.code, resolve: sourceFileResolver(found.mapUrl, roots) } : null);
      if (found) sourceMaps.set(scriptUrl, found.mapUrl);
    }
    mappers.set(id, byUrl.get(scriptUrl)!);
  }
  const locate: ScriptLocator = (scriptId, line, column) => {
    const url = scripts.get(scriptId);
    if (!url) return undefined;
    const m = mappers.get(scriptId);
    const pos = m?.mapper.position(line, column - 1);
    const file = pos?.source ? m!.resolve(pos.source) : null;
    if (m && pos && file) return { file, line: pos.line, column: pos.column + 1, name: m.mapper.functionName(pos.source, pos.line, pos.column) ?? undefined };
    return { file: url, line, column };
  };
  const variableName: VariableNamer = (scriptId, line, column, minified) => {
    const m = mappers.get(scriptId);
    return m?.mapper.originalName(m.code, minified, line, column - 1) ?? undefined;
  };
  return { locate, variableName, sourceMaps };
}

export async function findPageMemoryLeaks(url: string, opts: PageMemoryOptions): Promise<PageMemoryRun> {
  const repeat = opts.repeat ?? 10;
  const { files, scripts } = await capturePageSnapshots(url, opts);
  if (opts.signal?.aborted) throw new ProfileCancelledError();
  const { locate, variableName, sourceMaps } = await scriptLocator(scripts, opts.sourceRoots ?? [opts.cwd]);
  const snaps: HeapSnapshot[] = files.map((f) => readSnapshot(f));
  const report = pageMemoryReport(snaps, { url, action: opts.action, repeat, locate, variableName });
  return { report, files, sourceMaps };
}
