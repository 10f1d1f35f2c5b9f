// `npm run bench`: runs every bench/*.bench.ts (or .mjs) in turn; each prints its own figures
// against its targets and exits non-zero when a target is missed. `npm run bench -- NAME` runs one.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const filter = process.argv[2];
const files = readdirSync(join(root, 'bench'))
  .filter((f) => /\.bench\.(ts|mjs)$/.test(f) && (!filter || f.includes(filter)))
  .sort();
if (!process.env.HOTLINE_SKIP_SETUP) spawnSync('bash', ['scripts/setup.sh', 'bench'], { cwd: root, stdio: 'inherit' });
spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
let failed = 0;
for (const f of files) {
  console.log(`\n=== bench/${f}`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', join('bench', f)], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
console.log(`\n${files.length - failed} of ${files.length} benchmarks met their targets`);
process.exit(failed ? 1 : 0);
