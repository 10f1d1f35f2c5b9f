// Event-loop blocking, as a Node developer looks for it: examples/long-running/server.js open,
// "Hotline: Find Event-Loop Blocking…" from the palette, "Run long-running/server.js" picked (beside
// "A running Node process…"), 5 seconds typed in, then the
// Event-Loop Lag panel (delay per second, the blocking lines) and the `// BLOCKS` line annotated.
import * as assert from 'node:assert/strict';
import type { Workbench } from '../workbench';
import { activeEditor, lineAsShown, runCommand, waitUntil, webviewWith } from './_flows';

export const title = 'event loop: Find Event-Loop Blocking on long-running/server.js → delay chart, blocking lines, annotated BLOCKS line';

export default async function eventLoop(wb: Workbench): Promise<void> {
  await wb.openFile('long-running/server.js');
  await activeEditor(wb).locator('.view-lines .view-line').first().waitFor();
  await runCommand(wb, 'Hotline: Find Event-Loop Blocking');
  const items = wb.page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
  await items.first().waitFor({ state: 'visible', timeout: 10_000 });
  const labels = await items.allInnerTexts();
  assert.match(labels[0]!, /Run long-running\/server\.js/, `the open file is offered first: ${labels.join(' | ')}`);
  assert.ok(
    labels.some((l) => /A running Node process/.test(l)),
    `a running process is offered too: ${labels.join(' | ')}`,
  );
  await wb.screenshot('0-target');
  await wb.page.keyboard.press('Enter');
  const input = wb.page.locator('.quick-input-widget .quick-input-box input');
  await waitUntil(wb, 'the seconds input box', async () => ((await input.inputValue()) === '10' ? true : null), 10_000);
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  assert.equal(await input.inputValue(), '10', 'the watch time defaults to 10 s');
  await input.fill('5');
  await wb.screenshot('1-seconds');
  await wb.page.keyboard.press('Enter');

  const frame = await webviewWith(wb, 'table.blockers', {
    what: 'no Event-Loop Lag panel with its blocking lines',
    failure: /failed|cannot|wrote nothing/i,
    failed: 'the run failed',
    timeoutMs: 90_000,
  });
  const rows = await frame.locator('table.blockers tbody tr').allInnerTexts();
  assert.match(
    rows[0]!,
    /long-running\/server\.js:\d+\s+parseReport, [^\t]*\s+\d+\s+[\d.]+ ms\s+[\d.]+ ms/,
    `the worst blocker is parseReport in server.js: ${rows[0]}`,
  );
  const summary = await frame.locator('.summary').innerText();
  assert.match(summary, /delay p50 [\d.]+ ms, worst second's p99 [\d.]+ ms/);
  assert.equal(await frame.locator('svg polyline').count(), 3, 'p50, p99 and max lines');
  await wb.page.mouse.move(5, 500);
  await wb.screenshot('2-panel');

  // The source: the BLOCKS line says how often and how long it blocked.
  await wb.page.locator('.tabs-container .tab', { hasText: 'server.js' }).filter({ hasNotText: 'Event-Loop' }).first().click();
  // The note sits after a long line: the editor gets the window's width to show it.
  await runCommand(wb, 'View: Maximize Editor Group and Hide Side Bars');
  const shown = await waitUntil(
    wb,
    'the BLOCKS line of server.js shows no note',
    async () => {
      const l = await lineAsShown(wb, '// BLOCKS');
      return l && /blocks the event loop/.test(l.after) ? l : null;
    },
    30_000,
  );
  const [, count, worst] = /blocks the event loop: (\d+)× worst ([\d.]+ ms)/.exec(shown.after) ?? [];
  assert.ok(count && worst, `the note gives count and worst: ${shown.after}`);
  assert.match(rows[0]!, new RegExp(`server\\.js:\\d+\\s+parseReport, [^\\t]*\\s+${count}\\s+${worst.replace('.', '\\.')}`), 'the note and the panel agree');
  await wb.screenshot('3-annotated-line');
}
