// A slow interaction, as a front-end developer records one: examples/web served on the loopback,
// "Hotline: Record Page Interaction…" from the palette, the URL typed in; Chromium opens headed on the
// run's X display (test/e2e/run.mjs starts Xvfb and hands code-server its DISPLAY), "Build report" is
// clicked twice with real mouse events (through Chromium's DevTools port, the hand on the mouse), the
// notification's Stop button is pressed, and the interaction's flame graph, its Long Tasks panel (each
// task started by a click, buildReport on top) and report.ts annotated on buildReport's line appear.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { drivePage } from '../../integration/page/drivePage';
import type { Workbench } from '../workbench';
import { activeEditor, drawnFrames, lineAsShown, runCommand, serveExample, waitUntil, webviewWith } from './_flows';

export const title =
  'page interaction: Record Page Interaction on examples/web (headed Chromium on Xvfb) → two clicks, Stop → flame graph, long tasks, report.ts annotated';

/** The DevTools port of the Chromium the recorder started: it writes DevToolsActivePort into its temporary profile folder. */
function recorderPort(): number | undefined {
  const dirs = readdirSync(tmpdir())
    .filter((d) => d.startsWith('hotline-page-interaction-'))
    .map((d) => join(tmpdir(), d, 'profile', 'DevToolsActivePort'))
    .filter((f) => {
      try {
        return statSync(f).isFile();
      } catch {
        return false;
      }
    })
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  const port = dirs[0] && Number(readFileSync(dirs[0], 'utf8').split('\n')[0]);
  return port || undefined;
}

export default async function pageInteraction(wb: Workbench): Promise<void> {
  assert.ok(process.env.HOTLINE_E2E_DISPLAY, 'test/e2e/run.mjs started an X display');
  const server = await serveExample();
  try {
    await runCommand(wb, 'Hotline: Record Page Interaction');
    const input = wb.page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(server.url);
    await wb.screenshot('1-url');
    await wb.page.keyboard.press('Enter');

    const stop = wb.page.locator('.notification-toast .monaco-button', { hasText: /^Stop$/ });
    await waitUntil(wb, 'no "Hotline is recording" notification with a Stop button', async () => ((await stop.count()) > 0 ? true : null), 60_000);
    const note = (await wb.notifications()).find((t) => t.startsWith('Hotline is recording'));
    assert.ok(note && !note.includes('headless'), `recording in a window on the X display: ${note}`);

    const port = await waitUntil(wb, "the recorder's Chromium wrote its DevTools port", async () => recorderPort(), 10_000);
    const page = await drivePage(port);
    try {
      const agent = await page.value<string>('navigator.userAgent');
      assert.ok(!/Headless/.test(agent), `a headed Chromium: ${agent}`);
      await page.click('#build-report', 2);
      assert.match(await page.value<string>("document.getElementById('report').textContent"), /^6000 orders: \d+ dearer pairs/);
    } finally {
      page.close();
    }
    await wb.screenshot('2-recording-stop');
    const before = new Set(wb.webviewFrames());
    await stop.first().click();

    const flame = await webviewWith(wb, 'body[data-rendered] #graph svg', {
      what: 'no flame graph of the interaction',
      failure: /failed|cannot|crashed|exited/i,
      failed: 'recording the interaction failed',
      timeoutMs: 60_000,
      except: before,
    });
    const names = (await drawnFrames(flame)).map((f) => f.name);
    assert.ok(
      names.some((n) => n.startsWith('buildReport')),
      `buildReport is drawn: ${names.slice(0, 20).join(', ')}`,
    );
    await wb.screenshot('3-interaction-flame');

    const tasks = await webviewWith(wb, 'section.long-task', {
      what: 'no Long Tasks panel of the interaction',
      failure: /failed|cannot/i,
      failed: 'the Long Tasks panel failed',
      timeoutMs: 20_000,
    });
    const sections = await tasks.locator('section.long-task').allInnerTexts();
    const clicked = sections.filter((t) => /\(.*click.*\)/.test(t.split('\n')[0]!) && /buildReport[\s\S]*web\/src\/report\.ts:\d+/.test(t));
    assert.equal(clicked.length, 2, `two long tasks started by a click, buildReport in report.ts on top: ${JSON.stringify(sections)}`);
    await wb.screenshot('4-long-tasks');

    await wb.openFile('web/src/report.ts');
    await activeEditor(wb).locator('.view-lines .view-line').first().waitFor();
    const line = await waitUntil(
      wb,
      'no annotation on buildReport() in report.ts',
      async () => {
        const shown = await lineAsShown(wb, 'export function buildReport(');
        return shown && /●/.test(shown.after) ? shown : null;
      },
      30_000,
    );
    assert.match(line.after, /● [\d,.]+ (?:samples|s|ms|µs) · \d+\.\d%/, `buildReport() is annotated: ${JSON.stringify(line)}`);
    await wb.screenshot('5-report-annotated');
  } finally {
    server.stop();
  }
}
