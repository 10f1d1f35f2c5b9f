/** Where Hotline's built files are: dist/ beside the bundle or (running from source) the build output; its helper scripts in dist/helpers. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { HelperScript } from '../core/helperScripts';

export function helperPath(name: HelperScript): string {
  return distPath(join('helpers', name));
}

/** A file of dist/ (e.g. "profileLoader.js"), from the bundle or from source; throws "rebuild Hotline" when missing. */
export function distPath(relative: string): string {
  const candidates = [
    join(__dirname, relative), // dist/extension.js, dist/cli.js
    join(__dirname, '..', '..', 'dist', relative), // src/profilers/helperPath.ts
  ];
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new Error(`Hotline's ${relative} is missing (looked in ${candidates.join(', ')}); rebuild Hotline (npm run build)`);
  return found;
}
