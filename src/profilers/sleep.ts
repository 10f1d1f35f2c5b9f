/** Waiting that a Cancel (an AbortSignal) cuts short with ProfileCancelledError. */
import { ProfileCancelledError } from './errors';

/** Resolves after `ms`; rejects with ProfileCancelledError as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new ProfileCancelledError());
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(new ProfileCancelledError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * True when `event` settles within `ms`, false when the time runs out first; rejects with ProfileCancelledError as soon
 * as `signal` aborts. The timer is cleared either way, so a wait that ended early does not keep the process alive.
 */
export async function within(event: Promise<unknown>, ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) throw new ProfileCancelledError();
  const timer = new AbortController();
  const onAbort = () => timer.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    return await Promise.race([
      event.then(() => true),
      sleep(ms, timer.signal).then(
        () => false,
        (err) => {
          if (signal?.aborted) throw err;
          return true; // the timer was dropped because the event came first
        },
      ),
    ]);
  } finally {
    signal?.removeEventListener('abort', onAbort);
    timer.abort();
  }
}
