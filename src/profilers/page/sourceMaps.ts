/**
 * A page's script and its source map, fetched from the page's server the way DevTools finds them
 * (the sourceMappingURL comment, or a SourceMap header), and, when the server does not serve the map,
 * read from the workspace's build output: the bundle file the script's URL names under a workspace
 * folder (or its dist/, build/, out/ or public/ folder), if it holds the same code as served, and the
 * map it names or the `.map` file next to it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { MapOrigin } from '../../core/page/bundleView';

export interface FetchedScript {
  /** The script's text as served. */
  readonly code: string;
  readonly map: object;
  /** The map's URL (the script's own for an inline data: map; file:// for one read from the workspace): its relative sources resolve against it. */
  readonly mapUrl: string;
  readonly origin: MapOrigin;
}

const MAP_COMMENT = /\/\/[#@] sourceMappingURL=(\S+)\s*$/m;
/** Build output folders a served path is also looked up in (Vite's dist/assets/x.js is served as /assets/x.js). */
const BUILD_FOLDERS = ['', 'dist', 'build', 'out', 'public'];

/** The code without a trailing map comment and the white space around it (a server may strip the comment). */
const withoutMapComment = (code: string) => code.replace(/\/\/[#@] sourceMappingURL=\S+\s*$/, '').trimEnd();

/** Parsed JSON of a served map; undefined when it is not served (or not JSON). */
async function fetchedMap(url: string): Promise<object | undefined> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
    return res.ok ? ((await res.json()) as object) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The workspace's copy of a served bundle and its map: under each root, the script URL's path (also
 * inside the usual build output folders); the first file with the served code (the map comment
 * aside), and the map its comment names (`ref`) or `<file>.map`. Undefined when none matches.
 */
export function workspaceMap(scriptUrl: string, code: string, ref: string | undefined, roots: readonly string[]): { map: object; path: string } | undefined {
  const rel = decodeURIComponent(new URL(scriptUrl).pathname).replace(/^\/+/, '');
  const served = withoutMapComment(code);
  for (const root of roots)
    for (const folder of BUILD_FOLDERS) {
      const bundle = join(root, folder, rel);
      if (!existsSync(bundle) || withoutMapComment(readFileSync(bundle, 'utf8')) !== served) continue;
      const path = ref && !/^[a-z][\w+.-]*:/i.test(ref) ? resolve(dirname(bundle), decodeURIComponent(ref.replace(/[?#].*$/, ''))) : `${bundle}.map`;
      if (!existsSync(path)) continue;
      try {
        return { map: JSON.parse(readFileSync(path, 'utf8')) as object, path };
      } catch {
        continue;
      }
    }
  return undefined;
}

/**
 * A script and its source map: inline (data: URL), served next to it, or from the workspace's build
 * output under `roots` when the server does not serve one; null when it has none or the script's fetch fails.
 */
export async function fetchScriptWithMap(scriptUrl: string, roots: readonly string[] = []): Promise<FetchedScript | null> {
  try {
    const res = await fetch(scriptUrl, { signal: AbortSignal.timeout(10_000) });
    const code = await res.text();
    const ref = MAP_COMMENT.exec(code)?.[1] ?? res.headers.get('sourcemap') ?? res.headers.get('x-sourcemap') ?? undefined;
    if (ref?.startsWith('data:')) {
      const map = JSON.parse(Buffer.from(ref.slice(ref.indexOf(',') + 1), ref.includes(';base64,') ? 'base64' : 'utf8').toString('utf8')) as object;
      return { code, map, mapUrl: scriptUrl, origin: { from: 'inline', location: scriptUrl } };
    }
    if (ref) {
      const url = new URL(ref, scriptUrl).href;
      const map = await fetchedMap(url);
      if (map) return { code, map, mapUrl: url, origin: { from: 'served', location: url } };
    }
    const local = workspaceMap(scriptUrl, code, ref, roots);
    return local ? { code, map: local.map, mapUrl: pathToFileURL(local.path).href, origin: { from: 'workspace', location: local.path } } : null;
  } catch {
    return null;
  }
}
