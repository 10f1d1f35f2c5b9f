// Drives a page Hotline is recording, as a user would: a second DevTools connection to the same tab
// (Chromium serves several) finds an element and clicks its middle with real mouse events through
// Chromium's input pipeline (Input.dispatchMouseEvent), so the page sees mousedown/mouseup/click in an
// input task of its own, as from a hand on the mouse.
import { Session } from '../../../src/profilers/nodeInspector';
import { pageTarget } from '../../../src/profilers/page/pageCpuProfile';
import { sleep } from '../../../src/profilers/sleep';

export interface PageDriver {
  /** Clicks the element matching `selector` `times` times, `gapMs` apart (each click returns once the page handled it). */
  click(selector: string, times?: number, gapMs?: number): Promise<void>;
  /** The value of a JavaScript expression in the page (JSON-serializable). */
  value<T>(expression: string): Promise<T>;
  /** Kills the page's renderer (Page.crash), as a page that crashes it does. */
  crash(): Promise<void>;
  close(): void;
}

export async function drivePage(port: number): Promise<PageDriver> {
  const session = await Session.open(await pageTarget(port));
  const centre = async (selector: string) => {
    const r = await session.send<{ result: { value?: { x: number; y: number } }; exceptionDetails?: unknown }>('Runtime.evaluate', {
      expression: `(() => { const r = document.querySelector(${JSON.stringify(selector)})?.getBoundingClientRect(); return r && { x: r.x + r.width / 2, y: r.y + r.height / 2 }; })()`,
      returnByValue: true,
    });
    if (!r.result.value) throw new Error(`no element ${selector} in the page`);
    return r.result.value;
  };
  return {
    async click(selector, times = 1, gapMs = 300) {
      for (let i = 0; i < times; i++) {
        const { x, y } = await centre(selector);
        for (const type of ['mousePressed', 'mouseReleased'])
          await session.send('Input.dispatchMouseEvent', { type, x, y, button: 'left', buttons: type === 'mousePressed' ? 1 : 0, clickCount: 1 });
        await sleep(gapMs);
      }
    },
    async value<T>(expression: string) {
      const r = await session.send<{ result: { value?: T }; exceptionDetails?: unknown }>('Runtime.evaluate', { expression, returnByValue: true });
      if (r.exceptionDetails) throw new Error(`${expression} threw in the page: ${JSON.stringify(r.exceptionDetails)}`);
      return r.result.value as T;
    },
    // Page.crash never answers: the renderer that would is gone.
    crash: async () => void session.send('Page.crash').catch(() => {}),
    close: () => session.close(),
  };
}
