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
