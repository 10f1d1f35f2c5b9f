// A person opens the command palette, types "Hotline" and finds the profiling command.
import * as assert from 'node:assert/strict';
import type { Workbench } from '../workbench';

export const title = 'the command palette lists "Hotline: Profile Current File"';

export default async function palette(wb: Workbench): Promise<void> {
  await wb.openPalette('Hotline');
  // The list is virtual: scroll through it to read every entry, then back to the profiling command.
  const labels = await wb.allQuickInputLabels();
  assert.ok(labels.includes('Hotline: Profile Current File'), `typing "Hotline" in the palette shows: ${labels.join(' | ') || '(nothing)'}`);
  for (const cmd of ['Hotline: Open Profile…', 'Hotline: Compare Profiles…', 'Hotline: Toggle Hot-Line Annotations']) {
    assert.ok(labels.includes(cmd), `palette lacks "${cmd}"; it shows: ${labels.join(' | ')}`);
  }
  assert.ok(await wb.revealQuickInputRow('Hotline: Profile Current File'), 'the row "Hotline: Profile Current File" cannot be scrolled into view');
  await wb.screenshot('palette');
  await wb.closeQuickInput();
}
