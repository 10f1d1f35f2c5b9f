/** Downloads a URL to a file (a pprof endpoint): one clear error for a refused connection or a non-2xx answer, Cancel honoured. */
import { writeFileSync } from 'node:fs';
import { ProfileCancelledError, ProfileMissingError } from './errors';

export async function fetchToFile(url: string, file: string, timeoutMs: number, signal?: AbortSignal): Promise<void> {
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), Math.max(1000, timeoutMs));
  const onAbort = () => ctrl.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const res = await fetch(url, { signal: ctrl.signal });
    if (!res.ok)
      throw new ProfileMissingError(
        `GET ${url} answered ${res.status} ${res.statusText} (is net/http/pprof imported and the server listening?)`,
        null,
        (await res.text()).slice(0, 400),
      );
    writeFileSync(file, new Uint8Array(await res.arrayBuffer()));
  } catch (e) {
    if (signal?.aborted) throw new ProfileCancelledError();
    if (e instanceof ProfileMissingError) throw e;
    throw new ProfileMissingError(`could not download ${url}: ${(e as Error).message}`, null, '');
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}
