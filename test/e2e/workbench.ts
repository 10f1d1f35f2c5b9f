// Drives a real VS Code workbench (code-server + headless Chromium) as a person would: the command
// palette typed into, clicks, webviews reached through page.frames(), screenshots in test-results/e2e/.
// A scenario (test/e2e/scenarios/*.e2e.ts) gets a fresh Workbench page; test/e2e/run.mjs owns the server.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import { copyWorkspace, installExtension, launchChromium, repoRoot, startCodeServer, tempDir, type CodeServer } from '../vscode/codeServer.mjs';

export const screenshotDir = join(repoRoot, 'test-results/e2e');

export interface ServerOptions {
  /** A packaged .vsix to install (as a user would); without it the repo runs as the development extension. */
  vsix?: string;
  /** Folder to open; default: a temp copy of examples/. */
  workspace?: string;
  settings?: Record<string, unknown>;
  log?: (line: string) => void;
  /** Added to code-server's environment (and so the extension host's), e.g. DISPLAY for a headed Chromium. */
  env?: Record<string, string>;
}
export interface Server {
  server: CodeServer;
  workspace: string;
  developmentPath?: string;
  installLog?: string;
}

/** Starts code-server with Hotline installed from the .vsix, or as the development extension. */
export async function startServer(opts: ServerOptions = {}): Promise<Server> {
  const workspace = opts.workspace ?? copyWorkspace(join(repoRoot, 'examples'), 'e2e-ws');
  let installLog: string | undefined;
  let server: CodeServer;
  if (opts.vsix) {
    // Install before the server starts, exactly as `code-server --install-extension` does for a user.
    const userDataDir = tempDir('e2e-data');
    const extensionsDir = join(userDataDir, 'extensions');
    installLog = installExtension(opts.vsix, extensionsDir, userDataDir);
    server = await startCodeServer({ workspace, userDataDir, extensionsDir, settings: opts.settings, log: opts.log, env: opts.env });
  } else {
    server = await startCodeServer({ workspace, settings: opts.settings, log: opts.log, env: opts.env });
  }
  return { server, workspace, developmentPath: opts.vsix ? undefined : repoRoot, installLog };
}

export class Workbench {
  private constructor(
    readonly server: Server,
    readonly context: BrowserContext,
    readonly page: Page,
    readonly name: string,
    readonly pageErrors: string[],
  ) {}

  /** Opens the workbench on the server's workspace in a fresh browser context and waits until it is usable. */
  static async open(browser: Browser, server: Server, name: string, timeoutMs = 60_000): Promise<Workbench> {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const url = server.server.url({ extensionDevelopmentPath: server.developmentPath });
    await page.goto(url);
    await page.locator('.monaco-workbench').waitFor({ timeout: timeoutMs });
    // The explorer shows the folder once the remote connection and file system are up.
    await page
      .locator('.explorer-folders-view .monaco-list-row')
      .first()
      .waitFor({ timeout: timeoutMs })
      .catch(() => {});
    return new Workbench(server, context, page, name, errors);
  }

  /** Saves a full-page screenshot to test-results/e2e/<scenario>-<label>.png and returns its path. */
  async screenshot(label: string): Promise<string> {
    mkdirSync(screenshotDir, { recursive: true });
    const path = join(screenshotDir, `${this.name}-${label}.png`);
    await this.page.screenshot({ path });
    return path;
  }

  /**
   * Opens the command palette (F1), types `text` key by key, and returns the labels it lists once one
   * matches the first word typed. Commands of an extension that is still being scanned are not listed
   * yet, and an open palette does not refresh, so it closes and types again until `timeoutMs`.
   */
  async openPalette(text: string, timeoutMs = 45_000): Promise<string[]> {
    const deadline = Date.now() + timeoutMs;
    const word = text.split(/\s+/).find(Boolean)?.toLowerCase() ?? '';
    for (;;) {
      await this.closeQuickInput();
      await this.page.keyboard.press('F1');
      await this.page.locator('.quick-input-widget .quick-input-box input').waitFor({ state: 'visible' });
      await this.page.keyboard.type(text, { delay: 25 });
      const labels = await this.quickInputLabels(word, Math.min(5000, Math.max(0, deadline - Date.now())));
      if (labels.some((l) => l.toLowerCase().includes(word)) || Date.now() >= deadline) return labels;
    }
  }

  /** Labels of the rows the open quick input shows, after waiting (up to `ms`) for one containing `word`. */
  async quickInputLabels(word = '', ms = 5000): Promise<string[]> {
    const rows = this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
    await this.page
      .waitForFunction(
        (w) =>
          [...document.querySelectorAll('.quick-input-widget .quick-input-list .monaco-list-row')].some((e) => (e.textContent ?? '').toLowerCase().includes(w)),
        word,
        { timeout: ms },
      )
      .catch(() => {});
    return rows.evaluateAll((els) =>
      els.map((e) => {
        const parts = [...e.querySelectorAll('.label-name')].map((n) => n.textContent ?? '');
        return parts.join('').trim() || (e.getAttribute('aria-label') ?? '');
      }),
    );
  }

  /**
   * Every label of the open quick input, scrolling its (virtual) list with the mouse wheel as a person
   * would; rows outside the viewport are not in the DOM. Ends scrolled back to the top.
   */
  async allQuickInputLabels(): Promise<string[]> {
    const seen = new Set(await this.quickInputLabels());
    const list = this.page.locator('.quick-input-widget .quick-input-list');
    await list.hover();
    for (let i = 0; i < 50; i++) {
      const before = seen.size;
      await this.page.mouse.wheel(0, 200);
      await this.page.waitForTimeout(60);
      for (const l of await this.quickInputLabels()) seen.add(l);
      if (seen.size === before && i > 0) break;
    }
    for (let i = 0; i < 50 && !(await this.quickInputAtTop()); i++) await this.page.mouse.wheel(0, -400);
    return [...seen];
  }

  /** Scrolls the open quick input's list until the row labelled `label` is on screen; false if it is not there. */
  async revealQuickInputRow(label: string): Promise<boolean> {
    const row = this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: label }).first();
    await this.page.locator('.quick-input-widget .quick-input-list').hover();
    for (let i = 0; i < 50; i++) {
      if ((await row.count()) && (await row.isVisible())) {
        const [box, listBox] = await Promise.all([row.boundingBox(), this.page.locator('.quick-input-widget .quick-input-list').boundingBox()]);
        if (box && listBox && box.y >= listBox.y && box.y + box.height <= listBox.y + listBox.height) {
          await row.hover(); // the pointer rests on it, as a person's would
          return true;
        }
      }
      await this.page.mouse.wheel(0, 120);
      await this.page.waitForTimeout(60);
    }
    return false;
  }

  private async quickInputAtTop(): Promise<boolean> {
    return this.page
      .locator('.quick-input-widget .quick-input-list .monaco-list-row')
      .first()
      .evaluate(
        (el) => el.getAttribute('data-index') === '0' && el.getBoundingClientRect().top >= (el.closest('.monaco-list')?.getBoundingClientRect().top ?? 0) - 1,
      )
      .catch(() => true);
  }

  /** Runs a command from the palette by its full title ("Hotline: Profile Current File"), like a person. */
  async runCommand(title: string): Promise<void> {
    const labels = await this.openPalette(title);
    if (!labels.includes(title)) {
      throw new Error(`the command palette does not list "${title}"; it shows: ${labels.slice(0, 10).join(' | ') || '(nothing)'}`);
    }
    const row = this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: title }).first();
    await row.click();
    await this.page
      .locator('.quick-input-widget')
      .waitFor({ state: 'hidden', timeout: 5000 })
      .catch(() => {});
  }

  /** Opens a workspace file through Quick Open (Ctrl+P), typing its path; retries while the file search warms up. */
  async openFile(relativePath: string, timeoutMs = 45_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const base = relativePath.split('/').pop() ?? relativePath;
    const row = this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: base }).first();
    for (;;) {
      await this.closeQuickInput();
      await this.page.keyboard.press('Control+P');
      await this.page.locator('.quick-input-widget .quick-input-box input').waitFor({ state: 'visible' });
      await this.page.keyboard.type(relativePath, { delay: 15 });
      const found = await row.waitFor({ timeout: Math.max(1000, Math.min(8000, deadline - Date.now())) }).then(
        () => true,
        () => false,
      );
      if (found) break;
      if (Date.now() >= deadline) throw new Error(`Quick Open (Ctrl+P) does not find ${relativePath} in the workspace`);
    }
    await this.page.keyboard.press('Enter');
    await this.page.locator(`.tabs-container .tab[aria-label^="${base}"]`).first().waitFor({ timeout: 15_000 });
  }

  async closeQuickInput(): Promise<void> {
    if (await this.page.locator('.quick-input-widget').isVisible()) await this.page.keyboard.press('Escape');
  }

  /** Content frames of the open webviews (VS Code nests each: an outer host iframe, an inner content frame). */
  webviewFrames(): Frame[] {
    return this.page.frames().filter((f) => f.parentFrame() !== null && /\/fake\.html|[?&]purpose=webviewView/.test(f.url()));
  }

  /** The first webview content frame (not in `except`) that holds `selector` now, or null. */
  async webviewFrameWith(selector: string, except?: ReadonlySet<Frame>): Promise<Frame | null> {
    for (const f of this.webviewFrames()) {
      if (except?.has(f)) continue;
      if (
        await f
          .locator(selector)
          .count()
          .catch(() => 0)
      )
        return f;
    }
    return null;
  }

  /** Waits for a webview whose content has `selector`, and returns its frame. */
  async waitForWebview(selector: string, timeoutMs = 30_000): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const f = await this.webviewFrameWith(selector);
      if (f) return f;
      await this.page.waitForTimeout(250);
    }
    throw new Error(`no webview showed ${selector} within ${timeoutMs} ms (webview frames: ${(await this.describeWebviews()).join(' || ') || 'none'})`);
  }

  /** What each webview frame holds, for failure messages: its id, its scripts and the start of its body. */
  async describeWebviews(): Promise<string[]> {
    return Promise.all(
      this.webviewFrames().map(async (f) => {
        const id = /[?&]id=([\w-]{8})/.exec(f.url())?.[1] ?? f.url().slice(-40);
        const inside = await f
          .evaluate(() => {
            const scripts = [...document.scripts].map((s) => s.src.replace(/^.*\//, '') || 'inline').join(',');
            return `scripts [${scripts}], body ${document.body?.innerHTML.length ?? 0} chars: ${(document.body?.innerText ?? '').replace(/\s+/g, ' ').slice(0, 120)}`;
          })
          .catch((e: Error) => `(${e.message.split('\n')[0]})`);
        return `${id}: ${inside}`;
      }),
    );
  }

  /** Texts of the notification toasts currently shown. */
  async notifications(): Promise<string[]> {
    return this.page.locator('.notification-toast .notification-list-item-message').allInnerTexts();
  }

  async close(): Promise<void> {
    await this.context.close().catch(() => {});
  }
}

export { launchChromium };
