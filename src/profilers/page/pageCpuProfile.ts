/**
 * The page's own CPU profile during its load: Hotline starts headless Chromium (its own process
 * group), and over the DevTools protocol starts V8's sampler, navigates, waits for the load event
 * and a settle time (work scheduled on load), and stops — the same .cpuprofile DevTools' Performance
 * panel records — and the main thread's trace beside it, for the long tasks (over 50 ms) and the frames
 * sampled inside each. Frames of bundled scripts are then mapped through each script's source map (fetched
 * from the page's server, as DevTools does) to the workspace's original .ts/.tsx/.js files and lines,
 * so the profile opens in the flame graph and annotates the editor like any other.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isTaskOrThreadEvent, longTasksWithFrames, type LongTask, type TraceEvent } from '../../core/page/longTasks';
import { remapCpuProfile, type CpuProfileJson, type SourceMapEntry } from '../../core/sourcemap';
import { ProfileCancelledError } from '../errors';
import { Session } from '../nodeInspector';
import { sleep, within } from '../sleep';
import { PageInputError } from './errors';
import { startChromium, type LighthouseOptions } from './lighthouse';
import { fetchScriptWithMap } from './sourceMaps';
import { findChromium } from './tools';

export interface PageCpuProfileOptions extends LighthouseOptions {
  /** Where the (source-mapped) .cpuprofile is written. */
  readonly outputFile: string;
  /** Folders a source path from a map ("/src/orders.ts") is looked up in; default: cwd. */
  readonly sourceRoots?: readonly string[];
  /** Recording continues this long after the load event (default 2000 ms). */
  readonly settleMs?: number;
  readonly samplingIntervalMicros?: number;
  /** Also write the profile as Chromium recorded it, before the source maps (to check a map). */
  readonly rawOutputFile?: string;
  /** Also write the trace recorded with it (Chromium's trace event JSON: its thread names and scheduled tasks). */
  readonly traceFile?: string;
}

export interface PageCpuProfile {
  readonly profilePath: string;
  /** Frames moved to an original source file. */
  readonly remappedFrames: number;
  /** Scripts whose source map was found (URL → map URL). */
  readonly sourceMaps: ReadonlyMap<string, string>;
  /** The main thread's tasks over 50 ms during the load, with their top (source-mapped) frames. */
  readonly longTasks: readonly LongTask[];
}

export async function pageTarget(port: number): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}/json/list`, { signal: AbortSignal.timeout(5000) });
  const list = (await res.json()) as { type?: string; webSocketDebuggerUrl?: string }[];
  const page = list.find((t) => t.type === 'page' && t.webSocketDebuggerUrl);
  if (!page) throw new PageInputError(`Chromium on port ${port} has no page to record`);
  return page.webSocketDebuggerUrl!;
}

/**
 * The workspace file of a source named in a map: resolved against the map's URL, then its path
 * looked up under each root ("http://host/src/orders.ts" → <root>/src/orders.ts); file:// and
 * absolute paths as they are; bundler schemes (webpack://app/./src/x.ts) by their path.
 */
export function sourceFileResolver(mapUrl: string, roots: readonly string[]): (source: string) => string | null {
  return (source) => {
    let path: string;
    try {
      const u = new URL(source, mapUrl);
      if (u.protocol === 'file:') return existsSync(fileURLToPath(u)) ? fileURLToPath(u) : null;
      path = decodeURIComponent(u.pathname);
    } catch {
      path = source;
    }
    const rel = path.replace(/^\/+/, '').replace(/^(\.\/)+/, '');
    for (const root of roots) {
      const candidate = join(root, rel);
      if (existsSync(candidate)) return candidate;
    }
    // Some dev servers write the file system path itself into the map.
    return isAbsolute(source) && existsSync(source) ? source : null;
  };
}

/**
 * A page's CPU profile with the frames of its http(s) scripts mapped through their source maps (fetched
 * from the page's server, or read from the build output under `roots`) to the workspace's files; the
 * page's server must still answer.
 */
export async function sourceMappedProfile(
  profile: CpuProfileJson,
  roots: readonly string[],
): Promise<{ profile: CpuProfileJson; remappedFrames: number; sourceMaps: Map<string, string> }> {
  const maps = new Map<string, SourceMapEntry>();
  const sourceMaps = new Map<string, string>();
  for (const scriptUrl of new Set(profile.nodes.map((n) => n.callFrame.url).filter((u) => /^https?:/.test(u)))) {
    const found = await fetchScriptWithMap(scriptUrl, roots);
    if (!found) continue;
    sourceMaps.set(scriptUrl, found.mapUrl);
    maps.set(scriptUrl, { map: found.map, resolveSource: sourceFileResolver(found.mapUrl, roots) });
  }
  const remapped = remapCpuProfile(profile, (u) => maps.get(u) ?? null);
  return { profile: remapped.profile, remappedFrames: remapped.remappedFrames, sourceMaps };
}

export async function recordPageCpuProfile(url: string, opts: PageCpuProfileOptions): Promise<PageCpuProfile> {
  const chromium = findChromium(opts.env ?? process.env);
  const work = mkdtempSync(join(tmpdir(), 'hotline-page-cpu-'));
  const deadline = Date.now() + (opts.timeoutMs ?? 120_000);
  try {
    const chrome = await startChromium(chromium, join(work, 'profile'), opts, deadline);
    let profile: CpuProfileJson;
    const trace: TraceEvent[] = [];
    try {
      const session = await Session.open(await pageTarget(chrome.port));
      try {
        const loaded = new Promise<void>((resolve) => session.on('Page.loadEventFired', () => resolve()));
        const traced = new Promise<void>((resolve) => session.on('Tracing.tracingComplete', () => resolve()));
        session.on('Tracing.dataCollected', (p) => trace.push(...((p as { value?: TraceEvent[] }).value ?? []).filter(isTaskOrThreadEvent)));
        await session.send('Page.enable');
        // The main thread's tasks (for the long tasks), recorded beside V8's samples on the same clock.
        await session.send('Tracing.start', { traceConfig: { includedCategories: ['toplevel', '__metadata'] }, transferMode: 'ReportEvents' });
        await session.send('Profiler.enable');
        await session.send('Profiler.setSamplingInterval', { interval: opts.samplingIntervalMicros ?? 100 });
        await session.send('Profiler.start');
        const nav = await session.send<{ errorText?: string }>('Page.navigate', { url });
        if (nav.errorText) throw new PageInputError(`Chromium could not load ${url}: ${nav.errorText}`);
        const left = Math.max(1000, deadline - Date.now());
        const ok = await within(loaded, left, opts.signal);
        if (!ok) throw new PageInputError(`${url} did not finish loading (no load event) within ${Math.round(left / 1000)} s`);
        await sleep(opts.settleMs ?? 2000, opts.signal);
        profile = (await session.send<{ profile: CpuProfileJson }>('Profiler.stop')).profile;
        await session.send('Tracing.end');
        await within(traced, 10_000, opts.signal);
      } finally {
        session.close();
      }
    } finally {
      await chrome.stop();
    }
    if (opts.signal?.aborted) throw new ProfileCancelledError();
    if (opts.rawOutputFile) writeFileSync(opts.rawOutputFile, JSON.stringify(profile));
    if (opts.traceFile) writeFileSync(opts.traceFile, JSON.stringify({ traceEvents: trace }));
    const remapped = await sourceMappedProfile(profile, opts.sourceRoots ?? [opts.cwd]);
    mkdirSync(dirname(opts.outputFile), { recursive: true });
    writeFileSync(opts.outputFile, JSON.stringify(remapped.profile));
    const longTasks = longTasksWithFrames(trace, remapped.profile);
    return { profilePath: opts.outputFile, remappedFrames: remapped.remappedFrames, sourceMaps: remapped.sourceMaps, longTasks };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
