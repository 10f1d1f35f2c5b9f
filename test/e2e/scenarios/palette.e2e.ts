// A person opens the command palette, types "Hotline" and finds the profiling command.
import * as assert from 'node:assert/strict';
import type { Workbench } from '../workbench';

export const title = 'the command palette lists "Hotline: Profile Current File"';

export default async function palette(wb: Workbench): Promise<void> {
  const labels = await wb.openPalette('Hotline');
  await wb.screenshot('palette');
  assert.ok(labels.includes('Hotline: Profile Current File'),
    `typing "Hotline" in the palette shows: ${labels.join(' | ') || '(nothing)'}`);
  // The manifest's other entry points are there too, under the same category.
  for (const cmd of ['Hotline: Open Profile…', 'Hotline: Compare Profiles…', 'Hotline: Toggle Hot-Line Annotations']) {
    assert.ok(labels.includes(cmd), `palette lacks "${cmd}"; it shows: ${labels.join(' | ')}`);
  }
  await wb.closeQuickInput();
}
