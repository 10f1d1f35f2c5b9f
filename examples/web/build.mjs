// Bundles src/main.ts (and all of lodash) into dist/main.js with an external source map.
// esbuild comes from the Hotline repository's own devDependencies (resolved from the parent folders).
import { fileURLToPath } from 'node:url';
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));

/**
 * Builds into `outdir` (default dist/); resolves with the folder and esbuild's metafile (which input
 * file contributed how many bytes to each output; paths relative to this folder), also written to
 * `outdir`/meta.json: Hotline's bundle-composition tests take it as their oracle.
 */
export async function build({ outdir = join(here, 'dist') } = {}) {
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    entryPoints: [join(here, 'src/main.ts')],
    outfile: join(outdir, 'main.js'),
    bundle: true,
    minify: true,
    sourcemap: true,
    format: 'iife',
    target: 'es2020',
    logLevel: 'warning',
    metafile: true,
    absWorkingDir: here,
  });
  await writeFile(join(outdir, 'meta.json'), JSON.stringify(result.metafile, null, 1));
  return { outdir, metafile: result.metafile };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await build();
