// Why is p99 slow, as a backend developer asks it of traces: with the handler open in the editor,
// "Hotline: Trace Service Under Load…" from the palette on the Flask example's /slow endpoint (run under
// real OpenTelemetry, its spans sent to a local Zipkin started for the session), then the Traces panel (the
// downstream call holds the critical path of the slow tail; the slowest traces' span waterfalls with the
// critical path marked; screenshot 1) and the handler's line annotated with its p50/p95 (screenshot 2).
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Workbench } from '../workbench';
import { activeEditor, answerStep, lineAsShown, runCommand, waitUntil, webviewWith } from './_flows';

export const title = 'traces: Trace Service Under Load on examples/services/python /slow → waterfall with critical path, annotated handler';

const HANDLER_LINE = '@app.get("/slow")';

export default async function traces(wb: Workbench): Promise<void> {
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  await wb.openFile('services/python/app.py');
  await activeEditor(wb).locator('.view-lines .view-line').first().waitFor();
  await runCommand(wb, 'Hotline: Trace Service Under Load');
  // Step 1 is the service picker; this one types the command.
  await wb.page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Type a command…' }).waitFor({ state: 'visible', timeout: 15_000 });
  await answerStep(wb, 1, 'Type a command');
  await wb.page.locator('.quick-input-widget', { hasText: 'The command that starts the service' }).waitFor({ state: 'visible', timeout: 15_000 });
  await answerStep(wb, 1, `python3 services/python/app.py ${port}`);
  await answerStep(wb, 2, `http://127.0.0.1:${port}/slow`);
  await answerStep(wb, 3, '4');
  await answerStep(wb, 4, '4');

  const panel = await webviewWith(wb, 'svg.waterfall', {
    what: 'no Traces panel with a span waterfall',
    failure: /failed|cannot|not found|no traces/i,
    failed: 'the traced load failed',
    timeoutMs: 180_000,
  });
  const endpoint = panel.locator('section.endpoint[data-endpoint="hotline-load GET /slow"]');
  assert.equal(await endpoint.count(), 1, 'the /slow endpoint has its section');
  // "Why is p99 slow": the downstream call holds the critical path of the tail.
  const top = endpoint.locator('div.tail:not([hidden]) table.shares tbody tr').first();
  assert.equal(await top.getAttribute('data-label'), 'hotline-load GET /');
  const tailShare = Number(/([\d.]+)%/.exec(await top.locator('td[data-share="tail"]').innerText())?.[1]);
  assert.ok(tailShare > 50, `the downstream's share of the tail's critical path: ${tailShare}%`);
  const waterfall = endpoint.locator('svg.waterfall').first();
  assert.ok((await waterfall.locator('g[data-span]').count()) >= 2, 'the request and its downstream call are drawn');
  assert.ok((await waterfall.locator('g[data-critical] rect[data-path]').count()) >= 1, 'the critical path is marked');
  await waterfall.scrollIntoViewIfNeeded();
  await wb.page.keyboard.press('Control+B');
  await wb.page.mouse.move(5, 500);
  await wb.screenshot('1-trace-waterfall-critical-path');

  // The handler, open since the start: its route line carries the request spans' latency.
  await wb.page.locator('.tabs-container .tab', { hasText: 'app.py' }).first().click();
  await runCommand(wb, 'View: Maximize Editor Group');
  // Scrolled to the handler, as a person would with Go to Line.
  const line = readFileSync(join(wb.server.workspace, 'services/python/app.py'), 'utf8').split('\n').indexOf(HANDLER_LINE) + 1;
  assert.ok(line > 0, `app.py has the line ${HANDLER_LINE}`);
  await wb.page.keyboard.press('Control+G');
  await wb.page.locator('.quick-input-widget .quick-input-box input').waitFor({ state: 'visible', timeout: 10_000 });
  await wb.page.keyboard.type(String(line));
  await wb.page.keyboard.press('Enter');
  const shown = await waitUntil(
    wb,
    `the ${HANDLER_LINE} line of app.py shows no latency note`,
    async () => {
      const l = await lineAsShown(wb, HANDLER_LINE);
      return l && /⏱/.test(l.after) ? l : null;
    },
    30_000,
  );
  assert.match(shown.after, /⏱ hotline-load GET \/slow: p50 [\d.]+ ms · p95 [\d.]+ ms \(\d+ spans\)/);
  await wb.screenshot('2-annotated-handler');
}
