// speedscope side of the importer bench: its built app (npm package, installed by
// scripts/setup.d/55-speedscope.sh into $HOTLINE_CACHE/speedscope) and the profile are served from a
// loopback HTTP server; Chromium opens index.html#profileURL=… and the time until speedscope has
// drawn is measured (the page title becomes "<profile name> - speedscope" once the profile is imported, then
// the flame chart canvas has been painted with the next animation frames).
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, extname, join } from 'node:path';
import { launchChromium } from '../../test/integration/flame/pageKit';
import { cmdline, descendants, PeakSampler } from './procRss';

export interface SpeedscopeRun {
  ms: number;
  heapBytes: number | null;
  /** Peak RSS (VmHWM) of Chromium's renderer processes, sampled from /proc while the profile loads. */
  rendererPeakBytes: number | null;
}

/** speedscope did not draw the profile: what it said (or the tab's crash) and when, a result in itself. */
export class SpeedscopeFailure extends Error {
  constructor(
    readonly what: string,
    readonly atMs: number,
    readonly rendererPeakBytes: number | null,
  ) {
    super(`speedscope: ${what} at ${(atMs / 1000).toFixed(1)} s`);
  }
}

export function speedscopeApp(): string | null {
  const cache = process.env.HOTLINE_CACHE ?? join(process.env.HOME ?? '/root', '.cache/hotline');
  const dir = join(cache, 'speedscope/node_modules/speedscope/dist/release');
  return existsSync(join(dir, 'index.html')) ? dir : null;
}

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm' };

export async function timeSpeedscope(app: string, profile: string, timeoutMs: number): Promise<SpeedscopeRun> {
  const server = createServer((req, res) => {
    const name = decodeURIComponent((req.url ?? '/').split('?')[0]!.slice(1)) || 'index.html';
    const file = name === basename(profile) ? profile : join(app, basename(name));
    if (!existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'content-length': statSync(file).size });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await launchChromium(['--js-flags=--max-old-space-size=8192']);
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const failures: { what: string; atMs: number }[] = [];
    const renderers = new PeakSampler(() => descendants(process.pid).filter((pid) => cmdline(pid).includes('--type=renderer')));
    let t0 = Date.now();
    // The first failure counts, with its time: a crash of the tab, an uncaught error, speedscope's
    // alert ("Unrecognized format!") or its console line before it shows "Something went wrong."
    const failed = (what: string) => void failures.push({ what, atMs: Date.now() - t0 });
    page.on('pageerror', (e) => failed(`uncaught ${e.message.slice(0, 80)}`));
    page.on('crash', () => failed('tab crashed'));
    page.on('dialog', (d) => {
      failed(`alert "${d.message().slice(0, 80)}"`);
      void d.dismiss().catch(() => {});
    });
    page.on('console', (m) => {
      if (m.text().startsWith('Failed to load format')) failed(`"${m.text().slice(0, 100)}"`);
    });
    t0 = Date.now();
    await page
      .goto(`${base}/index.html#profileURL=${encodeURIComponent(`${base}/${basename(profile)}`)}`)
      .catch((e: Error) => failed(`navigation: ${e.message.split('\n')[0]}`));
    for (;;) {
      renderers.sample();
      if (failures[0]) throw new SpeedscopeFailure(failures[0].what, failures[0].atMs, renderers.peak);
      if ((await page.title().catch(() => '')).endsWith(' - speedscope')) break;
      if (Date.now() - t0 > timeoutMs) throw new SpeedscopeFailure(`not drawn after ${timeoutMs / 1000} s`, Date.now() - t0, renderers.peak);
      await new Promise((r) => setTimeout(r, 100));
    }
    // Two animation frames after the import: speedscope has painted its flame chart canvas.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const drawn = await page.evaluate(() => document.querySelectorAll('canvas').length);
    const ms = Date.now() - t0;
    if (drawn === 0) throw new Error('speedscope: no canvas after import');
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const { metrics } = await cdp.send('Performance.getMetrics');
    const heap = metrics.find((m) => m.name === 'JSHeapUsedSize');
    renderers.sample();
    return { ms, heapBytes: heap ? heap.value : null, rendererPeakBytes: renderers.peak };
  } finally {
    await browser.close();
    server.close();
  }
}
