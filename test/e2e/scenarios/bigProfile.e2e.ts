// A big profile file opened in the editor: 150,000 distinct stacks. The panel draws a quick first view
// from the page itself (the stack trie, embedded by the host) before the host's tree is built, says it
// is still reading, refuses to zoom until the host's view replaces it, and then zooms.
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import type { HookedWindow } from '../../../src/core/webviewProtocol';
import type { Workbench } from '../workbench';
import { drawnFrames, waitUntil } from './_flows';

export const title = 'a big profile (150,000 stacks): a quick first view at once, then the full tree, then zoom';

/** A folded profile with 150,000 distinct stacks, deterministic, a few heavy paths and a long tail. */
function bigFolded(): string {
  let seed = 7;
  const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const paths: string[][] = [['main']];
  const lines: string[] = [];
  for (let i = 0; i < 150_000; i++) {
    const p = [...paths[Math.floor(rand() ** 2 * paths.length)]!, `mod${i % 97}.func_${i}`];
    paths.push(p);
    lines.push(`${p.join(';')} ${1 + Math.floor(1 / (rand() + 0.001))}`);
  }
  return `${lines.join('\n')}\n`;
}

export default async function bigProfile(wb: Workbench): Promise<void> {
  writeFileSync(join(wb.server.workspace, 'big.folded'), bigFolded());
  await wb.openFile('big.folded');

  // The host's view drawn (not the quick one); its timings say whether a quick one came first.
  let quickSeen = false;
  const frame = (await waitUntil(
    wb,
    'big.folded is not drawn',
    async () => {
      for (const f of wb.webviewFrames()) {
        const st = await f
          .evaluate(() => ({ drawn: document.body.dataset.rendered !== undefined, quick: document.body.dataset.provisional !== undefined }))
          .catch(() => null);
        if (st?.drawn && st.quick && !quickSeen) {
          quickSeen = true;
          await wb.screenshot('1-quick-first-view');
        }
        if (st?.drawn && !st.quick) return f;
      }
      return null;
    },
    120_000,
    50,
  )) as Frame;
  const t = await frame.evaluate(() => (window as unknown as HookedWindow).hotline!.timings);
  assert.ok(t.quickDrawn > 0, `a quick first view was drawn (timings ${JSON.stringify(t)})`);
  assert.ok(t.interactive > t.quickDrawn, `then the host's view replaced it (${(t.interactive - t.quickDrawn).toFixed(0)} ms later)`);
  console.log(
    `quick first view drawn ${(t.quickDrawn - t.started).toFixed(0)} ms after the page's script started; the host's view ${(t.interactive - t.quickDrawn).toFixed(0)} ms later${quickSeen ? '' : ' (too quick for a screenshot)'}`,
  );

  // The host's view: the graph spans the panel and a click zooms.
  const frames = await drawnFrames(frame);
  assert.ok(frames.length > 100, `${frames.length} frames drawn`);
  const target = frames.filter((f) => f.name.startsWith('mod') && f.width > 40).sort((a, b) => b.width - a.width)[0];
  assert.ok(target, 'a wide frame to click');
  const before = await frame.evaluate(() => document.body.dataset.rendered);
  await frame.locator(`#graph g.frame[name="${target.name}"] rect`).first().click();
  await frame.waitForFunction((b) => document.body.dataset.rendered !== b && !document.body.dataset.rendered!.endsWith('~'), before, { timeout: 30_000 });
  assert.match(await frame.locator('#breadcrumb').innerText(), new RegExp(`Zoomed: .*${target.name.replace(/\./g, '\\.')}`));
  await wb.screenshot('2-zoomed');
}
