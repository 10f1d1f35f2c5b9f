/** A page's script and its source map, fetched from the page's server the way DevTools finds them. */

export interface FetchedScript {
  /** The script's text as served. */
  readonly code: string;
  readonly map: object;
  /** The map's URL (the script's own for an inline data: map): its relative sources resolve against it. */
  readonly mapUrl: string;
}

/** A script and its source map (inline data: URL, or fetched next to it); null when it has none or a fetch fails. */
export async function fetchScriptWithMap(scriptUrl: string): Promise<FetchedScript | null> {
  try {
    const code = await (await fetch(scriptUrl, { signal: AbortSignal.timeout(10_000) })).text();
    const ref = /\/\/[#@] sourceMappingURL=(\S+)\s*$/m.exec(code)?.[1];
    if (!ref) return null;
    const url = new URL(ref, scriptUrl).href;
    const map = url.startsWith('data:')
      ? JSON.parse(Buffer.from(url.slice(url.indexOf(',') + 1), url.includes(';base64,') ? 'base64' : 'utf8').toString('utf8'))
      : await (await fetch(url, { signal: AbortSignal.timeout(10_000) })).json();
    return { code, map: map as object, mapUrl: url.startsWith('data:') ? scriptUrl : url };
  } catch {
    return null;
  }
}
