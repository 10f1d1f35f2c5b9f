// Steps the e2e scenarios share: profiling a file as a person does, reading what the editor shows on a
// line (inline annotation text, gutter bar, CodeLens), the flame graph webview, theme switching.
// Not a scenario (no .e2e.ts suffix): the runner does not pick it up.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Locator } from 'playwright-core';
import type { Workbench } from '../workbench';
import { repoRoot } from '../../vscode/codeServer.mjs';

/**
 * Waits for a webview frame that holds `selector` (a panel that finished drawing), skipping the
 * frames in `except` (those open before the command, when a new panel is wanted); a notification
 * matching `failure` is reported as `failed: …` in the timeout message.
 */
export async function webviewWith(
  wb: Workbench,
  selector: string,
  o: { what: string; failure: RegExp; failed: string; timeoutMs: number; except?: ReadonlySet<Frame> },
): Promise<Frame> {
  return waitUntil(
    wb,
    o.what,
    async () => {
      const errors = (await wb.notifications()).filter((t) => o.failure.test(t));
      if (errors.length) throw new Error(`${o.failed}: ${errors.join(' | ')}`);
      return wb.webviewFrameWith(selector, o.except);
    },
    o.timeoutMs,
    500,
  );
}

/** Polls `probe` until it returns a truthy value or `ms` pass; throws `what` with the last value seen. */
export async function waitUntil<T>(wb: Workbench, what: string, probe: () => Promise<T>, ms = 60_000, everyMs = 250): Promise<NonNullable<T>> {
  const deadline = Date.now() + ms;
  let last: T | undefined;
  let lastError = '';
  for (;;) {
    last = await probe().catch((e: Error) => {
      lastError = e.message.split('\n')[0];
      return undefined;
    });
    if (last) return last as NonNullable<T>;
    if (Date.now() >= deadline) throw new Error(`${what} (waited ${ms / 1000} s; last seen: ${lastError || JSON.stringify(last)})`);
    await wb.page.waitForTimeout(everyMs);
  }
}

/** The visible text editor (not a webview, not the output panel). */
export function activeEditor(wb: Workbench): Locator {
  return wb.page.locator('.editor-group-container.active .monaco-editor[data-uri]').first();
}

/** The rendered line of the active editor group whose text contains `text`. */
export function editorLine(wb: Workbench, text: string): Locator {
  return wb.page.locator('.editor-group-container.active .monaco-editor .view-lines .view-line', { hasText: text }).first();
}

/** Every rendered line of the active editor group with the decoration text drawn after it. */
export async function linesAsShown(wb: Workbench): Promise<{ text: string; after: string }[]> {
  return wb.page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('.editor-group-container.active .monaco-editor .view-lines .view-line')]
      .sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top))
      .map((line) => ({
        text: (line.textContent ?? '').replace(/\u00a0/g, ' '),
        after: [...line.querySelectorAll('span')]
          .map((s) => getComputedStyle(s, '::after').content)
          .filter((c) => c && c !== 'none' && c !== 'normal' && c !== '""')
          .map((c) => c.replace(/^"|"$/g, ''))
          .join(' '),
      })),
  );
}

/**
 * Lowers a program's default size in the scenario's workspace copy (never in the repo), so a profile takes
 * seconds on a loaded machine; the edit shows in the screenshots.
 */
export function shrinkWorkload(wb: Workbench, relativePath: string, from: string, to: string): void {
  const path = join(wb.server.workspace, relativePath);
  const text = readFileSync(path, 'utf8');
  if (!text.includes(from)) throw new Error(`${relativePath} no longer contains ${from}: update the scenario`);
  writeFileSync(path, text.replace(from, to));
}

/**
 * Puts a workspace file back as it is in the repo's examples/: the scenarios share one workspace copy,
 * and some edit the file they profile.
 */
export function resetWorkspaceFile(wb: Workbench, relativePath: string): void {
  writeFileSync(join(wb.server.workspace, relativePath), readFileSync(join(repoRoot, 'examples', relativePath)));
}

/**
 * What a person reads on the line containing `text`, including the text VS Code draws after it from an
 * extension's decoration (rendered through a CSS ::after `content`, so not in textContent).
 */
export async function lineAsShown(wb: Workbench, text: string): Promise<{ text: string; after: string } | null> {
  return wb.page.evaluate((needle) => {
    // Monaco draws spaces as U+00A0. (No named helper functions in here: tsx's __name() does not exist in the page.)
    const lines = [...document.querySelectorAll('.editor-group-container.active .monaco-editor .view-lines .view-line')];
    const line = lines.find((l) => (l.textContent ?? '').replace(/\u00a0/g, ' ').includes(needle));
    if (!line) return null;
    const after = [...line.querySelectorAll('span')]
      .map((s) => getComputedStyle(s, '::after').content)
      .filter((c) => c && c !== 'none' && c !== 'normal' && c !== '""')
      .map((c) => c.replace(/^"|"$/g, '').replace(/\\"/g, '"'))
      .join(' ');
    return { text: (line.textContent ?? '').replace(/\u00a0/g, ' '), after };
  }, text);
}

/** Width of the left border VS Code draws across the whole line containing `text` (the heat bar), in px. */
export async function gutterBarWidth(wb: Workbench, text: string): Promise<number> {
  return wb.page.evaluate((needle) => {
    const editor = [...document.querySelectorAll('.editor-group-container.active .monaco-editor')].find((e) =>
      [...e.querySelectorAll('.view-lines .view-line')].some((l) => (l.textContent ?? '').replace(/\u00a0/g, ' ').includes(needle)),
    );
    const line =
      editor && [...editor.querySelectorAll<HTMLElement>('.view-lines .view-line')].find((l) => (l.textContent ?? '').replace(/\u00a0/g, ' ').includes(needle));
    if (!editor || !line) return 0;
    const top = line.style.top;
    // Whole-line decorations are drawn in the view-overlays layer, one child per visible line at the same `top`.
    const overlays = [...editor.querySelectorAll<HTMLElement>('.view-overlays > div')].filter((d) => d.style.top === top);
    let width = 0;
    for (const o of overlays) for (const d of o.querySelectorAll('div')) width = Math.max(width, parseFloat(getComputedStyle(d).borderLeftWidth) || 0);
    return width;
  }, text);
}

/** The CodeLens titles shown in the editors. */
export async function codeLensTitles(wb: Workbench): Promise<string[]> {
  return wb.page.locator('.monaco-editor .codelens-decoration').allInnerTexts();
}

/** The flame graph webview: the frame whose document has the graph drawn (`body[data-rendered]`). */
export async function flameFrame(wb: Workbench, timeoutMs = 90_000): Promise<Frame> {
  return wb.waitForWebview('body[data-rendered] #graph svg', timeoutMs);
}

/** Waits until the panel's lists (insights, top functions) are filled. */
export async function waitForDetails(frame: Frame, timeoutMs = 60_000): Promise<void> {
  await frame.locator('body[data-details="ready"]').waitFor({ state: 'attached', timeout: timeoutMs });
}

/** The notification toast whose message matches `re`, once shown. */
export async function waitForToast(wb: Workbench, re: RegExp, timeoutMs = 60_000): Promise<string> {
  return waitUntil(wb, `no notification matching ${re}`, async () => (await wb.notifications()).find((t) => re.test(t)), timeoutMs, 100);
}

/**
 * Opens `file` and runs "Hotline: Profile Current File" from the palette; resolves with the flame graph
 * frame once drawn. `onProgress` runs as soon as the progress notification shows (for a screenshot).
 */
export async function profileFile(wb: Workbench, file: string, onProgress?: (toast: string) => Promise<void>): Promise<Frame> {
  await wb.openFile(file);
  await activeEditor(wb).locator('.view-lines .view-line').first().waitFor();
  const before = new Set(wb.webviewFrames());
  await runCommand(wb, 'Hotline: Profile Current File');
  const toast = await waitForToast(wb, /^Hotline: (profiling|profile)/i, 30_000).catch(() => null);
  if (toast && onProgress) {
    // Toasts slide in; the screenshot waits for the end of that animation (while the run lasts).
    await wb.page
      .locator('.notification-toast.notification-fade-in-done')
      .first()
      .waitFor({ timeout: 3000 })
      .catch(() => {});
    await onProgress(toast);
  }
  // A new flame graph webview (a second run opens or refreshes one; either way its graph is drawn).
  return webviewWith(wb, 'body[data-rendered] #graph svg', {
    what: `no flame graph appeared after profiling ${file}; notifications: ${'(see failure screenshot)'}`,
    failure: /failed|cannot|not found|error/i,
    failed: `profiling ${file} failed`,
    timeoutMs: 120_000,
    except: before,
  }).catch(async (err) => {
    if (/failed:/.test((err as Error).message)) throw err;
    return flameFrame(wb, 5_000);
  });
}

/** Runs "Preferences: Color Theme" and picks `theme` (e.g. "Light Modern", "Dark Modern") by typing. */
export async function setColorTheme(wb: Workbench, theme: string, isLight: boolean): Promise<void> {
  await runCommand(wb, 'Preferences: Color Theme');
  const input = wb.page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible' });
  await wb.page.keyboard.type(theme, { delay: 20 });
  await wb.page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: theme }).first().waitFor();
  await wb.page.keyboard.press('Enter');
  await waitUntil(
    wb,
    `the workbench did not switch to ${theme}`,
    () => wb.page.evaluate((light) => document.querySelector('.monaco-workbench')?.classList.contains(light ? 'vs' : 'vs-dark') ?? false, isLight),
    20_000,
  );
}

/** The webview body's theme class VS Code sets (vscode-light / vscode-dark). */
export async function webviewTheme(frame: Frame): Promise<string> {
  return frame.evaluate(() => document.body.className);
}

export interface DrawnFrame {
  name: string;
  width: number;
  x: number;
  y: number;
  highlighted: boolean;
  fill: string;
}

/** The frames the flame graph draws (d3 binds each <g> to its node), with their on-screen boxes. */
export async function drawnFrames(frame: Frame): Promise<DrawnFrame[]> {
  return frame.evaluate(() =>
    [...document.querySelectorAll<SVGGElement>('#graph svg g')].flatMap((g) => {
      const d = (g as unknown as { __data__?: { data?: { name?: string } } }).__data__;
      const rect = g.querySelector('rect');
      if (!d?.data?.name || !rect) return [];
      const b = rect.getBoundingClientRect();
      const fill = getComputedStyle(rect).fill.replace(/\s+/g, '');
      // A search match is painted magenta (webview/colors.ts HIGHLIGHT): what a person sees, not d3's flag.
      return [{ name: d.data.name, width: b.width, x: b.x, y: b.y, highlighted: fill === 'rgb(230,0,230)', fill }];
    }),
  );
}

/**
 * Runs a command from the palette by its title, clicking the row whose label starts with it. Unlike
 * Workbench.runCommand it accepts a row that carries more text (a "recently used" row can show extra
 * label parts after the title), and when F1 does not open the palette (a webview that has just taken
 * the focus may swallow the key) it clicks the window title and presses F1 again.
 */
export async function runCommand(wb: Workbench, title: string, timeoutMs = 45_000): Promise<void> {
  const input = wb.page.locator('.quick-input-widget .quick-input-box input');
  const row = wb.page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: title }).first();
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 0; ; attempt++) {
    await wb.closeQuickInput();
    if (attempt > 0)
      await wb.page
        .locator('.part.titlebar .window-title')
        .first()
        .click()
        .catch(() => {});
    await wb.page.keyboard.press('F1');
    if (
      !(await input.waitFor({ state: 'visible', timeout: 3000 }).then(
        () => true,
        () => false,
      ))
    ) {
      if (Date.now() > deadline) throw new Error(`F1 does not open the command palette (to run "${title}")`);
      continue;
    }
    await wb.page.keyboard.type(title, { delay: 20 });
    // Commands of an extension still being scanned appear later; an open palette does not refresh.
    if (
      await row.waitFor({ timeout: 5000 }).then(
        () => true,
        () => false,
      )
    )
      break;
    if (Date.now() > deadline) {
      const labels = await wb.quickInputLabels();
      throw new Error(`the command palette does not list "${title}"; it shows: ${labels.slice(0, 10).join(' | ') || '(nothing)'}`);
    }
  }
  await row.click();
  await wb.page
    .locator('.quick-input-widget')
    .waitFor({ state: 'hidden', timeout: 5000 })
    .catch(() => {});
}

/** Types `value` into input box `step` of 4 of Profile (or Trace) Service Under Load (waits for its title) and presses Enter. */
export async function answerStep(wb: Workbench, step: number, value: string, screenshot?: string): Promise<void> {
  await wb.page.locator('.quick-input-widget .quick-input-title', { hasText: `(${step}/4)` }).waitFor({ state: 'visible', timeout: 15_000 });
  const input = wb.page.locator('.quick-input-widget .quick-input-box input');
  await input.fill(value);
  if (screenshot) await wb.screenshot(screenshot);
  await wb.page.keyboard.press('Enter');
}

/** Serves examples/web (its own serve.mjs builds and serves it on a free loopback port). */
export async function serveExample(): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, [join(repoRoot, 'examples/web/serve.mjs')], { stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await new Promise<string>((resolve, reject) => {
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      const m = /serving on (http:\/\/\S+)/.exec(d.toString());
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`examples/web/serve.mjs exited (${code}): ${err}`)));
  });
  return { url, stop: () => child.kill() };
}
