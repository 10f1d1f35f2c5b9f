/**
 * "Record Page Interaction", the Performance panel's Record → interact → Stop: Hotline opens Chromium
 * (a visible window when there is a DISPLAY, headless otherwise; a process group of its own and a
 * temporary profile folder, both gone afterwards) on the URL, waits for its load, then records V8's
 * samples and the main thread's trace over the DevTools protocol while the user works in the page,
 * until `stop` (or `maxSeconds`). The profile is source-mapped like the page-load profile
 * (sourceMappedProfile) and the trace gives the tasks over 50 ms of the interaction with their top
 * frames and the DOM events that started them (src/core/page/interaction.ts).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  INTERACTION_TRACE_CATEGORIES,
  interactionLongTasks,
  isInteractionEvent,
  mainThreadLongTasks,
  type PageInteraction,
  type TraceEvent,
} from '../../core/page';
import type { CpuProfileJson } from '../../core/sourcemap';
import { ProfileCancelledError } from '../errors';
import { Session } from '../nodeInspector';
import { within } from '../sleep';
import { PageInputError } from './errors';
import { startChromium, type LighthouseOptions } from './lighthouse';
import { pageTarget, sourceMappedProfile } from './pageCpuProfile';
import { findChromium } from './tools';

export interface InteractionOptions extends LighthouseOptions {
  /** Where the (source-mapped) .cpuprofile is written. */
  readonly outputFile: string;
  /** A visible window; default: when the environment has a DISPLAY. */
  readonly headed?: boolean;
  /** Aborting it ends the recording and keeps it (the Stop button); `signal` cancels and keeps nothing. */
  readonly stop?: AbortSignal;
  /** The recording stops by itself after this long (default 600 s). */
  readonly maxSeconds?: number;
  /** Folders a source path from a map is looked up in; default: cwd. */
  readonly sourceRoots?: readonly string[];
  /** V8's sampling interval (default 250 µs). */
  readonly samplingIntervalMicros?: number;
  /** Once recording: Chromium's DevTools port and process group (tests drive the page through a second connection). */
  readonly onRecording?: (chromium: { port: number; pid: number }) => void;
  /** Also write the trace events kept (thread names, main-thread tasks, DOM event dispatches). */
  readonly traceFile?: string;
}

export interface RecordedInteraction extends PageInteraction {
  readonly profilePath: string;
  readonly remappedFrames: number;
  /** Scripts whose source map was found (URL → map URL). */
  readonly sourceMaps: ReadonlyMap<string, string>;
  /** Chromium's process group (gone when this resolves). */
  readonly chromiumPid: number;
  readonly headed: boolean;
}

/** The trace kept when a recording is lost: next to where the profile would have gone. */
export const partialTraceFile = (outputFile: string) => `${outputFile.replace(/\.cpuprofile$/, '')}.partial.trace.json`;

const aborted = (signal: AbortSignal | undefined) =>
  new Promise<void>((resolve) => (signal?.aborted ? resolve() : signal?.addEventListener('abort', () => resolve(), { once: true })));

/** A promise resolved with `value` after `ms`, and `clear` to drop the timer once the wait is over. */
function timeout<T>(ms: number, value: T): { promise: Promise<T>; clear: () => void } {
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<T>((resolve) => (timer = setTimeout(() => resolve(value), ms)));
  return { promise, clear: () => clearTimeout(timer) };
}

export async function recordPageInteraction(url: string, opts: InteractionOptions): Promise<RecordedInteraction> {
  const env = opts.env ?? process.env;
  const chromium = findChromium(env);
  const headed = opts.headed ?? Boolean(env.DISPLAY);
  const maxMs = (opts.maxSeconds ?? 600) * 1000;
  const loadMs = opts.timeoutMs ?? 120_000;
  const work = mkdtempSync(join(tmpdir(), 'hotline-page-interaction-'));
  if (opts.signal?.aborted) throw new ProfileCancelledError();
  const cancelled = new Promise<never>((_, reject) => opts.signal?.addEventListener('abort', () => reject(new ProfileCancelledError()), { once: true }));
  cancelled.catch(() => {});
  try {
    const chrome = await startChromium(chromium, join(work, 'profile'), opts, Date.now() + loadMs + maxMs + 30_000, { headed, display: env.DISPLAY });
    const trace: TraceEvent[] = [];
    let profile: CpuProfileJson;
    let durationMs: number;
    try {
      const session = await Session.open(await pageTarget(chrome.port));
      try {
        // What ends a recording before Stop: the page's renderer crashing, or Chromium exiting (its window closed).
        const lost = new Promise<string>((resolve) => {
          session.on('Inspector.targetCrashed', () => resolve("the page crashed (Chromium's renderer died)"));
          void chrome.done.then((r) =>
            resolve(`Chromium exited (exit code ${r.exitCode}${r.signal ? `, ${r.signal}` : ''})${r.stderrTail ? `:\n${r.stderrTail}` : ''}`),
          );
        });
        const loaded = new Promise<void>((resolve) => session.on('Page.loadEventFired', () => resolve()));
        const traced = new Promise<void>((resolve) => session.on('Tracing.tracingComplete', () => resolve()));
        session.on('Tracing.dataCollected', (p) => trace.push(...((p as { value?: TraceEvent[] }).value ?? []).filter(isInteractionEvent)));
        await session.send('Inspector.enable');
        await session.send('Page.enable');
        const nav = await session.send<{ errorText?: string }>('Page.navigate', { url });
        if (nav.errorText) throw new PageInputError(`Chromium could not load ${url}: ${nav.errorText}`);
        const ok = await within(loaded, loadMs, opts.signal);
        if (!ok) throw new PageInputError(`${url} did not finish loading (no load event) within ${Math.round(loadMs / 1000)} s; nothing was recorded`);
        // Recording starts once the page has loaded: the load has its own profile (Profile Page Load).
        await session.send('Tracing.start', { traceConfig: { includedCategories: INTERACTION_TRACE_CATEGORIES }, transferMode: 'ReportEvents' });
        await session.send('Profiler.enable');
        await session.send('Profiler.setSamplingInterval', { interval: opts.samplingIntervalMicros ?? 250 });
        await session.send('Profiler.start');
        const started = Date.now();
        opts.onRecording?.({ port: chrome.port, pid: chrome.pid });
        const limit = timeout(maxMs, undefined);
        const why = await Promise.race([aborted(opts.stop).then(() => undefined), limit.promise, lost, cancelled]).finally(limit.clear);
        if (why !== undefined) {
          const seconds = ((Date.now() - started) / 1000).toFixed(1);
          // The trace lives in the browser process: it may still hand over what it has.
          await within(
            session.send('Tracing.end').then(() => traced),
            5000,
          ).catch(() => {});
          const file = partialTraceFile(opts.outputFile);
          mkdirSync(dirname(file), { recursive: true });
          writeFileSync(file, JSON.stringify({ traceEvents: trace }));
          throw new PageInputError(
            `${why.split('\n')[0]} ${seconds} s into the recording of ${url}, before Stop: V8's samples were lost with it, so there is no CPU profile. ` +
              `The main thread's trace up to then is kept in ${file} (${trace.length} events, ${mainThreadLongTasks(trace).length} tasks over 50 ms)` +
              (why.includes('\n') ? `\n${why.slice(why.indexOf('\n') + 1)}` : ''),
          );
        }
        profile = (await session.send<{ profile: CpuProfileJson }>('Profiler.stop')).profile;
        durationMs = (profile.endTime - profile.startTime) / 1000;
        await session.send('Tracing.end');
        await within(traced, 10_000);
      } finally {
        session.close();
      }
    } finally {
      await chrome.stop();
    }
    if (opts.traceFile) writeFileSync(opts.traceFile, JSON.stringify({ traceEvents: trace }));
    const mapped = await sourceMappedProfile(profile, opts.sourceRoots ?? [opts.cwd]);
    mkdirSync(dirname(opts.outputFile), { recursive: true });
    writeFileSync(opts.outputFile, JSON.stringify(mapped.profile));
    return {
      url,
      durationMs,
      longTasks: interactionLongTasks(trace, mapped.profile),
      profilePath: opts.outputFile,
      remappedFrames: mapped.remappedFrames,
      sourceMaps: mapped.sourceMaps,
      chromiumPid: chrome.pid,
      headed,
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
