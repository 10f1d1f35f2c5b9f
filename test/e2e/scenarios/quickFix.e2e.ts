// The anti-pattern diagnostic of the Python example and its quick fix, as a person meets them: the
// squiggle under the `+=` line, the entry in the Problems panel, Ctrl+. on the line, the fix applied.
import * as assert from 'node:assert/strict';
import type { Workbench } from '../workbench';
import { activeEditor, editorLine, linesAsShown, resetWorkspaceFile, waitUntil } from './_flows';

export const title = 'Python: the string-concatenation-in-a-loop warning and its quick fix (Ctrl+.)';

const FILE = 'python/report.py';
const RULE = 'py/string-concat-in-loop';

async function problems(wb: Workbench): Promise<string[]> {
  return wb.page.locator('.markers-panel .monaco-list-row').allInnerTexts();
}

export default async function quickFix(wb: Workbench): Promise<void> {
  resetWorkspaceFile(wb, FILE);
  await wb.openFile(FILE);
  await activeEditor(wb).locator('.view-lines .view-line').first().waitFor();

  // The squiggle under the HOT line, from Hotline's language server.
  const hot = editorLine(wb, 'report +=');
  await hot.waitFor();
  await waitUntil(
    wb,
    `no squiggle on the "report +=" line of ${FILE}`,
    () =>
      wb.page
        .locator(
          '.editor-group-container.active .monaco-editor .view-overlays .squiggly-warning, .editor-group-container.active .monaco-editor .view-overlays .squiggly-error',
        )
        .count(),
    60_000,
  );

  // The Problems panel lists it with the rule's id.
  await wb.page.keyboard.press('Control+Shift+M');
  const row = await waitUntil(wb, `the Problems panel does not list ${RULE}`, async () => (await problems(wb)).find((t) => t.includes(RULE)), 30_000);
  assert.match(row, /String \+= in a loop/, `the problem says what is wrong: ${row}`);

  // Hovering the squiggle shows the message too.
  const box = await hot.boundingBox();
  assert.ok(box);
  const hover = wb.page.locator('.monaco-hover:not(.hidden)', { hasText: RULE }).first();
  await waitUntil(
    wb,
    'hovering the squiggle shows no hover naming the rule',
    async () => {
      await wb.page.mouse.move(box.x + 110, box.y + box.height / 2);
      await wb.page.mouse.move(box.x + 114, box.y + box.height / 2);
      return hover.waitFor({ state: 'visible', timeout: 2500 }).then(
        () => true,
        () => false,
      );
    },
    30_000,
    500,
  );
  await wb.screenshot('1-diagnostic');

  // Clicking the problem puts the cursor on the line; Ctrl+. opens the fixes.
  await wb.page.mouse.move(5, 500);
  await wb.page.locator('.markers-panel .monaco-list-row', { hasText: RULE }).first().click();
  await wb.page.locator('.markers-panel .monaco-list-row', { hasText: RULE }).first().dblclick();
  await waitUntil(
    wb,
    'the cursor is not on line 20 after opening the problem',
    async () =>
      /Ln 20,/.test(
        await wb.page
          .locator('.statusbar [id="status.editor.selection"]')
          .innerText()
          .catch(() => ''),
      ),
    15_000,
  );
  const fix = wb.page.locator('.action-widget .monaco-list-row', { hasText: 'join' }).first();
  let offered: string[] = [];
  await waitUntil(
    wb,
    'Ctrl+. does not offer the join fix',
    async () => {
      await wb.page.keyboard.press('Escape');
      await activeEditor(wb).locator('textarea').first().focus();
      await wb.page.keyboard.press('Control+.');
      if (
        !(await fix.waitFor({ timeout: 5000 }).then(
          () => true,
          () => false,
        ))
      )
        return false;
      // The menu can re-render right after it opens (code actions resolve late): read it once it is stable.
      offered = await wb.page.locator('.action-widget .monaco-list-row').allInnerTexts();
      return offered.length > 0;
    },
    45_000,
    500,
  );
  assert.ok(
    offered.some((t) => /Collect the pieces in a list and "".join them after the loop/.test(t)),
    `fixes offered: ${offered.join(' | ')}`,
  );
  await wb.screenshot('2-quick-fix-menu');
  // Keyboard, as after Ctrl+.: arrow to the fix, Enter. (A mouse click lands on VS Code's pointer
  // block until the pointer has moved over the menu.)
  for (let i = 0; i < 6 && !(await fix.evaluate((e) => e.classList.contains('focused'))); i++) await wb.page.keyboard.press('ArrowDown');
  await wb.page.keyboard.press('Enter');

  // The loop now appends to a list and joins once; the warning is gone.
  const after = await waitUntil(
    wb,
    'the quick fix did not change the text',
    async () => {
      const lines = (await linesAsShown(wb)).map((l) => l.text);
      return lines.some((l) => l.includes('report_parts.append(')) ? lines : null;
    },
    20_000,
  );
  const text = after.join('\n');
  assert.match(text, /report_parts = \[\]/);
  assert.match(text, /report_parts\.append\(f"\{i\},\{i \* i % 97\},\{i % 7\},row-\{i\}\\n"\)\s+# HOT/);
  assert.match(text, /^\s{4}report = "".join\(report_parts\)$/m, `the join comes once, after the loop:\n${text}`);
  assert.doesNotMatch(text, /report \+=/);
  await waitUntil(wb, `${RULE} stays in the Problems panel after the fix`, async () => !(await problems(wb)).some((t) => t.includes(RULE)), 30_000);
  await wb.page.mouse.move(5, 500);
  await wb.screenshot('3-fixed');
}
