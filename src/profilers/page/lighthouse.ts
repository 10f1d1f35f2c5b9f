/**
 * One Lighthouse run of a URL: Hotline starts headless Chromium itself (a process group of its own,
 * so nothing outlives a cancel or a timeout — Lighthouse's own launcher detaches Chrome), points the
 * Lighthouse CLI at its DevTools port, reads the JSON result and stops both trees.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseLhr, type PageAudit } from '../../core/page';
import { ProfileCancelledError } from '../errors';
import { execInGroup } from '../processTree';
import { PageInputError } from './errors';
import { findChromium, findLighthouse } from './tools';

export interface LighthouseOptions {
  readonly cwd: string;
  readonly signal?: AbortSignal;
  /** For one run, Chromium's start included (default 120 s). */
  readonly timeoutMs?: number;
  readonly onOutput?: (line: string) => void;
  readonly env?: NodeJS.ProcessEnv;
  /** Also keep Lighthouse's own JSON result (the lhr) in this file. */
  readonly lhrFile?: string;
  /** Also keep the devtools log it saved (the requests' headers and phases) in this file. */
  readonly devtoolsLogFile?: string;
}

const CHROME_FLAGS = ['--no-sandbox', '--disable-gpu', '--no-first-run', '--no-default-browser-check', '--disable-dev-shm-usage'];
/** A visible window (on DISPLAY) the user works in: its timers and rendering run at full speed while another window has the focus. */
const HEADED_FLAGS = [
  '--window-size=1280,800',
  '--disable-background-timer-throttling',
  '--disable-renderer-backgrounding',
  '--disable-backgrounding-occluded-windows',
];

/**
 * Chromium in a process group of its own with its DevTools port open (on `about:blank`): headless
 * unless `headed` (a window on `display`, default the environment's DISPLAY). `pid` is the group's leader; `stop()`
 * kills the whole group and waits for it.
 */
export async function startChromium(
  chromium: string,
  profileDir: string,
  opts: LighthouseOptions,
  deadline: number,
  launch: { headed?: boolean; display?: string } = {},
) {
  const abort = new AbortController();
  const onParent = () => abort.abort();
  opts.signal?.addEventListener('abort', onParent, { once: true });
  let announce: (port: number) => void = () => {};
  const port = new Promise<number>((resolve) => (announce = resolve));
  let pid: number | undefined;
  const flags = launch.headed ? [...CHROME_FLAGS, ...HEADED_FLAGS] : ['--headless=new', ...CHROME_FLAGS];
  const done = execInGroup([chromium, ...flags, '--remote-debugging-port=0', `--user-data-dir=${profileDir}`, 'about:blank'], {
    cwd: opts.cwd,
    signal: abort.signal,
    deadline,
    env: launch.display ? { DISPLAY: launch.display } : undefined,
    onSpawn: (p) => (pid = p),
    onOutput: (line) => {
      const m = /DevTools listening on ws:\/\/[^\s/]+:(\d+)\//.exec(line);
      if (m) announce(Number(m[1]));
    },
  });
  const stop = async () => {
    abort.abort();
    opts.signal?.removeEventListener('abort', onParent);
    await done;
  };
  const ended = done.then((r) => {
    throw new PageInputError(
      `Chromium (${chromium}) exited before it opened its DevTools port (exit code ${r.exitCode}${r.signal ? `, ${r.signal}` : ''})${r.stderrTail ? `:\n${r.stderrTail}` : ''}`,
    );
  });
  try {
    return { port: await Promise.race([port, ended]), pid: pid!, stop, done };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** The saved devtools log, or undefined (logged) when Lighthouse wrote none: the waterfall then has no headers. */
function devtoolsLog(file: string, log?: (line: string) => void): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    log?.(`no devtools log from Lighthouse (${(err as Error).message}); the waterfall shows no headers or connection phases`);
    return undefined;
  }
}

/** Runs Lighthouse (performance category) on the URL and returns Hotline's model of its result. */
export async function runLighthouse(url: string, opts: LighthouseOptions): Promise<PageAudit> {
  const env = opts.env ?? process.env;
  const lighthouse = findLighthouse(env);
  const chromium = findChromium(env);
  const work = mkdtempSync(join(tmpdir(), 'hotline-page-'));
  const deadline = Date.now() + (opts.timeoutMs ?? 120_000);
  try {
    const chrome = await startChromium(chromium, join(work, 'profile'), opts, deadline);
    let result;
    try {
      const out = join(work, 'lhr.json');
      result = await execInGroup(
        [
          lighthouse,
          url,
          `--port=${chrome.port}`,
          '--output=json',
          `--output-path=${out}`,
          '--only-categories=performance',
          '--quiet',
          // Also writes lhr-0.devtoolslog.json: the requests' headers and connection phases.
          '--save-assets',
          '--disable-full-page-screenshot',
          '--skip-audits=screenshot-thumbnails,final-screenshot',
        ],
        { cwd: opts.cwd, signal: opts.signal, deadline, env: { CHROME_PATH: chromium }, onOutput: opts.onOutput },
      );
      if (result.cancelled) throw new ProfileCancelledError();
      if (result.timedOut)
        throw new PageInputError(
          `Lighthouse did not finish ${url} within ${Math.round((opts.timeoutMs ?? 120_000) / 1000)} s; Chromium and Lighthouse were stopped`,
        );
      let json: unknown;
      try {
        json = JSON.parse(readFileSync(out, 'utf8'));
      } catch {
        throw new PageInputError(`Lighthouse wrote no result for ${url} (exit code ${result.exitCode})${result.stderrTail ? `:\n${result.stderrTail}` : ''}`);
      }
      if (opts.lhrFile) copyFileSync(out, opts.lhrFile);
      const log = join(work, 'lhr-0.devtoolslog.json');
      if (opts.devtoolsLogFile) copyFileSync(log, opts.devtoolsLogFile);
      return parseLhr(json, devtoolsLog(log, opts.onOutput));
    } finally {
      await chrome.stop();
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
