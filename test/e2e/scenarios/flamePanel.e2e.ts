// The flame graph panel as a person uses it after profiling the Python example: a regex search and the
// share it matches, a click that zooms into a frame, the insights, and the differential view of two
// runs (Compare Profiles…), in the light and the dark theme.
import * as assert from 'node:assert/strict';
import type { Frame } from 'playwright-core';
import type { Workbench } from '../workbench';
import { drawnFrames, profileFile, resetWorkspaceFile, runCommand, setColorTheme, shrinkWorkload, waitForDetails, waitUntil, webviewTheme } from './_flows';

export const title = 'flame graph panel: search, zoom, insights, differential view, light and dark';

const FILE = 'python/report.py';

/** Focuses the flame graph tab titled `tabTitle` and gives its group the whole window. */
async function maximizePanel(wb: Workbench, tabTitle: string): Promise<void> {
  await wb.page.locator('.tabs-container .tab', { hasText: tabTitle }).first().click();
  await runCommand(wb, 'View: Maximize Editor Group and Hide Side Bars');
}

/** Types into the panel's search field as a person does (select what is there, type over it). */
async function search(frame: Frame, pattern: string): Promise<string> {
  const info = frame.locator('#search-info');
  const before = await info.innerText();
  const field = frame.locator('#search input');
  await field.click();
  await field.press('Control+A');
  await field.press('Backspace');
  if (pattern) await field.pressSequentially(pattern, { delay: 30 });
  // The answer replaces the line shown before (the host answers each keystroke; the last one wins).
  await frame.waitForFunction(
    ([prev, empty]) => {
      const t = document.getElementById('search-info')?.textContent ?? '';
      return empty ? t === '' : t !== prev && /match|valid/i.test(t);
    },
    [before, !pattern] as const,
    { timeout: 20_000 },
  );
  return info.innerText();
}

/** Waits until the graph is redrawn at the panel's width (it redraws after a resize settles). */
async function fillsWidth(wb: Workbench, frame: Frame): Promise<void> {
  await waitUntil(
    wb,
    'the flame graph is not redrawn at the width of its maximized panel',
    async () => {
      const width = await frame.locator('#graph').evaluate((e) => e.clientWidth);
      const root = (await drawnFrames(frame)).find((f) => f.name === 'all');
      return root && root.width >= width * 0.95;
    },
    20_000,
  );
}

export default async function flamePanel(wb: Workbench): Promise<void> {
  resetWorkspaceFile(wb, 'python/report.py');
  shrinkWorkload(wb, FILE, 'else 1_500_000', 'else 400_000');
  const isLight = await wb.page.evaluate(() => document.querySelector('.monaco-workbench')?.classList.contains('vs') ?? false);
  if (!isLight) await setColorTheme(wb, 'Light Modern', true);

  let frame = await profileFile(wb, FILE);
  await waitForDetails(frame);
  const firstTitle = (await frame.locator('#title').innerText()).trim();
  await maximizePanel(wb, firstTitle);
  frame = await waitUntil(
    wb,
    'the flame graph redraws after its group is maximized',
    async () => {
      const f = wb.webviewFrames().find((x) => !x.isDetached());
      return f && (await f.locator('#title', { hasText: firstTitle }).count()) ? f : null;
    },
    20_000,
  );
  assert.equal(await webviewTheme(frame).then((c) => /vscode-light/.test(c)), true, 'the panel follows the light theme');
  await fillsWidth(wb, frame);
  await wb.screenshot('1-panel-light');

  // Search: a regex over function names and files; the panel says what share of the total matches.
  const info = await search(frame, 'render_rep|check.um');
  const m = /([\d,]+) frames? match(?:es)?, ([\d.]+)% of the total/.exec(info);
  assert.ok(m, `the search line reads "${info}"`);
  assert.ok(Number(m[2]) >= 40 && Number(m[2]) <= 100, `render_report and checksum hold most of the time; the panel says ${m[2]}%`);
  const lit = (await drawnFrames(frame)).filter((f) => f.highlighted).map((f) => f.name);
  assert.ok(lit.includes('render_report') && lit.every((n) => /render_rep|check.um/.test(n)), `highlighted frames: ${lit.join(', ')}`);
  await wb.screenshot('2-search');
  const bad = await search(frame, 'render(');
  assert.match(bad, /not a valid regular expression/, `an invalid regex is explained, not thrown: "${bad}"`);
  await search(frame, '');

  // Zoom: clicking render_report makes it span the graph; the breadcrumb says where we are.
  const graphWidth = await frame.locator('#graph').evaluate((e) => e.clientWidth);
  await frame.evaluate(() => {
    const g = [...document.querySelectorAll('#graph svg g')].find(
      (x) => (x as unknown as { __data__?: { data?: { name?: string } } }).__data__?.data?.name === 'render_report',
    );
    g?.setAttribute('data-e2e', 'render_report');
  });
  await frame.locator('g[data-e2e="render_report"] rect').first().click();
  await frame.locator('#breadcrumb', { hasText: 'Zoomed' }).waitFor({ timeout: 20_000 });
  const zoomed = await waitUntil(
    wb,
    'render_report does not span the graph after the click',
    async () => {
      const r = (await drawnFrames(frame)).find((f) => f.name === 'render_report');
      return r && r.width >= graphWidth * 0.9 ? r : null;
    },
    20_000,
  );
  assert.ok(zoomed.width >= graphWidth * 0.9);
  assert.match(await frame.locator('#breadcrumb').innerText(), /render_report/);
  await wb.screenshot('3-zoomed');
  await frame.locator('#reset').click();
  await frame.locator('#breadcrumb', { hasText: 'Whole profile' }).waitFor({ timeout: 20_000 });

  // Insights: the plateau at the top of render_report, with what to do about it.
  const insight = frame.locator('#insights li.insight').first();
  await frame.locator('#insights').evaluate((e) => e.closest('.lists')?.scrollIntoView({ block: 'start' }));
  const insightText = await insight.innerText();
  assert.match(insightText, /render_report/, `the first insight is about render_report: ${insightText}`);
  assert.match(insightText, /plateau|own code/i);
  await wb.screenshot('4-insights');

  // A second run after a change that moves time into checksum(), then Compare Profiles…
  shrinkWorkload(wb, FILE, 'text[:200_000]', 'text[:3_000_000]');
  await wb.openFile(FILE);
  let second = await profileFile(wb, FILE);
  await waitForDetails(second);
  const secondTitle = (await second.locator('#title').innerText()).trim();
  assert.notEqual(secondTitle, firstTitle);
  await runCommand(wb, 'Hotline: Compare Profiles…');
  for (const pick of [firstTitle, secondTitle]) {
    const row = wb.page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: pick }).first();
    await row.waitFor({ timeout: 15_000 });
    await row.click();
  }
  const diffFrame = await waitUntil(
    wb,
    'no differential panel after Compare Profiles…',
    async () => {
      for (const f of wb.webviewFrames()) {
        if (
          await f
            .locator('body[data-details="ready"] #changes-card:not([hidden]) #changes tbody tr')
            .count()
            .catch(() => 0)
        )
          return f;
      }
      return null;
    },
    60_000,
    500,
  );
  second = diffFrame;
  assert.equal(await second.locator('#diff').evaluate((e) => (e as unknown as { checked: boolean }).checked), true, 'the Differential box is ticked');
  const changes = await second.locator('#changes tbody tr').allInnerTexts();
  const checksumRow = changes.find((r) => r.startsWith('checksum'));
  assert.ok(checksumRow, `the biggest changes list checksum, which now does 15x the work: ${changes.join(' / ')}`);
  assert.match(checksumRow, /\+[\d.]+%/, `checksum grew: ${checksumRow}`);
  await maximizePanel(wb, `${firstTitle} → ${secondTitle}`);
  await fillsWidth(wb, second);
  await wb.screenshot('5-diff-light');
  await second.locator('#changes-card').evaluate((e) => e.scrollIntoView({ block: 'start' }));
  await wb.screenshot('5-diff-changes-light');
  await second.locator('#graph').evaluate((e) => e.scrollIntoView({ block: 'start' }));

  // The dark theme: the panel follows it (body class and colors), the diff stays readable.
  const lightBg = await second.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await setColorTheme(wb, 'Dark Modern', false);
  await waitUntil(wb, 'the panel does not follow the dark theme', async () => /vscode-dark/.test(await webviewTheme(second)), 20_000);
  const darkBg = await second.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.notEqual(darkBg, lightBg, 'the panel background changes with the theme');
  await wb.screenshot('6-diff-dark');
  await second.locator('#diff').click();
  await waitUntil(
    wb,
    'unticking Differential does not redraw the plain graph',
    async () =>
      (await drawnFrames(second)).some((f) => f.name === 'render_report') &&
      !(await second.locator('#diff').evaluate((e) => (e as unknown as { checked: boolean }).checked)),
    20_000,
  );
  const one = await search(second, '^checksum$');
  assert.match(one, /^1 frame matches, [\d.]+% of the total/, `one match reads as one: "${one}"`);
  await wb.screenshot('7-panel-dark-search');
}
