/**
 * The bundles a page loads and what is in them: every script request of the Lighthouse run, fetched
 * with its source map from the page's server (as DevTools does) or, when the server does not serve the
 * map, from the workspace's build output (sourceMaps.ts), its composition per source file and npm
 * package (core/page/bundle.ts), and the import size notes for the page's own sources found in the
 * workspace (the map's sources looked up under the given folders).
 */
import { readFileSync } from 'node:fs';
import { bundleComposition, packageOfSource, UNMAPPED } from '../../core/page/bundle';
import type { PageBundle, PageBundles, WorkspaceSource } from '../../core/page/bundleView';
import { importSizeNotes, type BundleSourceFile } from '../../core/page/importNotes';
import type { Waterfall } from '../../core/page/waterfall';
import { sourceFileResolver } from './pageCpuProfile';
import { fetchScriptWithMap } from './sourceMaps';

/** The page's script URLs (http(s) requests Lighthouse typed Script), each once, in load order. */
export function scriptUrls(waterfall: Pick<Waterfall, 'requests'>): string[] {
  return [...new Set(waterfall.requests.filter((r) => r.resourceType === 'Script' && /^https?:/.test(r.url)).map((r) => r.url))];
}

/** Fetches the page's bundles and maps (its server must still be up; maps it does not serve are looked for under `roots`) and reads their own sources under `roots`. */
export async function pageBundles(waterfall: Pick<Waterfall, 'requests'>, roots: readonly string[]): Promise<PageBundles> {
  const bundles: PageBundle[] = [];
  const withoutMap: string[] = [];
  const files: BundleSourceFile[] = [];
  for (const url of scriptUrls(waterfall)) {
    const fetched = await fetchScriptWithMap(url, roots);
    if (!fetched) {
      withoutMap.push(url);
      continue;
    }
    const composition = bundleComposition(url, fetched.code, fetched.map, fetched.mapUrl);
    bundles.push({ ...composition, map: fetched.origin });
    const resolve = sourceFileResolver(fetched.mapUrl, roots);
    for (const f of composition.files) {
      if (f.name === UNMAPPED || packageOfSource(f.name) !== undefined) continue;
      const path = resolve(f.name);
      if (path) files.push({ source: f.name, path, text: readFileSync(path, 'utf8') });
    }
  }
  bundles.sort((a, b) => b.bytes - a.bytes);
  const workspaceSources: WorkspaceSource[] = files.map((f) => ({ source: f.source, path: f.path }));
  return { bundles, withoutMap, importNotes: importSizeNotes(bundles, files), workspaceSources };
}
