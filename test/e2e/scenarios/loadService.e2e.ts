// A service that is slow under load, as a backend developer checks it: "Hotline: Profile Service Under
// Load…" from the palette, with the handler open in the editor, the service picker (the workspace's npm
// scripts listed; screenshot 1) → Type a command…, the server command (the Node example service), its /cpu URL, connections and
// duration typed in; then the Load Results panel (throughput, percentiles, histogram, latency over
// time; screenshot 2), the profile taken during the load in the flame graph (cpuWork on top) and the handler's
// `// HOT` line annotated in the editor.
import * as assert from 'node:assert/strict';
import { claimPort } from '../../../src/profilers/ports';
import type { Workbench } from '../workbench';
import { activeEditor, answerStep, drawnFrames, flameFrame, lineAsShown, runCommand, waitForDetails, waitUntil, webviewWith } from './_flows';

export const title = 'load: Profile Service Under Load on examples/services/node /cpu → load results, flame graph, annotated handler';

export default async function loadService(wb: Workbench): Promise<void> {
  const port = await claimPort(0);
  await wb.openFile('services/node/server.js');
  await activeEditor(wb).locator('.view-lines .view-line').first().waitFor();
  await runCommand(wb, 'Hotline: Profile Service Under Load');
  // Step 1 is the service picker (the workspace's npm scripts and launch configurations, then the other ways); this one types a command.
  await wb.page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Type a command…' }).waitFor({ state: 'visible', timeout: 15_000 });
  const listed = await wb.page.locator('.quick-input-widget .monaco-list-row .label-name').allInnerTexts();
  assert.ok(listed.includes('npm run preview'), `the workspace's npm script (web/package.json preview) is offered: ${listed.join(', ')}`);
  await wb.screenshot('1-service-picker');
  await answerStep(wb, 1, 'Type a command');
  await wb.page.locator('.quick-input-widget', { hasText: 'The command that starts the service' }).waitFor({ state: 'visible', timeout: 15_000 });
  await answerStep(wb, 1, `node services/node/server.js ${port}`, '1-server-command');
  await answerStep(wb, 2, `http://127.0.0.1:${port}/cpu`);
  await answerStep(wb, 3, '4');
  await answerStep(wb, 4, '3');

  const results = await webviewWith(wb, 'svg.histogram', {
    what: 'no Load Results panel with a histogram',
    failure: /failed|cannot|not found|exited/i,
    failed: 'the load failed',
    timeoutMs: 120_000,
  });
  const cards = await results.locator('.card .label').allInnerTexts();
  assert.deepEqual(cards, ['throughput', 'p50', 'p90', 'p95', 'p99', 'max', 'errors', 'timeouts', 'non-2xx']);
  const value = async (stat: string) => results.locator(`.card[data-stat="${stat}"] .value`).innerText();
  assert.match(await value('throughput'), /^\d+\.\d req\/s$/);
  const p50 = Number(/^(\d+) ms$/.exec(await value('p50'))?.[1]);
  const p99 = Number(/^(\d+) ms$/.exec(await value('p99'))?.[1]);
  assert.ok(p50 > 0 && p99 >= p50, `p50 ${p50} ms ≤ p99 ${p99} ms`);
  assert.deepEqual([await value('errors'), await value('timeouts'), await value('non2xx')], ['0', '0', '0']);
  assert.equal(await results.locator('svg.histogram [data-marker]').count(), 5, 'p50, p90, p95, p99 and max are marked');
  assert.ok((await results.locator('table.over-time tbody tr').count()) >= 2, 'latency per second of the load');

  // The profile taken during the load, in the flame graph: the handler's cpuWork holds most of it.
  const flame = await flameFrame(wb, 60_000);
  await waitForDetails(flame);
  const top = await flame.locator('#functions tbody tr').first().innerText();
  assert.match(top, /cpuWork/, `cpuWork is the hottest function: ${top}`);
  const cpuWork = (await drawnFrames(flame)).find((f) => f.name === 'cpuWork');
  assert.ok(cpuWork, 'cpuWork is drawn in the flame graph');
  await wb.page.keyboard.press('Control+B');
  await wb.page.mouse.move(5, 500);
  await wb.screenshot('2-results-and-flame-graph');

  // The handler, open in the editor since the start: the HOT line carries most of the samples.
  await wb.page.locator('.tabs-container .tab', { hasText: 'server.js' }).filter({ hasNotText: 'Flame graph' }).first().click();
  // Room for the inline annotation after the long HOT line.
  await runCommand(wb, 'View: Maximize Editor Group');
  const shown = await waitUntil(
    wb,
    'the // HOT line of server.js shows no inline annotation',
    async () => {
      const l = await lineAsShown(wb, '// HOT');
      return l && /●/.test(l.after) ? l : null;
    },
    30_000,
  );
  const share = Number(/([\d.]+)%/.exec(shown.after)?.[1]);
  assert.ok(share >= 30, `the HOT line holds most of the samples taken under load: ${shown.after}`);
  await wb.screenshot('3-annotated-handler');
}
