// Profiles other tools wrote, opened as a person does (Hotline: Open Profile…, the path typed into the
// open dialog): a Chrome Performance-panel recording (trace-event JSON, gzip'd as DevTools saves it) and
// a `node --prof` isolate log. The panel's top function is the one the tool itself names
// (test/fixtures/interop/*/…expected.json: Chromium's own .cpuprofile of the page, node --prof-process).
import * as assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import type { Workbench } from '../workbench';
import { repoRoot } from '../../vscode/codeServer.mjs';
import { drawnFrames, runCommand, waitForDetails, waitUntil, webviewWith } from './_flows';

export const title = 'profiles from other tools: a Chrome Performance-panel trace and a node --prof log open in the panel';

const interop = join(repoRoot, 'test/fixtures/interop');
const expected = (rel: string) => JSON.parse(readFileSync(join(interop, rel), 'utf8'));

/** Copies a fixture into the workspace and opens it through Open Profile… and the open dialog; resolves with the drawn panel. */
async function openProfile(wb: Workbench, fixture: string): Promise<Frame> {
  const dir = join(wb.server.workspace, 'interop');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, fixture.split('/').pop()!);
  copyFileSync(join(interop, fixture), path);
  const before = new Set(wb.webviewFrames());
  await runCommand(wb, 'Hotline: Open Profile…');
  const input = wb.page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  // The dialog fills in its folder a moment after it shows, over anything typed before, and the reused
  // input can show the previous dialog's folder until then: wait for a folder that stays for 750 ms.
  let seen = '';
  let since = Date.now();
  await waitUntil(
    wb,
    'the open dialog shows its folder',
    async () => {
      const value = await input.inputValue();
      if (value !== seen) [seen, since] = [value, Date.now()];
      return value.endsWith('/') && Date.now() - since >= 750;
    },
    10_000,
  );
  await input.fill(path);
  const name = path.split('/').pop()!;
  await wb.page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ timeout: 10_000 });
  assert.equal(await input.inputValue(), path, 'the typed path is still in the dialog');
  await wb.page.keyboard.press('Enter');
  const frame = await webviewWith(wb, 'body[data-rendered] #graph svg', {
    what: `no flame graph after opening ${fixture}`,
    failure: /failed|cannot|not a|unrecognised|error/i,
    failed: `opening ${fixture} failed`,
    timeoutMs: 60_000,
    except: before,
  });
  await waitForDetails(frame);
  return frame;
}

/** The first rows of the panel's Top functions table as `{name, self}` (the self cell as shown). */
async function topRows(frame: Frame, n: number): Promise<{ name: string; self: string }[]> {
  return frame
    .locator('#functions tbody tr')
    .evaluateAll(
      (rows, k) => (rows as HTMLTableRowElement[]).slice(0, k).map((r) => ({ name: r.cells[0]!.textContent ?? '', self: r.cells[2]!.textContent ?? '' })),
      n,
    );
}

export default async function interopProfiles(wb: Workbench): Promise<void> {
  // Chrome: the page's main thread; Chromium's own .cpuprofile of the page names hotSum as the top self function.
  const chrome = expected('chrome/busy.trace.expected.json');
  const trace = await openProfile(wb, 'chrome/busy.trace.json.gz');
  const [first] = await topRows(trace, 1);
  assert.equal(first!.name, chrome.cpuprofile.topSelf, `the top function of the trace is Chromium's own top: ${JSON.stringify(first)}`);
  const hot = (await drawnFrames(trace)).find((f) => f.name === chrome.cpuprofile.topSelf);
  assert.ok(hot && hot.width > 300, `the graph draws ${chrome.cpuprofile.topSelf} wide: ${JSON.stringify(hot)}`);
  // The page's long task, as the trace records it (its RunTask event), held by hotSum.
  const mainTask = (chrome.trace.longTasks as { thread: string; durUs: number }[]).find((t) => t.thread === chrome.trace.pageMainThread)!;
  const task = trace.locator('[data-kind="event-loop"]').first();
  await task.waitFor({ timeout: 15_000 });
  const taskText = (await task.textContent()) ?? '';
  assert.match(taskText, new RegExp(`Long task of ${Math.round(mainTask.durUs / 1000)} ms at [\\d.]+ m?s, as the trace records it`), taskText);
  assert.match(taskText, new RegExp(`Held by: ${chrome.cpuprofile.topSelf} `), taskText);
  await task.scrollIntoViewIfNeeded();
  await wb.screenshot('1-chrome-trace');

  // node --prof: node --prof-process's bottom-up profile puts UNKNOWN (ticks in code the log does not name) first.
  const nodeProf = expected('node-prof/hot.expected.json');
  const log = await openProfile(wb, 'node-prof/hot.isolate.log.gz');
  const rows = await topRows(log, 5);
  assert.equal(rows[0]!.name, nodeProf.bottomUp.name, `the top function is node --prof-process's heaviest bottom-up entry: ${JSON.stringify(rows)}`);
  assert.match(rows[0]!.self, new RegExp(`^${nodeProf.bottomUp.ticks} `), `with its ${nodeProf.bottomUp.ticks} ticks: ${rows[0]!.self}`);
  const js = nodeProf.javascript[0];
  const jsName = /^JS: [*~^+]?(.*?) \S*:\d+:\d+$/.exec(js.name)![1]!.replace('<anonymous>', '(anonymous)');
  assert.ok(
    rows.some((r) => r.name === jsName && r.self.startsWith(`${js.ticks} `)),
    `the [JavaScript] section's top (${jsName}, ${js.ticks} ticks) is listed: ${JSON.stringify(rows)}`,
  );
  await wb.screenshot('2-node-prof');
}
