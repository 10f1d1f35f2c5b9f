/**
 * Screenshots of the flame graph inside the real workbench (code-server), for people to look at:
 *   node --import tsx test/integration/flame/workbenchScreens.ts
 * Light theme: Profile Current File on examples/python/report.py, then search, zoom, insights.
 * Dark theme: a py-spy profile opened from the explorer (the custom editor), differential via the API
 * is covered by the standalone tests. Writes test-results/flame-workbench/*.png. Not part of a test
 * tier (it takes a minute or two); the assertions are the waits.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import { launchChromium, startServer, Workbench } from '../../e2e/workbench';
import { copyWorkspace, repoRoot, stopAll } from '../../vscode/codeServer.mjs';

const out = join(repoRoot, 'test-results', 'flame-workbench');

async function shot(wb: Workbench, name: string): Promise<void> {
  await wb.page.screenshot({ path: join(out, `${name}.png`) });
  console.log(`screenshot ${name}.png`);
}

async function typeSearch(frame: Frame, text: string): Promise<void> {
  await frame.locator('#search').click();
  await frame.page().keyboard.type(text, { delay: 20 });
  await frame.waitForFunction(() => /match/.test(document.getElementById('search-info')?.textContent ?? ''), undefined, { timeout: 20_000 });
}

async function main(): Promise<void> {
  mkdirSync(out, { recursive: true });
  const browser = await launchChromium();
  try {
    // Light: profile the Python example.
    const light = await startServer({ settings: { 'workbench.colorTheme': 'Default Light Modern' } });
    const wb = await Workbench.open(browser, light, 'flame-light', 120_000);
    await wb.openFile('python/report.py');
    await wb.runCommand('Hotline: Profile Current File');
    const frame = await wb.waitForWebview('#graph svg g.frame', 180_000);
    await wb.page.waitForTimeout(1000);
    await shot(wb, 'light-profile');
    await typeSearch(frame, 'render_report');
    await shot(wb, 'light-search');
    const target = frame
      .locator('#graph g.frame')
      .filter({ hasNot: frame.locator('[name="all"]') })
      .nth(2);
    await target.click();
    await frame.waitForFunction(() => /Zoomed/.test(document.getElementById('breadcrumb')?.textContent ?? ''), undefined, { timeout: 20_000 });
    await shot(wb, 'light-zoom');
    await frame.locator('#insights').scrollIntoViewIfNeeded();
    await shot(wb, 'light-insights');
    await wb.close();

    // Dark: open a recorded profile from the workspace (custom editor).
    const ws = copyWorkspace(join(repoRoot, 'examples'), 'flame-dark-ws');
    copyFileSync(join(repoRoot, 'test/fixtures/profiles/py-spy/hot.speedscope.json'), join(ws, 'hot.speedscope.json'));
    const dark = await startServer({ workspace: ws, settings: { 'workbench.colorTheme': 'Default Dark Modern' } });
    const wb2 = await Workbench.open(browser, dark, 'flame-dark', 120_000);
    await wb2.openFile('hot.speedscope.json');
    const f2 = await wb2.waitForWebview('#graph svg g.frame', 120_000);
    await wb2.page.waitForTimeout(1000);
    await shot(wb2, 'dark-editor');
    await typeSearch(f2, 'build_string');
    await shot(wb2, 'dark-search');
    await f2.locator('#inverted').click();
    await wb2.page.waitForTimeout(1500);
    await shot(wb2, 'dark-inverted');
    await wb2.close();
  } finally {
    await browser.close();
    await stopAll();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
