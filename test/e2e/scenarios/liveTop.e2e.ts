// Live top, as a person watches a running server: examples/long-running/server.js started outside
// the editor, "Hotline: Live Top" from the palette, its pid picked, then the Live Top panel with
// parseReport on top, refreshed every second, and "Profile the last N seconds" opening the flame graph.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import type { Workbench } from '../workbench';
import { drawnFrames, runCommand, waitUntil, webviewWith } from './_flows';

export const title = 'live top: Hotline: Live Top on a running long-running/server.js → hottest functions each second → Profile the last N seconds';

export default async function liveTop(wb: Workbench): Promise<void> {
  const server = spawn(process.execPath, [join(wb.server.workspace, 'long-running/server.js'), '--seconds', '120'], { stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    await once(server.stdout!, 'data');
    await runCommand(wb, 'Hotline: Live Top');
    const input = wb.page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    await input.fill(String(server.pid));
    await wb.page.locator('.quick-input-list .monaco-list-row', { hasText: 'server.js' }).first().waitFor({ timeout: 15_000 });
    await wb.screenshot('1-pick-process');
    await wb.page.keyboard.press('Enter');

    const frame = await webviewWith(wb, '#live-top-rows tr', {
      what: 'no Live Top panel with rows',
      failure: /failed|cannot|refused|not permitted/i,
      failed: 'the live top failed',
      timeoutMs: 60_000,
    });
    // A few windows in, parseReport (the JSON.parse stall) leads.
    const status = await waitUntil(
      wb,
      'the live top never reached 3 windows with parseReport on top',
      async () => {
        const text = await frame.locator('#live-top-status').innerText();
        const first = await frame.locator('#live-top-rows tr').first().getAttribute('data-function');
        return /\b([3-9]|\d\d+) windows\b/.test(text) && first === 'parseReport' ? text : null;
      },
      60_000,
    );
    assert.match(status, /Node inspector \(V8 CPU profiler, \d+ µs\), every second · last 5 s: \d+ samples/);
    const row = await frame.locator('#live-top-rows tr').first().innerText();
    assert.match(row, /^\s*[\d.]+%\s+[\d.]+%\s+parseReport\s+server\.js:\d+\s*$/, row);
    // Refreshed every second: the status changes by itself.
    await waitUntil(wb, 'the live top did not refresh', async () => (await frame.locator('#live-top-status').innerText()) !== status, 10_000);
    await wb.page.mouse.move(5, 500);
    await wb.screenshot('2-live-top');

    const before = new Set(wb.webviewFrames());
    await frame.locator('#live-top-seconds').fill('5');
    assert.equal(await frame.locator('#live-top-profile').innerText(), 'Profile the last 5 seconds');
    await frame.locator('#live-top-profile').click();
    const flame = await webviewWith(wb, 'body[data-rendered] #graph svg', {
      what: 'no flame graph after Profile the last 5 seconds',
      failure: /failed|cannot/i,
      failed: 'the recent profile failed',
      timeoutMs: 60_000,
      except: before,
    });
    assert.match(await flame.locator('#title').innerText(), /the last 5 s \(live top\)/);
    assert.ok(
      (await drawnFrames(flame)).some((f) => f.name.startsWith('parseReport')),
      'parseReport is in the flame graph',
    );
    await wb.screenshot('3-recent-profile');

    // Back to the Live Top tab (the flame graph opened over it), then Stop: the panel says so and the notification is gone.
    await wb.page.locator('.tabs-container .tab', { hasText: 'Live Top: pid' }).first().click();
    await frame.locator('#live-top-stop').click();
    await waitUntil(wb, 'Stop did not stop the live top', async () => / · sampling stopped$/.test(await frame.locator('#live-top-status').innerText()), 15_000);
    assert.ok(!(await wb.notifications()).some((t) => /live top of pid/.test(t)), 'the progress notification closed');
    await wb.screenshot('4-stopped');
  } finally {
    server.kill('SIGKILL');
  }
}
