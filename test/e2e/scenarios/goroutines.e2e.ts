// Go leaks, as a Go developer looks for them: examples/long-running/go/main.go open, "Hotline: Find
// Memory Leaks…", "Run this program and watch it", then the Goroutine Diff panel (the goroutines
// blocked in a chan receive on the LEAK line, more in every snapshot; the map grown on the GROWS
// line) and warnings on both lines in the editor.
import * as assert from 'node:assert/strict';
import type { Workbench } from '../workbench';
import { activeEditor, runCommand, waitUntil, webviewWith } from './_flows';

export const title = 'goroutines: Find Memory Leaks on long-running/go/main.go → goroutine diff, warnings on the LEAK and GROWS lines';

export default async function goroutines(wb: Workbench): Promise<void> {
  await wb.openFile('long-running/go/main.go');
  await activeEditor(wb).locator('.view-lines .view-line').first().waitFor();
  await runCommand(wb, 'Hotline: Find Memory Leaks…');
  const row = wb.page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: 'Run this program and watch it' }).first();
  await row.waitFor({ timeout: 30_000 });
  const offered = await wb.quickInputLabels();
  assert.ok(
    offered.some((l) => /pprof URL/.test(l)),
    `a running service can be watched too: ${offered.join(' | ')}`,
  );
  await wb.screenshot('1-pick');
  await row.click();

  const frame = await webviewWith(wb, '#goroutine-growth', {
    what: 'no Goroutine Diff panel',
    failure: /failed|cannot|ended|not found/i,
    failed: 'the Go leak run failed',
    timeoutMs: 120_000,
  });
  const rows = await frame.locator('#goroutine-growth tbody tr').allInnerTexts();
  assert.match(rows[0]!, /main\.awaitConfirmation long-running\/go\/main\.go:\d+/, `the growing goroutines wait in awaitConfirmation: ${rows[0]}`);
  assert.match(rows[0]!, /chan receive/);
  const counts = /(\d+) → (\d+) → (\d+) → (\d+)/.exec(rows[0]!);
  assert.ok(counts && Number(counts[4]) > Number(counts[1]), `more in every snapshot: ${rows[0]}`);
  const heap = await frame.locator('#heap-growth tbody tr').first().innerText();
  assert.match(heap, /main\.handleOrder long-running\/go\/main\.go:\d+\s+grows map sessions/, heap);
  assert.match(await frame.locator('body').innerText(), /Goroutine blocked on a channel/);
  await wb.page.mouse.move(5, 500);
  await wb.screenshot('2-goroutine-diff');

  // The source: warnings on the line the goroutines wait at and the line that grows the map.
  await wb.page.locator('.tabs-container .tab', { hasText: 'main.go' }).filter({ hasNotText: 'Goroutine' }).first().click();
  const squiggles = await waitUntil(
    wb,
    'no leak warnings in main.go',
    async () => {
      const n = await wb.page.locator('.editor-group-container.active .monaco-editor .view-overlays .squiggly-warning').count();
      return n >= 2 ? n : null;
    },
    30_000,
  );
  assert.ok(squiggles >= 2);
  await wb.screenshot('3-warnings');
}
