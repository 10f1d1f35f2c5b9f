/**
 * The standalone flame graph page in real Chromium: hostile function names stay text and run no
 * script, the CSP blocks nothing of ours, and the features a user sees work (search share, zoom,
 * inverted, differential, insights). Screenshots go to test-results/flame/ for people to look at.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ProfileBuilder, type Profile } from '../../../src/core/model/profile';
import { importProfileFile } from '../../../src/core/importers/index';
import { standalonePageHtml } from '../../../src/core/flame/standalonePage';
import { buildWebviewBundle, launchChromium, root } from './pageKit';

const out = join(root, 'test-results', 'flame');
const HOSTILE = [
  '<img src=x onerror="window.__xss=1">',
  '</script><script>window.__xss=2</script>',
  '"><svg onload="window.__xss=3">',
  '{{constructor.constructor("window.__xss=4")()}}',
];

function hostileProfile(): Profile {
  const b = new ProfileBuilder({ format: 'test', profiler: 'py-spy', language: 'python' });
  const main = b.frame({ name: 'main', file: '/work/app.py', line: 1 });
  HOSTILE.forEach((name, i) => {
    const f = b.frame({ name, file: `/work/<b>evil${i}</b>.py`, line: i + 2 });
    b.addSample([main, f, b.frame({ name: `inner_${i}<u>`, file: '/work/app.py', line: 40 + i })], [500 + 300 * i]);
  });
  return b.build();
}

function syntheticPair(): { base: Profile; next: Profile } {
  const make = (parse: number, render: number, cache: number) => {
    const b = new ProfileBuilder({ format: 'test', profiler: 'py-spy', language: 'python' });
    const m = b.frame({ name: 'main', file: '/w/app.py', line: 1 });
    const h = b.frame({ name: 'handle_request', file: '/w/app.py', line: 10 });
    b.addSample([m, h, b.frame({ name: 'parse_rows', file: '/w/parse.py', line: 5 })], [parse]);
    b.addSample([m, h, b.frame({ name: 'render', file: '/w/view.py', line: 7 })], [render]);
    if (cache) b.addSample([m, h, b.frame({ name: 'cache_lookup', file: '/w/cache.py', line: 3 })], [cache]);
    return b.build();
  };
  return { base: make(3000, 1000, 0), next: make(800, 1000, 200) };
}

let browser: Browser;
let bundle: { script: string; css: string };

before(async () => {
  mkdirSync(out, { recursive: true });
  [bundle, browser] = await Promise.all([buildWebviewBundle(), launchChromium()]);
});
after(async () => {
  await browser?.close();
});

async function open(name: string, html: string, scheme: 'light' | 'dark' = 'light'): Promise<{ page: Page; problems: string[] }> {
  const file = join(out, `${name}.html`);
  writeFileSync(file, html);
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, colorScheme: scheme });
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('request', (r) => {
    if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) problems.push(`network: ${r.url()}`);
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      ((window as unknown as { __csp: string[] }).__csp ??= []).push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  await page.goto(`file://${file}`);
  await page.waitForSelector('#graph svg g.frame');
  // The lists render after the graph's first paint.
  await page.waitForSelector('body[data-details="ready"]', { state: 'attached' });
  await page.waitForTimeout(100);
  return { page, problems };
}

/** Waits until the element's text matches (debounced search answers arrive a little later). */
async function waitText(page: Page, selector: string, re: RegExp): Promise<void> {
  try {
    await page.waitForFunction(([sel, src]) => new RegExp(src).test(document.querySelector(sel)?.textContent ?? ''), [selector, re.source] as const, {
      timeout: 5000,
    });
  } catch {
    assert.match(await page.locator(selector).innerText(), re);
  }
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(out, `${name}.png`), fullPage: true });
}

test('hostile names render as text and no script from a profile runs', async () => {
  const { page, problems } = await open('hostile', standalonePageHtml({ title: '<img src=x onerror="window.__xss=9">', profile: hostileProfile(), ...bundle }));
  const probe = await page.evaluate(() => ({
    xss: (window as unknown as { __xss?: number }).__xss,
    csp: (window as unknown as { __csp?: string[] }).__csp ?? [],
    imgs: document.querySelectorAll('img').length,
    svgs: [...document.querySelectorAll('svg')].filter((s) => s.getAttribute('onload')).length,
    title: document.title,
    heading: document.getElementById('title')?.textContent,
    labels: [...document.querySelectorAll('#graph .d3-flame-graph-label')].map((d) => d.textContent),
    cells: [...document.querySelectorAll('#functions td.fn')].map((d) => d.textContent),
    insights: document.getElementById('insights')?.textContent ?? '',
  }));
  assert.equal(probe.xss, undefined, 'no injected script ran');
  assert.deepEqual(probe.csp, [], 'the CSP blocked nothing: the page needs no inline style or script beyond its nonce');
  assert.equal(probe.imgs, 0);
  assert.equal(probe.svgs, 0);
  assert.equal(probe.heading, '<img src=x onerror="window.__xss=9">');
  assert.match(probe.title, /^<img src=x onerror/);
  for (const name of HOSTILE) {
    assert.ok(probe.cells.includes(name), `table shows ${name} as text`);
  }
  assert.ok(probe.labels.includes(HOSTILE[3]!), 'the widest hostile frame is labelled with its literal name');
  assert.match(probe.insights, /inner_3<u> \(app\.py:43\) spends 37%/);
  assert.doesNotMatch(probe.insights, /wide tower/, 'main holding everything is an entry point, not a tower');
  // Tooltip: hover the widest hostile frame.
  const frame = page.locator(`#graph g.frame[name="${HOSTILE[3]!.replace(/"/g, '\\"')}"]`);
  await frame.hover();
  const tip = await page.locator('.tooltip').innerText();
  assert.ok(tip.includes(HOSTILE[3]!), tip);
  assert.match(tip, /<b>evil3<\/b>\.py:5/);
  // Search with a regex that matches the markup.
  await page.locator('#search').click();
  await page.keyboard.type('onerror|onload');
  await waitText(page, '#search-info', /2 frames match, 42% of the total/);
  await shot(page, 'hostile-search');
  assert.equal(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss), undefined);
  assert.deepEqual(problems, []);
  await page.close();
});

test('a real py-spy profile: light and dark, search, zoom, inverted, insights', async () => {
  const profile = await importProfileFile(join(root, 'test/fixtures/profiles/py-spy/hot.speedscope.json'));
  const html = standalonePageHtml({ title: 'hot.py (py-spy)', profile, ...bundle });
  for (const scheme of ['light', 'dark'] as const) {
    const { page, problems } = await open(`pyspy-${scheme}`, html, scheme);
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(bg, scheme === 'dark' ? 'rgb(31, 31, 31)' : 'rgb(255, 255, 255)');
    await shot(page, `pyspy-${scheme}`);
    if (scheme === 'light') {
      // Insights name the plateau function and the tower.
      const insights = await page.locator('#insights').innerText();
      assert.match(insights, /build_string \(hot\.py:\d+\) spends \d+% of the time in its own code/);
      await page.locator('#insights').screenshot({ path: join(out, 'pyspy-insights.png') });
      // Search.
      await page.locator('#search').click();
      await page.keyboard.type('build_str');
      await waitText(page, '#search-info', /1 frame matches, \d+% of the total/);
      const magenta = await page.evaluate(
        () => [...document.querySelectorAll('#graph g.frame rect')].filter((r) => r.getAttribute('fill') === 'rgb(230,0,230)').length,
      );
      assert.equal(magenta, 1, 'the match is highlighted');
      await shot(page, 'pyspy-search');
      // Zoom: click "main"; its frame becomes the full width, siblings of main disappear.
      const before = await page.evaluate(() => document.body.dataset.rendered);
      await page.locator('#graph g.frame[name="main"]').first().click();
      await page.waitForFunction((b) => document.body.dataset.rendered !== b, before);
      const w = await page.evaluate(() => Number(document.querySelector('#graph g.frame[name="main"] rect')?.getAttribute('width')));
      const all = await page.evaluate(() => Number(document.querySelector('#graph g.frame[name="all"] rect')?.getAttribute('width')));
      assert.equal(w, all, 'the zoomed frame spans the width');
      assert.match(await page.locator('#breadcrumb').innerText(), /Zoomed: <module> › main/);
      await shot(page, 'pyspy-zoom');
      // Reload: the state API brings back the zoom and the search.
      await page.reload();
      await page.waitForSelector('#graph svg g.frame');
      assert.match(await page.locator('#breadcrumb').innerText(), /main/);
      assert.equal(await page.locator('#search').evaluate((e) => (e as HTMLInputElement).value), 'build_str');
      // Inverted: the icicle puts the plateau functions on top.
      await page.locator('#inverted').click();
      await page.waitForFunction(() => document.querySelector('#graph g.frame[name="all"]')?.getAttribute('transform') === 'translate(0,0)');
      await shot(page, 'pyspy-inverted');
      // Keyboard: the graph is reachable and Escape resets.
      // (Pressed again if a redraw landed between the press and the check: a new drawing starts unselected.)
      let selected = 0;
      for (let i = 0; i < 5 && !selected; i++) {
        await page.locator('#graph').focus();
        await page.keyboard.press('ArrowUp');
        selected = await page.locator('#graph g.frame.selected').count();
        if (!selected) await page.waitForTimeout(200);
      }
      assert.ok(selected, 'arrow keys select a frame');
      // Table header sorts.
      await page.locator('#functions button.sort', { hasText: 'Total' }).click();
      const firstRow = await page.locator('#functions tbody tr td.fn').first().innerText();
      assert.ok(['<module>', 'main'].includes(firstRow), `sorted by total, the entry point comes first (got ${firstRow})`);
      assert.equal(await page.locator('#functions th[aria-sort="descending"]').innerText(), 'Total ▼');
    }
    assert.deepEqual(problems, []);
    await page.close();
  }
});

test('differential view colors growth red and shrinkage blue, and lists the biggest changes', async () => {
  const { base, next } = syntheticPair();
  const { page, problems } = await open(
    'diff',
    standalonePageHtml({ title: 'after the fix', profile: next, baseline: base, baselineTitle: 'before', ...bundle }),
  );
  const fills = await page.evaluate(() =>
    Object.fromEntries([...document.querySelectorAll('#graph g.frame')].map((g) => [g.getAttribute('name'), g.querySelector('rect')?.getAttribute('fill')])),
  );
  assert.match(fills['parse_rows']!, /^rgb\(\d+,\d+,255\)$/, 'parse_rows shrank: blue');
  assert.match(fills['cache_lookup']!, /^rgb\(255,\d+,\d+\)$/, 'cache_lookup is new: red');
  const changes = await page.locator('#changes').innerText();
  assert.match(changes, /parse_rows\s+75%\s+40%\s+−35%/);
  await shot(page, 'diff');
  assert.deepEqual(problems, []);
  await page.close();
});

test('a node profile lists its event-loop blocks', async () => {
  const profile = await importProfileFile(join(root, 'test/fixtures/profiles/node/hot.cpuprofile'));
  const { page, problems } = await open('node', standalonePageHtml({ title: 'hot.js (node --cpu-prof)', profile, ...bundle }));
  const text = await page.locator('#insights').innerText();
  assert.match(text, /Event loop blocked for \d+ ms/);
  await shot(page, 'node');
  assert.deepEqual(problems, []);
  await page.close();
});

test('a 5,000-deep stack draws every level', async () => {
  const b = new ProfileBuilder({ format: 'test', profiler: 'py-spy' });
  const frames = Array.from({ length: 5000 }, (_, i) => b.frame({ name: `recurse_${i % 10}`, file: '/w/deep.py', line: 10 + (i % 10) }));
  b.addSample(frames, [100]);
  b.addSample(frames.slice(0, 2500), [50]);
  const { page, problems } = await open('deep', standalonePageHtml({ title: 'deep recursion', profile: b.build(), ...bundle }));
  const count = await page.evaluate(() => document.querySelectorAll('#graph g.frame').length);
  assert.equal(count, 5001, 'all 5,000 levels plus the root');
  assert.deepEqual(problems, []);
  await page.close();
});
