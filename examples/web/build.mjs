// Bundles src/main.ts (and all of lodash) into dist/main.js with an external source map.
// esbuild comes from the Hotline repository's own devDependencies (resolved from the parent folders).
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));

export async function build() {
  const esbuild = await import('esbuild');
  await esbuild.build({
    entryPoints: [join(here, 'src/main.ts')],
    outfile: join(here, 'dist/main.js'),
    bundle: true,
    minify: true,
    sourcemap: true,
    format: 'iife',
    target: 'es2020',
    logLevel: 'warning',
  });
  return join(here, 'dist');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await build();
