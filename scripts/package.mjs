// `npm run package`: production build, then @vscode/vsce packages hotline-<version>.vsix (bundled, so
// --no-dependencies; .vscodeignore keeps only what runs). Prints the file's size and what it holds.
//   node scripts/package.mjs [--out path.vsix] [--no-build]
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const { values: opts } = parseArgs({ options: { out: { type: 'string' }, 'no-build': { type: 'boolean', default: false } } });
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const out = resolve(opts.out ?? join(root, `${manifest.name}-${manifest.version}.vsix`));

function run(cmd, argv) {
  const r = spawnSync(cmd, argv, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`hotline package: failed: ${[cmd, ...argv].map((a) => relative(root, a) || a).join(' ')}`);
    process.exit(r.status ?? 1);
  }
}

if (!opts['no-build']) run(process.execPath, [join(root, 'scripts/build.mjs'), '--production']);
const main = manifest.main && join(root, manifest.main);
if (main && !existsSync(main)) {
  console.error(`hotline package: ${relative(root, main)} (package.json "main") was not built; is src/extension/main.ts there?`);
  process.exit(1);
}
const vsce = join(dirname(require.resolve('@vscode/vsce/package.json')), 'vsce');
// --allow-missing-repository / --skip-license: vsce would otherwise stop and ask on a terminal.
// The README's links are relative to the repository (docs/rules ships inside the .vsix); no repository URL to prefix.
run(process.execPath, [
  vsce,
  'package',
  '--no-dependencies',
  '--allow-missing-repository',
  '--no-rewrite-relative-links',
  ...(existsSync(join(root, 'LICENSE')) ? [] : ['--skip-license']),
  '--out',
  out,
]);
const listed = spawnSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: root, encoding: 'utf8' });
const files = listed.status === 0 ? listed.stdout.trim().split('\n').filter(Boolean) : [];
const bytes = statSync(out).size;
const shown = out.startsWith(`${root}/`) ? relative(root, out) : out;
console.log(`${shown}: ${(bytes / 1024).toFixed(0)} KiB (${bytes} bytes), ${files.length} files`);
