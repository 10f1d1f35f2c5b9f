// The whole flow a person goes through: open the Python example, type "Hotline: Profile Current File"
// in the palette, watch the progress notification, get the flame graph, then read the annotated source
// (heat bar, inline `● … samples · …%`, CodeLens) and hover the hot line.
import * as assert from 'node:assert/strict';
import type { Workbench } from '../workbench';
import {
  codeLensTitles,
  drawnFrames,
  editorLine,
  gutterBarWidth,
  lineAsShown,
  linesAsShown,
  profileFile,
  resetWorkspaceFile,
  runCommand,
  shrinkWorkload,
  waitForDetails,
  waitUntil,
} from './_flows';

export const title = 'palette → progress → flame graph → annotated source, hover on the hot line (Python)';

const HOT = '# HOT';

export default async function profileFlow(wb: Workbench): Promise<void> {
  resetWorkspaceFile(wb, 'python/report.py');
  shrinkWorkload(wb, 'python/report.py', 'else 1_500_000', 'else 400_000');
  let progressSeen = '';
  const frame = await profileFile(wb, 'python/report.py', async (toast) => {
    progressSeen = toast;
    await wb.screenshot('1-progress');
  });
  assert.match(progressSeen, /Hotline: Profiling report\.py/, 'a progress notification names the file being profiled');

  // The flame graph: the program's own functions are in it, and the hot one is on the widest path.
  await waitForDetails(frame);
  const frames = await drawnFrames(frame);
  const render = frames.find((f) => f.name.includes('render_report'));
  assert.ok(
    render && render.width > 100,
    `the flame graph draws render_report wide; it draws: ${frames
      .slice(0, 15)
      .map((f) => `${f.name} (${Math.round(f.width)}px)`)
      .join(' | ')}`,
  );
  const top = await frame.locator('#functions tbody tr').first().innerText();
  assert.match(top, /render_report/, `the top-functions table starts with render_report; first row: ${top}`);
  await wb.screenshot('2-flame-graph');

  // The annotated source opens beside the graph. Maximize its group to read whole lines, as a person would.
  await wb.page.locator('.editor-group-container .tab.active[aria-label^="report.py"]').last().click();
  await runCommand(wb, 'View: Maximize Editor Group and Hide Side Bars');
  const shown = await waitUntil(
    wb,
    'the HOT line of report.py shows no inline annotation',
    async () => {
      const l = await lineAsShown(wb, HOT);
      return l && /●/.test(l.after) ? l : null;
    },
    30_000,
  );
  assert.match(shown.after, /^● [\d,.]+ ?(samples|[mµ]?s) · [\d.]+%$/, `inline annotation on the HOT line: "${shown.after}"`);
  // Lines that call the file's own functions carry their callee's time; of the others the HOT line leads.
  const shareOf = (after: string) => Number(/([\d.]+)%$/.exec(after)?.[1] ?? 0);
  const hotShare = shareOf(shown.after);
  const leaves = (await linesAsShown(wb)).filter((l) => l.after && !/main\(\)|render_report\(|checksum\(|^\s*def /.test(l.text));
  for (const l of leaves) assert.ok(shareOf(l.after) <= hotShare, `"${l.text.trim()}" (${l.after}) is hotter than the HOT line (${shown.after})`);
  assert.ok(hotShare >= 20, `the HOT line holds most of the program's own time; its annotation says ${hotShare}%`);
  assert.ok((await gutterBarWidth(wb, HOT)) >= 3, 'the HOT line has a heat bar at its start');
  const lenses = await waitUntil(
    wb,
    'no Hotline CodeLens above the hot function',
    async () => {
      const t = await codeLensTitles(wb);
      return t.some((x) => x.startsWith('Hotline:')) ? t : null;
    },
    30_000,
  );
  assert.ok(
    lenses.some((t) => /^Hotline: [\d.]+% total · [\d.]+% self/.test(t)),
    `CodeLens titles: ${lenses.join(' | ')}`,
  );
  await wb.screenshot('3-annotated-source');

  // Hovering the hot line explains it: self and total, the function it is in, a link to the flame graph.
  const hot = editorLine(wb, HOT);
  const box = await hot.boundingBox();
  assert.ok(box, 'the HOT line is on screen');
  const hover = wb.page.locator('.monaco-hover:not(.hidden)', { hasText: 'Hotline' }).first();
  await waitUntil(
    wb,
    'hovering the HOT line shows no Hotline hover',
    async () => {
      await wb.page.mouse.move(box.x + 60, box.y + box.height / 2);
      await wb.page.mouse.move(box.x + 64, box.y + box.height / 2);
      return hover.waitFor({ state: 'visible', timeout: 2500 }).then(
        () => true,
        () => false,
      );
    },
    30_000,
    500,
  );
  const hoverText = await hover.innerText();
  assert.match(hoverText, /self\s+[\d.]+ ?m?s\s+[\d.]+%/, `the hover gives the line's self time and share: ${hoverText}`);
  assert.match(hoverText, /Reveal in flame graph/);
  assert.match(hoverText, /render_report/, `the hover names the enclosing function: ${hoverText}`);
  await wb.screenshot('4-hover');
}
