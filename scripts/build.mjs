// Bundles one entry per runtime with esbuild; type-checking is `npm run typecheck` (tsc --noEmit).
import * as esbuild from 'esbuild';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  absWorkingDir: root,
};

function suiteEntries() {
  const dir = join(root, 'test/vscode/suite');
  rmSync(join(root, 'out/test/vscode/suite'), { recursive: true, force: true }); // no stale tests from deleted files
  const tests = existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.test.ts'))
        .sort()
    : [];
  return ['test/vscode/suite/index.ts', ...tests.map((f) => `test/vscode/suite/${f}`)];
}

/** @type {esbuild.BuildOptions[]} */
// ws loads these optional native speed-ups when present and does without them.
const wsOptional = ['bufferutil', 'utf-8-validate'];
const entries = [
  {
    entryPoints: ['src/extension/main.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', ...wsOptional],
  },
  { entryPoints: ['src/server/main.ts'], outfile: 'dist/server.js', platform: 'node', format: 'cjs', target: 'node20' },
  { entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', platform: 'node', format: 'cjs', target: 'node20', external: wsOptional },
  // The child process the extension reads profile files in (src/profilers/profileLoaderChild.ts).
  { entryPoints: ['src/profilers/profileLoaderMain.ts'], outfile: 'dist/profileLoader.js', platform: 'node', format: 'cjs', target: 'node20' },
  { entryPoints: ['webview/main.ts'], outfile: 'dist/webview.js', platform: 'browser', format: 'iife', target: 'es2022' },
  { entryPoints: ['webview/liveTop.ts'], outfile: 'dist/liveTop.js', platform: 'browser', format: 'iife', target: 'es2022' },
  // The extension-host test suite (mocha): index.ts and every *.test.ts beside it, one file each, loaded
  // by code-server's payload (test/vscode/run.mjs) or @vscode/test-electron (test/vscode/runElectron.mjs).
  { entryPoints: suiteEntries(), outdir: 'out/test/vscode/suite', platform: 'node', format: 'cjs', target: 'node20', external: ['vscode', 'mocha'] },
];

mkdirSync(join(root, 'dist/grammars'), { recursive: true });
// The grammars come from the language registry (tsx is a dev dependency, like esbuild).
const { grammarSpecs } = await tsImport('../src/core/languages.ts', import.meta.url);
const wasm = ['web-tree-sitter/web-tree-sitter.wasm', ...grammarSpecs().map((g) => g.wasm)];
for (const w of wasm) cpSync(require.resolve(w), join(root, 'dist/grammars', w.split('/')[1]));
// Helpers that run inside the user's interpreter (e.g. the pstats → JSON dumper) ship as files.
rmSync(join(root, 'dist/helpers'), { recursive: true, force: true }); // no stale helpers from deleted files
cpSync(join(root, 'src/helpers'), join(root, 'dist/helpers'), { recursive: true });
// tinybench beside benchNode.mjs (which imports ./benchTinybench.mjs): it runs in the user's node,
// with no node_modules there. Its ESM build, copied as is under a line naming version and license.
const tinybench = require.resolve('tinybench');
const tinybenchVersion = JSON.parse(readFileSync(join(dirname(tinybench), '..', 'package.json'), 'utf8')).version;
writeFileSync(
  join(root, 'dist/helpers/benchTinybench.mjs'),
  `// tinybench ${tinybenchVersion} — MIT License, Copyright (c) Tinylibs (https://github.com/tinylibs/tinybench). Copied by scripts/build.mjs.\n${readFileSync(tinybench, 'utf8')}`,
);

const present = entries.filter((e) => existsSync(join(root, e.entryPoints[0])));
if (watch) {
  for (const e of present) (await esbuild.context({ ...common, ...e })).watch();
} else {
  await Promise.all(present.map((e) => esbuild.build({ ...common, ...e })));
  console.log(`built ${present.map((e) => e.outfile ?? e.outdir).join(', ')}`);
}
