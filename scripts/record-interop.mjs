#!/usr/bin/env node
// Records the interop fixtures of test/fixtures/interop/ with the real tools, and beside each the
// tool's own figures (<name>.expected.json) that test/unit/importers/*.test.ts compare with.
//
// Usage: node scripts/record-interop.mjs [chrome|node-prof|firefox ...]   (default: all)
//   chrome:    Debian Chromium headless over the DevTools protocol (--remote-debugging-pipe, no
//              dependency): a Performance-panel trace (Tracing.start/end with DevTools' categories)
//              and, on the same page, Chromium's own .cpuprofile (Profiler.start/stop), whose top
//              self function is the oracle for the trace's main thread.
//   node-prof: `node --prof` on test/fixtures/profiles/programs/node/hot.js, and the oracle from
//              `node --prof-process` (ticks total, top JavaScript and bottom-up entries).
//   firefox:   Debian's firefox-esr headless with the Gecko profiler on from startup
//              (MOZ_PROFILER_STARTUP, MOZ_PROFILER_SHUTDOWN) on the Chrome recording's page
//              (interop/chrome/page.html#busy-on-load: the same hot functions, run while it loads), quitting
//              after the load (--screenshot): the raw Gecko profile JSON, gzip'd. The tests count
//              its own thread tables as the oracle.
// Env: CHROMIUM (default /usr/bin/chromium), FIREFOX (default /usr/bin/firefox-esr). Re-running replaces the fixtures (sampling varies).
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'test/fixtures/interop');
const MAX_BYTES = 600_000;

function saved(file) {
  const n = statSync(file).size;
  if (n > MAX_BYTES) throw new Error(`${relative(root, file)} is ${n} bytes (> ${MAX_BYTES}); shorten the recording`);
  console.log(`recorded ${relative(root, file)} (${n} bytes)`);
}
const writeJson = (file, v, indent = 2) => writeFileSync(file, JSON.stringify(v, null, indent) + '\n');

/** A DevTools-protocol connection over --remote-debugging-pipe (fd 3 in, fd 4 out, NUL-separated JSON). */
function cdp(child) {
  let nextId = 1;
  const pending = new Map();
  const listeners = [];
  let buf = '';
  child.stdio[4].on('data', (d) => {
    buf += d.toString('utf8');
    let at;
    while ((at = buf.indexOf('\0')) >= 0) {
      const msg = JSON.parse(buf.slice(0, at));
      buf = buf.slice(at + 1);
      if (msg.id && pending.has(msg.id)) {
        const { resolve, reject } = pending.get(msg.id);
        pending.delete(msg.id);
        if (msg.error) reject(new Error(`${msg.error.message} (${msg.error.code})`));
        else resolve(msg.result);
      } else for (const l of listeners) l(msg);
    }
  });
  return {
    send(method, params = {}, sessionId) {
      const id = nextId++;
      child.stdio[3].write(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }) + '\0');
      return new Promise((resolve, reject) => pending.set(id, { resolve, reject }));
    },
    on: (l) => listeners.push(l),
  };
}

// The categories DevTools' Performance panel records with (the CPU profile, the timeline's tasks, thread names).
const TRACE_CATEGORIES = [
  '-*',
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8.execute',
  'disabled-by-default-v8.cpu_profiler',
  '__metadata',
];

async function recordChrome() {
  const dir = join(out, 'chrome');
  mkdirSync(dir, { recursive: true });
  const chromium = process.env.CHROMIUM ?? '/usr/bin/chromium';
  const version = execFileSync(chromium, ['--version'], { encoding: 'utf8' }).trim().split('\n').pop();
  const profileDir = mkdtempSync(join(tmpdir(), 'hotline-chromium-'));
  const child = spawn(
    chromium,
    ['--headless=new', '--no-sandbox', '--disable-gpu', '--remote-debugging-pipe', `--user-data-dir=${profileDir}`, 'about:blank'],
    {
      stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'],
      detached: true,
    },
  );
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const c = cdp(child);
  const timer = setTimeout(() => {
    console.error(`record-interop: chromium did not finish in 60 s\n${stderr}`);
    process.kill(-child.pid, 'SIGKILL');
    process.exit(1);
  }, 60_000);
  try {
    const { targetId } = await c.send('Target.createTarget', { url: 'about:blank' });
    const { sessionId } = await c.send('Target.attachToTarget', { targetId, flatten: true });
    const page = pathToFileURL(join(dir, 'page.html')).href;
    const ready = async () => {
      await c.send('Page.enable', {}, sessionId);
      await c.send('Page.navigate', { url: page }, sessionId);
      for (let i = 0; i < 100; i++) {
        const r = await c.send('Runtime.evaluate', { expression: 'typeof window.run' }, sessionId);
        if (r.result.value === 'function') return;
        await new Promise((res) => setTimeout(res, 50));
      }
      throw new Error('the page did not load');
    };
    const run = (ms) => c.send('Runtime.evaluate', { expression: `window.run(${ms})`, awaitPromise: true }, sessionId);

    // 1. The Performance panel's recording: a browser-wide trace, every process and thread.
    await ready();
    const events = [];
    const complete = new Promise((resolve) =>
      c.on((m) => {
        if (m.method === 'Tracing.dataCollected') events.push(...m.params.value);
        if (m.method === 'Tracing.tracingComplete') resolve();
      }),
    );
    await c.send('Tracing.start', { transferMode: 'ReportEvents', traceConfig: { includedCategories: TRACE_CATEGORIES, excludedCategories: ['*'] } });
    await run(300);
    await new Promise((res) => setTimeout(res, 100));
    await c.send('Tracing.end');
    await complete;
    const trace = join(dir, 'busy.trace.json.gz');
    // DevTools' "Save trace" shape: {metadata, traceEvents}, one event per line, gzip'd as recent DevTools saves it.
    writeFileSync(
      trace,
      gzipSync(
        `{"metadata":{"source":"DevTools","product":${JSON.stringify(version)}},"traceEvents":[\n${events.map((e) => JSON.stringify(e)).join(',\n')}\n]}\n`,
      ),
    );
    saved(trace);

    // 2. Chromium's own .cpuprofile of the same page: the oracle for the top self function.
    await ready();
    await c.send('Profiler.enable', {}, sessionId);
    await c.send('Profiler.setSamplingInterval', { interval: 200 }, sessionId);
    await c.send('Profiler.start', {}, sessionId);
    await run(300);
    const { profile } = await c.send('Profiler.stop', {}, sessionId);
    const cpuprofile = join(dir, 'busy.cpuprofile');
    writeJson(cpuprofile, profile, 0);
    saved(cpuprofile);
    await c.send('Browser.close').catch(() => {});
    recordHeadShape(profile);
    writeJson(trace.replace(/\.json\.gz$/, '.expected.json'), { chromium: version, trace: traceFigures(events), cpuprofile: cpuprofileTop(profile) });
  } finally {
    clearTimeout(timer);
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
    rmSync(profileDir, { recursive: true, force: true });
  }
}

/**
 * No tool that writes the old head-tree .cpuprofile runs here (Chrome before 2016, the v8-profiler
 * module of node <= 10), so Chromium's recording is written out in that shape, as DevTools' legacy
 * reader reads it: 1-based lines, startTime/endTime in seconds, absolute timestamps in µs.
 */
function recordHeadShape(profile) {
  const dir = join(out, 'cpuprofile-head');
  mkdirSync(dir, { recursive: true });
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const hits = new Map();
  for (const s of profile.samples) hits.set(s, (hits.get(s) ?? 0) + 1);
  const toHead = (n) => ({
    functionName: n.callFrame.functionName,
    scriptId: n.callFrame.scriptId,
    url: n.callFrame.url,
    lineNumber: n.callFrame.lineNumber + 1,
    columnNumber: n.callFrame.columnNumber + 1,
    hitCount: hits.get(n.id) ?? 0,
    callUID: n.id,
    children: (n.children ?? []).map((c) => toHead(byId.get(c))),
    deoptReason: '',
    id: n.id,
    ...(n.positionTicks ? { positionTicks: n.positionTicks } : {}),
  });
  let t = profile.startTime;
  const timestamps = profile.timeDeltas.map((d) => (t += d));
  const head = { head: toHead(profile.nodes[0]), startTime: profile.startTime / 1e6, endTime: profile.endTime / 1e6, samples: profile.samples, timestamps };
  const file = join(dir, 'busy.head.cpuprofile');
  writeJson(file, head, 0);
  saved(file);
  const fnOf = new Map(profile.nodes.map((n) => [n.id, n.callFrame.functionName || '(anonymous)']));
  const self = {};
  for (const s of profile.samples) self[fnOf.get(s)] = (self[fnOf.get(s)] ?? 0) + 1;
  writeJson(file.replace(/\.cpuprofile$/, '.expected.json'), {
    from: 'interop/chrome/busy.cpuprofile',
    samples: profile.samples.length,
    durationUs: profile.endTime - profile.startTime,
    firstDeltaUs: profile.timeDeltas[0],
    selfSamples: self,
  });
}

/** Per thread, what the trace's own events say: sample count, sum of time deltas, and RunTask events over 50 ms. */
function traceFigures(events) {
  const names = new Map();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args.name);
  const threads = {};
  let pageMainThread = null;
  let workerThread = null;
  const profileThread = new Map();
  for (const e of events) {
    if (e.name === 'Profile') profileThread.set(`${e.pid}:${e.id}`, `${e.pid}:${e.tid}`);
  }
  for (const e of events) {
    if (e.name !== 'ProfileChunk') continue;
    const key = profileThread.get(`${e.pid}:${e.id}`) ?? `${e.pid}:${e.tid}`;
    const t = (threads[key] ??= { name: names.get(key) ?? null, samples: 0, sumTimeDeltasUs: 0, firstDeltaUs: e.args.data.timeDeltas?.[0] ?? null });
    t.samples += e.args.data.cpuProfile?.samples?.length ?? 0;
    t.sumTimeDeltasUs += (e.args.data.timeDeltas ?? []).reduce((a, b) => a + b, 0);
    // The page's own functions tell its main thread and its worker from the browser's other renderers.
    for (const n of e.args.data.cpuProfile?.nodes ?? []) {
      if (n.callFrame.functionName === 'hotSum') pageMainThread = key;
      if (n.callFrame.functionName === 'workerHot') workerThread = key;
    }
  }
  const longTasks = events.filter((e) => e.name === 'RunTask' && e.ph === 'X' && e.dur > 50_000).map((e) => ({ thread: `${e.pid}:${e.tid}`, durUs: e.dur }));
  return { threads, pageMainThread, workerThread, longTasks };
}

/** The .cpuprofile's self samples per function, highest first (DevTools' Bottom-Up by self time). */
function cpuprofileTop(profile) {
  const fnOf = new Map(profile.nodes.map((n) => [n.id, n.callFrame.functionName || '(anonymous)']));
  const self = {};
  for (const s of profile.samples) self[fnOf.get(s)] = (self[fnOf.get(s)] ?? 0) + 1;
  const top = Object.entries(self).sort((a, b) => b[1] - a[1]);
  const js = top.find(([name]) => !name.startsWith('('));
  return { samples: profile.samples.length, topSelf: top[0][0], topSelfJavaScript: js[0], selfSamples: Object.fromEntries(top.slice(0, 6)) };
}

/**
 * `node --prof` on the importer tests' hot.js; the oracle is `node --prof-process`'s text report:
 * the ticks total, the [JavaScript] entries and the first "Bottom up (heavy)" entry.
 */
function recordNodeProf() {
  const dir = join(out, 'node-prof');
  mkdirSync(dir, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'hotline-node-prof-'));
  try {
    execFileSync(process.execPath, ['--prof', join(root, 'test/fixtures/profiles/programs/node/hot.js'), '1'], { cwd: work, stdio: 'ignore' });
    const log = readdirSync(work).find((f) => /^isolate-.*\.log$/.test(f));
    const text = execFileSync(process.execPath, ['--prof-process', log], {
      cwd: work,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      maxBuffer: 64 << 20,
    });
    const file = join(dir, 'hot.isolate.log.gz');
    // The log holds the source of every script Node loaded (1-2 MB); gzip'd, the importer reads it as is.
    writeFileSync(file, gzipSync(readFileSync(join(work, log))));
    saved(file);
    writeFileSync(join(dir, 'hot.prof-process.txt'), text);
    const header = /\((\d+) ticks, (\d+) unaccounted, (\d+) excluded\)/.exec(text);
    const section = (title) => {
      const at = text.indexOf(` [${title}]:`);
      const body = text.slice(at).split('\n').slice(2);
      const rows = [];
      for (const line of body) {
        const m = /^\s+(\d+)\s+[\d.]+%(?:\s+[\d.]+%)?\s+(.*)$/.exec(line);
        if (!m) break;
        rows.push({ ticks: Number(m[1]), name: m[2] });
      }
      return rows;
    };
    writeJson(join(dir, 'hot.expected.json'), {
      node: process.version,
      command: 'node --prof hot.js 1; node --prof-process isolate-*.log (hot.prof-process.txt)',
      ticks: Number(header[1]),
      unaccounted: Number(header[2]),
      javascript: section('JavaScript'),
      summary: section('Summary'),
      bottomUp: bottomUpTop(text),
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The first entry of the "Bottom up (heavy) profile" and its direct callers (the rows one level in). */
function bottomUpTop(text) {
  const lines = text.slice(text.indexOf('[Bottom up (heavy) profile]')).split('\n');
  const rows = [];
  for (const line of lines.slice(lines.findIndex((l) => /^\s+ticks\s+parent\s+name/.test(l)) + 1)) {
    const m = /^\s+(\d+)\s+[\d.]+%( +)(.*)$/.exec(line);
    if (!m) break;
    rows.push({ ticks: Number(m[1]), depth: (m[2].length - 2) / 2, name: m[3] });
  }
  const end = rows.findIndex((r, i) => i > 0 && r.depth === 0);
  const first = rows.slice(0, end < 0 ? rows.length : end);
  return { ticks: first[0].ticks, name: first[0].name, callers: first.filter((r) => r.depth === 1).map(({ ticks, name }) => ({ ticks, name })) };
}

// A quiet browser profile: no preloaded content processes, extensions or first-run pages, one content process.
const FIREFOX_PREFS = [
  ['dom.ipc.processPrelaunch.enabled', false],
  ['dom.ipc.processCount', 1],
  ['fission.autostart', false],
  ['extensions.enabledScopes', 0],
  ['browser.startup.page', 0],
  ['browser.shell.checkDefaultBrowser', false],
  ['browser.newtabpage.enabled', false],
  ['datareporting.policy.dataSubmissionEnabled', false],
  ['toolkit.telemetry.enabled', false],
  ['app.normandy.enabled', false],
  ['extensions.pocket.enabled', false],
];

/** firefox-esr --headless with the profiler on from startup; --screenshot quits after the page loaded, and the shutdown writes the profile. */
function recordFirefox() {
  const firefox = process.env.FIREFOX ?? '/usr/bin/firefox-esr';
  const dir = join(out, 'firefox');
  const work = mkdtempSync(join(tmpdir(), 'hotline-firefox-'));
  try {
    const profileDir = join(work, 'profile');
    mkdirSync(profileDir);
    writeFileSync(join(profileDir, 'user.js'), FIREFOX_PREFS.map(([k, v]) => `user_pref(${JSON.stringify(k)}, ${JSON.stringify(v)});\n`).join(''));
    const raw = join(work, 'profile.json');
    execFileSync(
      firefox,
      [
        '--headless',
        '--no-remote',
        '--profile',
        profileDir,
        '--screenshot',
        join(work, 'shot.png'),
        `${pathToFileURL(join(out, 'chrome', 'page.html')).href}#busy-on-load`,
      ],
      {
        stdio: 'ignore',
        timeout: 120_000,
        env: {
          ...process.env,
          HOME: work,
          MOZ_PROFILER_STARTUP: '1',
          MOZ_PROFILER_SHUTDOWN: raw,
          MOZ_PROFILER_STARTUP_INTERVAL: '2',
          MOZ_PROFILER_STARTUP_FEATURES: 'js',
          MOZ_PROFILER_STARTUP_FILTERS: 'GeckoMain,DOM Worker',
        },
      },
    );
    const file = join(dir, 'busy.gecko.json.gz');
    writeFileSync(file, gzipSync(readFileSync(raw), { level: 9 }));
    saved(file);
    writeFileSync(join(dir, 'FIREFOX_VERSION'), execFileSync(firefox, ['--version'], { encoding: 'utf8', env: { ...process.env, HOME: work } }));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const RECORDERS = { chrome: recordChrome, 'node-prof': recordNodeProf, firefox: recordFirefox };
const want = process.argv.slice(2);
for (const name of want.length ? want : Object.keys(RECORDERS)) {
  if (!RECORDERS[name]) {
    console.error(`record-interop: unknown recording '${name}'; known: ${Object.keys(RECORDERS).join(', ')}`);
    process.exit(2);
  }
  await RECORDERS[name]();
}
