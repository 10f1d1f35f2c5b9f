// Memory, as a person uses it: "Hotline: Profile Memory Allocations" on the Python example that
// allocates most of its memory on one line, then "Hotline: Find Memory Leaks…" on the Node example
// whose request handler adds a listener per call and never removes it.
import * as assert from 'node:assert/strict';
import type { Workbench } from '../workbench';
import { activeEditor, drawnFrames, flameFrame, lineAsShown, runCommand, waitForDetails, waitForToast, waitUntil, webviewWith } from './_flows';

export const title = 'memory: allocation profile of big_alloc.py, leak finder on leaky_listener.js';

async function allocationProfile(wb: Workbench): Promise<void> {
  await wb.openFile('memory/big_alloc.py');
  await activeEditor(wb).locator('.view-lines .view-line').first().waitFor();
  const before = new Set(wb.webviewFrames());
  await runCommand(wb, 'Hotline: Profile Memory Allocations');
  await waitForToast(wb, /Hotline: profiling the memory of memory\/big_alloc\.py/, 30_000).catch(() => {});

  // The flame graph in bytes: build_table holds most of what was allocated.
  const frame = await webviewWith(wb, 'body[data-rendered] #graph svg', {
    what: 'no flame graph of the allocation profile',
    failure: /failed|cannot|exited/i,
    failed: 'profiling the memory failed',
    timeoutMs: 120_000,
    except: before,
  }).catch(async (e: Error) => (/never|no flame/.test(e.message) ? flameFrame(wb, 5000) : Promise.reject(e)));
  await waitForDetails(frame);
  const facts = await frame.locator('#facts').innerText();
  assert.match(facts, /total [\d.]+ (KiB|MiB|GiB)/, `the panel counts bytes: ${facts}`);
  const top = await frame.locator('#functions tbody tr').first().innerText();
  assert.match(top, /build_table/, `build_table allocates the most: ${top}`);
  const panelBytes = /([\d.]+ [KMG]i?B)/.exec(top)?.[1];
  const build = (await drawnFrames(frame)).find((f) => f.name === 'build_table');
  const graphWidth = await frame.locator('#graph').evaluate((e) => e.clientWidth);
  assert.ok(build && build.width >= graphWidth * 0.5, `build_table spans most of the graph (${build?.width}px of ${graphWidth}px)`);

  // The "Memory over Time" chart opens beside it.
  const chartTab = wb.page.locator('.tabs-container .tab', { hasText: 'Memory: memory/big_alloc.py' }).first();
  await chartTab.waitFor({ timeout: 30_000 });
  const chart = await waitUntil(
    wb,
    'the Memory over Time chart shows no series',
    async () => {
      for (const f of wb.webviewFrames()) {
        const text = await f
          .locator('body')
          .innerText({ timeout: 1000 })
          .catch(() => '');
        if (/peak .* at [\d.]+ s/.test(text) && (await f.locator('svg').count())) return text;
      }
      return null;
    },
    30_000,
  ).catch(async (e: Error) => Promise.reject(new Error(`${e.message}; webview frames: ${(await wb.describeWebviews()).join(' || ') || 'none'}`)));
  assert.match(chart, /peak [\d.]+ (KiB|MiB)/, `the chart summarises the peak: ${chart}`);
  await wb.screenshot('1-allocation-flame-and-chart');

  // The source: the HOT line carries the bytes it allocated.
  await wb.page.locator('.tabs-container .tab', { hasText: 'big_alloc.py' }).filter({ hasNotText: 'Memory' }).first().click();
  await runCommand(wb, 'View: Maximize Editor Group and Hide Side Bars');
  const shown = await waitUntil(
    wb,
    'the HOT line of big_alloc.py shows no inline annotation',
    async () => {
      const l = await lineAsShown(wb, '# HOT');
      return l && /●/.test(l.after) ? l : null;
    },
    30_000,
  );
  assert.match(shown.after, /● [\d.]+ [KMG]i?B · [\d.]+%/, `the HOT line's annotation is in bytes: ${shown.after}`);
  // build_table allocates only on the HOT line: the editor and the panel must give the same amount, same unit.
  assert.equal(/● ([\d.]+ [KMG]i?B)/.exec(shown.after)?.[1], panelBytes, `the HOT line says "${shown.after}", the panel's top row "${top}"`);
  const share = Number(/([\d.]+)%/.exec(shown.after)?.[1]);
  assert.ok(share >= 50, `the HOT line allocates most of the memory; its annotation says ${share}%`);
  await wb.screenshot('2-allocation-annotated-source');
}

async function leakFinder(wb: Workbench): Promise<void> {
  await wb.openFile('memory/leaky_listener.js');
  await activeEditor(wb).locator('.view-lines .view-line').first().waitFor();
  await runCommand(wb, 'Hotline: Find Memory Leaks…');

  // Which operation leaks when repeated? The exported functions are offered; pick handleRequest.
  const pick = wb.page.locator('.quick-input-widget .quick-input-list .monaco-list-row[aria-label="handleRequest"]').first();
  await pick.waitFor({ timeout: 30_000 });
  const offered = await wb.quickInputLabels();
  assert.ok(offered.includes('handleRequestFixed'), `the exported functions are offered: ${offered.join(' | ')}`);
  await wb.screenshot('3-leak-pick-operation');
  await pick.click();
  // Runs between the snapshots: keep the default.
  const runs = wb.page.locator('.quick-input-widget .quick-input-box input');
  await waitUntil(wb, 'the leak finder does not ask how many runs', async () => (await runs.inputValue()) === '50', 15_000);
  await wb.page.keyboard.press('Enter');

  const message = await waitForToast(wb, /Hotline: (memory grows with|.*did not leak|Find Memory Leaks failed)/, 120_000);
  assert.match(message, /memory grows with handleRequest\(\)/, `the leak finder's verdict: ${message}`);
  assert.match(message, /listener/i, `it names the pattern (a listener never removed): ${message}`);
  await wb.page
    .locator('.notification-toast.notification-fade-in-done')
    .first()
    .waitFor({ timeout: 3000 })
    .catch(() => {});
  await wb.screenshot('4-leak-verdict');

  // "Show Report": the report in the Hotline Memory output; a warning on the line that leaks.
  await wb.page.locator('.notification-toast .monaco-button', { hasText: 'Show Report' }).first().click();
  const report = await waitUntil(
    wb,
    'the Hotline Memory output shows no leak report',
    async () => {
      const t = await wb.page
        .locator('.part.panel .monaco-editor .view-lines')
        .first()
        .innerText()
        .catch(() => '');
      return /RequestContext/.test(t) ? t.replace(/\u00a0/g, ' ') : null;
    },
    30_000,
  );
  assert.match(report, /leaky_listener\.js:\d+/, `the report points at the allocating line: ${report.slice(0, 800)}`);
  const squiggles = await waitUntil(
    wb,
    'no leak warning in the editor',
    () => wb.page.locator('.editor-group-container.active .monaco-editor .view-overlays .squiggly-warning').count(),
    30_000,
  );
  assert.ok(squiggles >= 1);
  assert.match(report, /listener/i, 'the report names the pattern');
  await wb.screenshot('5-leak-warnings');
  // The report from its top, in a maximized panel.
  await runCommand(wb, 'View: Toggle Maximized Panel');
  await wb.page.locator('.part.panel .monaco-editor .view-lines').first().hover({ force: true });
  for (let i = 0; i < 10; i++) await wb.page.mouse.wheel(0, -2000);
  await wb.page
    .locator('.part.panel .monaco-editor .view-lines .view-line', { hasText: 'handleRequest' })
    .first()
    .waitFor({ timeout: 5000 })
    .catch(() => {});
  await wb.screenshot('6-leak-report');
  await runCommand(wb, 'View: Toggle Maximized Panel');
}

export default async function memory(wb: Workbench): Promise<void> {
  await allocationProfile(wb);
  await leakFinder(wb);
}
