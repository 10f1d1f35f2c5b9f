/**
 * One live top, as the CLI and the panel both run it: the sampler attached to the process, its
 * windows kept in a RollingWindow, a fresh view after every window, and `stop()` that resolves
 * once the sampler is gone.
 */
import { RollingWindow } from '../../core/liveTop/rollingWindow';
import type { LiveTopView } from '../../core/webviewProtocol';
import { liveTopSamplerLabel, runLiveTop, type LiveTopEnd, type LiveTopRequest } from './index';

export interface LiveTopSessionOptions {
  /** What the table covers (default the last 5 s). */
  spanSeconds?: number;
  /** "pid 42 python3 worker.py" (default "pid 42"). */
  target?: string;
  /** The N the recent-profile button offers first (default 10). */
  recentSeconds?: number;
  onView(view: LiveTopView): void;
}

export interface LiveTopSession {
  readonly window: RollingWindow;
  /** Settles when sampling ends: Stop, the process exiting, or the sampler failing (rejects). */
  readonly done: Promise<LiveTopEnd>;
  /** Ends sampling; resolves once no sampler is left. */
  stop(): Promise<LiveTopEnd>;
  /** The current view (for a panel opened or redrawn between windows). */
  view(): LiveTopView;
}

export function startLiveTop(req: LiveTopRequest, opts: LiveTopSessionOptions): LiveTopSession {
  const window = new RollingWindow({ sampler: liveTopSamplerLabel(req), target: opts.target ?? `pid ${req.pid}` });
  const controller = new AbortController();
  const view = () => window.view(opts.spanSeconds ?? 5, { recentSeconds: opts.recentSeconds });
  const done = runLiveTop(req, {
    signal: controller.signal,
    onWindow: (w) => {
      window.add(w);
      opts.onView(view());
    },
  });
  return {
    window,
    done,
    view,
    stop() {
      controller.abort();
      return done;
    },
  };
}
