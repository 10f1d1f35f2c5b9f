/** Where Hotline's helper scripts are: dist/helpers, beside the bundle or (running from source) in the build output. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { HelperScript } from '../core/helperScripts';

export function helperPath(name: HelperScript): string {
  const candidates = [
    join(__dirname, 'helpers', name), // dist/extension.js, dist/cli.js
    join(__dirname, '..', '..', 'dist', 'helpers', name), // src/profilers/helperPath.ts
  ];
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new Error(`Hotline's helper ${name} is missing (looked in ${candidates.join(', ')}); rebuild Hotline (npm run build)`);
  return found;
}
