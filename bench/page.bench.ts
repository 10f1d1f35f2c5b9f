// Page load (issue 15): Hotline's own work on top of Lighthouse for a page with 300 requests — parsing
// the Lighthouse result and its devtools log and building the network waterfall (headers and phases), mapping the page's CPU profile through the
// bundle's source map and reading it into the profile model, the long tasks from the main thread's trace. The page (bench/page/generatedSite.ts) is
// served on the loopback and recorded once by real Lighthouse and Chromium into
// $HOTLINE_CACHE/bench-page (delete it to record again). Target: under 1 s. Exits 1 when missed.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { longTasksWithFrames, parseLhr, type TraceEvent } from '../src/core/page';
import { importProfileBytes } from '../src/core/importers';
import { remapCpuProfile, type CpuProfileJson } from '../src/core/sourcemap';
import { LIGHTHOUSE_VERSION, recordPageCpuProfile, runLighthouse } from '../src/profilers/page';
import { sourceFileResolver } from '../src/profilers/page/pageCpuProfile';
import { generateSite, REQUESTS, serveSite } from './page/generatedSite';

const TARGET_MS = 1000;
const ROUNDS = 5;
const cache = join(process.env.HOTLINE_CACHE ?? join(homedir(), '.cache', 'hotline'), 'bench-page', `v4-lighthouse-${LIGHTHOUSE_VERSION}`);
const site = join(cache, 'site');
const files = {
  lhr: join(cache, 'lhr.json'),
  devtoolsLog: join(cache, 'devtoolslog.json'),
  raw: join(cache, 'raw.cpuprofile'),
  trace: join(cache, 'trace.json'),
  url: join(cache, 'url.txt'),
  done: join(cache, '.recorded'),
};

async function recordOnce(): Promise<void> {
  if (existsSync(files.done)) return;
  rmSync(cache, { recursive: true, force: true });
  mkdirSync(site, { recursive: true });
  await generateSite(site);
  const server = await serveSite(site);
  try {
    console.log(`recording once: Lighthouse ${LIGHTHOUSE_VERSION} and the page's CPU profile of ${server.url} (${REQUESTS} requests) into ${cache}`);
    await runLighthouse(server.url, { cwd: site, lhrFile: files.lhr, devtoolsLogFile: files.devtoolsLog, timeoutMs: 240_000 });
    await recordPageCpuProfile(server.url, {
      cwd: site,
      outputFile: join(cache, 'mapped.cpuprofile'),
      rawOutputFile: files.raw,
      traceFile: files.trace,
      sourceRoots: [site],
    });
    writeFileSync(files.url, server.url);
    writeFileSync(files.done, new Date().toISOString());
  } finally {
    await server.close();
  }
}

/** Hotline's work once: the lhr and its waterfall, the CPU profile mapped and read; ms of each step. */
async function hotlineWork(lhrText: string, logText: string, rawText: string, traceText: string, pageUrl: string) {
  const t0 = performance.now();
  const audit = parseLhr(JSON.parse(lhrText), JSON.parse(logText));
  const t1 = performance.now();
  const mapUrl = new URL('app.js.map', pageUrl).href;
  const map = JSON.parse(readFileSync(join(site, 'app.js.map'), 'utf8')) as object;
  const entry = { map, resolveSource: sourceFileResolver(mapUrl, [site]) };
  const remapped = remapCpuProfile(JSON.parse(rawText) as CpuProfileJson, (u) => (u.endsWith('/app.js') ? entry : null));
  const profile = await importProfileBytes('page-load.cpuprofile', Buffer.from(JSON.stringify(remapped.profile)));
  const t2 = performance.now();
  const longTasks = longTasksWithFrames((JSON.parse(traceText) as { traceEvents: TraceEvent[] }).traceEvents, remapped.profile);
  const t3 = performance.now();
  return {
    lhrMs: t1 - t0,
    profileMs: t2 - t1,
    traceMs: t3 - t2,
    totalMs: t3 - t0,
    longTasks: longTasks.length,
    requests: audit.waterfall.requests.length,
    remapped: remapped.remappedFrames,
    frames: profile.frames.length,
  };
}

async function main(): Promise<number> {
  await recordOnce();
  const lhrText = readFileSync(files.lhr, 'utf8');
  const rawText = readFileSync(files.raw, 'utf8');
  const traceText = readFileSync(files.trace, 'utf8');
  const logText = readFileSync(files.devtoolsLog, 'utf8');
  const url = readFileSync(files.url, 'utf8');
  const runs = [];
  for (let i = 0; i < ROUNDS; i++) runs.push(await hotlineWork(lhrText, logText, rawText, traceText, url));
  const median = [...runs].sort((a, b) => a.totalMs - b.totalMs)[Math.floor(ROUNDS / 2)]!;
  const ok = median.totalMs < TARGET_MS && median.requests >= REQUESTS;
  console.log(
    `page load of ${median.requests} requests (lhr ${(lhrText.length / 1024 ** 2).toFixed(1)} MB, CPU profile ${(rawText.length / 1024 ** 2).toFixed(1)} MB, ${median.remapped} frames source-mapped, ${median.frames} frames):`,
  );
  console.log(
    `  lhr + devtools log (${(logText.length / 1024 ** 2).toFixed(1)} MB) + waterfall ${median.lhrMs.toFixed(0)} ms, source-mapped profile ${median.profileMs.toFixed(0)} ms, trace ${(traceText.length / 1024 ** 2).toFixed(1)} MB → ${median.longTasks} long tasks ${median.traceMs.toFixed(0)} ms`,
  );
  console.log(`  Hotline's own work: ${median.totalMs.toFixed(0)} ms (median of ${ROUNDS}; target < ${TARGET_MS} ms) ${ok ? 'ok' : 'MISSED'}`);
  if (median.requests < REQUESTS) console.log(`  the waterfall has ${median.requests} requests, expected ${REQUESTS} or more`);
  return ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
