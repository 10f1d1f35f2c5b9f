// Waiting in extension-host tests (decorations, panels and processes change asynchronously).

/**
 * Polls `get` every 100 ms until it gives a value (anything but undefined or null) that `ok` (if given)
 * accepts, and returns it; else fails after `ms` naming `what` and the last value.
 */
export function until<T>(what: string, get: () => T | undefined | Promise<T | undefined>, ms?: number): Promise<NonNullable<T>>;
export function until<T>(what: string, get: () => T | Promise<T>, ok: (v: NonNullable<T>) => boolean, ms?: number): Promise<NonNullable<T>>;
export async function until<T>(
  what: string,
  get: () => T | Promise<T>,
  okOrMs?: ((v: NonNullable<T>) => boolean) | number,
  ms = typeof okOrMs === 'number' ? okOrMs : 30_000,
): Promise<NonNullable<T>> {
  const ok = typeof okOrMs === 'function' ? okOrMs : () => true;
  const end = Date.now() + ms;
  for (;;) {
    const v = await get();
    if (v !== undefined && v !== null && ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(v)?.slice(0, 400)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
