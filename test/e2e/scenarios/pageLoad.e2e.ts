// A slow page load, as a front-end developer checks one: the page's server runs (examples/web on the
// loopback), "Hotline: Audit Page Load…" from the palette, the URL typed in, and the Page Load panel:
// Lighthouse's metrics, what slows the load (the render-blocking stylesheet, lodash behind the
// unused JavaScript, the long task), the bundle treemap (hovered, an own file clicked open), the network waterfall, then the request table filtered to CSS;
// then "Profile Page Load (CPU)": the load's flame graph with the .ts functions, and orders.ts annotated.
import * as assert from 'node:assert/strict';
import type { Workbench } from '../workbench';
import { activeEditor, drawnFrames, lineAsShown, runCommand, serveExample, waitUntil, webviewWith } from './_flows';

export const title = 'page load: Audit Page Load on examples/web → metrics, findings, waterfall, filtered requests; its CPU profile on the .ts lines';

export default async function pageLoad(wb: Workbench): Promise<void> {
  const server = await serveExample();
  try {
    await runCommand(wb, 'Hotline: Audit Page Load');
    const input = wb.page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(server.url);
    await wb.screenshot('1-url');
    await wb.page.keyboard.press('Enter');

    const frame = await webviewWith(wb, '#waterfall', {
      what: 'no Page Load panel with a waterfall',
      failure: /failed|cannot|not found|nothing answers/i,
      failed: 'the audit failed',
      timeoutMs: 150_000,
    });
    await wb.page.keyboard.press('Control+B');
    const cards = await frame.locator('.metric .short').allInnerTexts();
    assert.deepEqual(cards, ['LCP', 'FCP', 'CLS', 'TBT', 'SI', 'TTI']);
    const findings = await frame.locator('section.finding').allInnerTexts();
    const all = findings.join('\n');
    assert.match(all, /styles\/theme\.css/, 'the render-blocking stylesheet is named');
    assert.match(all, /node_modules\/lodash\/lodash\.js/, 'lodash is named behind the unused JavaScript');
    assert.match(all, /dist\/main\.js/, 'the long task of main.js is listed');
    await wb.page.mouse.move(5, 500);
    await wb.screenshot('2-metrics-findings');

    // The bundle treemap: lodash's tile takes most of it; hover names a tile with its bytes and share.
    const treemap = frame.locator('svg.treemap');
    await treemap.scrollIntoViewIfNeeded();
    await frame.locator('svg.treemap rect.tm-file').first().hover();
    assert.match(await frame.locator('.tm-info').innerText(), /lodash\.js: [\d.]+ KiB, 9\d\.\d% of the bundle · in lodash/);
    assert.ok((await frame.locator('svg.treemap rect.openable').count()) >= 2, "main.ts and orders.ts tiles open the workspace's files");
    await wb.screenshot('3a-treemap');

    await frame.locator('#waterfall').scrollIntoViewIfNeeded();
    const rows = await frame.locator('#requests tbody tr').count();
    assert.ok(rows >= 3, `the request table lists the page's requests (${rows})`);
    await wb.screenshot('3-waterfall');

    // Filter to the stylesheet: the table keeps one row, the chart dims the others.
    await frame.locator('#filter').fill('css');
    await waitUntil(wb, 'the filter leaves only CSS rows', async () => ((await frame.locator('#shown').innerText()).startsWith('1 of') ? true : null), 10_000);
    const visible = await frame.locator('#requests tbody tr:not([hidden])').allInnerTexts();
    assert.equal(visible.length, 1);
    assert.match(visible[0]!, /theme\.css[\s\S]*blocking/);
    await frame.locator('#requests').scrollIntoViewIfNeeded();
    await wb.screenshot('4-filtered');

    // A click on an own file's tile opens it in the editor (over the panel, which is no longer needed).
    await frame.locator('svg.treemap rect.openable').first().click();
    await waitUntil(
      wb,
      'a click on an own file tile opens it',
      async () => ((await wb.page.locator('.tab.active').innerText()).match(/main\.ts|orders\.ts/) ? true : null),
      10_000,
    );
    await wb.screenshot('4b-treemap-opened');

    // The CPU profile of a load: the minified bundle's frames under their .ts names.
    const before = new Set(wb.webviewFrames());
    await runCommand(wb, 'Hotline: Profile Page Load (CPU)');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(server.url);
    await wb.page.keyboard.press('Enter');
    const flame = await webviewWith(wb, 'body[data-rendered] #graph svg', {
      what: 'no flame graph of the page load',
      failure: /failed|cannot|nothing answers/i,
      failed: 'profiling the load failed',
      timeoutMs: 90_000,
      except: before,
    });
    const names = (await drawnFrames(flame)).map((f) => f.name);
    assert.ok(
      names.some((n) => n.startsWith('rankOrders')) && names.some((n) => n.startsWith('similarity')),
      `the .ts function names are drawn: ${names.slice(0, 20).join(', ')}`,
    );
    await wb.screenshot('5-cpu-flame');

    await wb.openFile('web/src/orders.ts');
    await activeEditor(wb).locator('.view-lines .view-line').first().waitFor();
    const line = await waitUntil(
      wb,
      'no annotation on similarity() in orders.ts',
      async () => {
        const shown = await lineAsShown(wb, 'function similarity(');
        return shown && /●/.test(shown.after) ? shown : null;
      },
      30_000,
    );
    assert.match(line.after, /● [\d,.]+ (?:samples|s|ms|µs) · \d+\.\d%/, `similarity() is annotated: ${JSON.stringify(line)}`);
    await wb.screenshot('6-annotated-ts');
  } finally {
    server.stop();
  }
}
