// Shared by the unit tests that run the real `hotline` CLI (bin/hotline.js): the runner, and a
// before() hook that bundles the CLI the way scripts/build.mjs does when dist/cli.js is missing
// (npm test builds first; a test file run alone may not have).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const root = join(__dirname, '../..');

export const hotline = (...args: string[]) => spawnSync(process.execPath, [join(root, 'bin/hotline.js'), ...args], { encoding: 'utf8', timeout: 60_000 });

export function ensureCliBuilt(): void {
  if (existsSync(join(root, 'dist/cli.js'))) return;
  execFileSync(
    process.execPath,
    [
      '-e',
      `require('esbuild').buildSync({entryPoints:['src/cli/main.ts'],outfile:'dist/cli.js',bundle:true,platform:'node',format:'cjs',target:'node20',sourcemap:'linked',absWorkingDir:${JSON.stringify(root)}})`,
    ],
    { cwd: root },
  );
}
