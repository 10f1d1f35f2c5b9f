// `npm test`: installs what is missing, builds, then runs every tier and prints one closing line
// "N passed, N failed" that CI recognises. `--tier unit|integration|vscode|e2e` runs one tier.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const only = args.includes('--tier') ? args[args.indexOf('--tier') + 1] : null;
const skipSetup = args.includes('--no-setup') || process.env.HOTLINE_SKIP_SETUP === '1';
const resultsDir = join(root, 'test-results');
mkdirSync(resultsDir, { recursive: true });

function run(cmd, argv, opts = {}) {
  console.log(`\n$ ${[cmd, ...argv].join(' ')}`);
  const r = spawnSync(cmd, argv, { cwd: root, stdio: 'inherit', ...opts });
  return r.status ?? 1;
}

function testFiles(dir) {
  const out = [];
  const walk = (d) => {
    if (!existsSync(d)) return;
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.test\.(ts|mjs|js)$/.test(name)) out.push(relative(root, p));
    }
  };
  walk(join(root, dir));
  return out;
}

/** Runs node's test runner over a folder; returns {passed, failed} from its TAP summary. */
function nodeTestTier(name, dir, extra = []) {
  const files = testFiles(dir);
  if (files.length === 0) return { passed: 0, failed: 0 };
  const tap = join(resultsDir, `${name}.tap`);
  const status = run(process.execPath, [
    '--import',
    'tsx',
    '--test',
    '--test-concurrency=2',
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=tap',
    `--test-reporter-destination=${tap}`,
    ...extra,
    ...files,
  ]);
  const text = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
  const passed = Number(/^# pass (\d+)/m.exec(text)?.[1] ?? 0);
  let failed = Number(/^# fail (\d+)/m.exec(text)?.[1] ?? 0);
  if (status !== 0 && failed === 0) failed = 1; // the runner itself failed (e.g. a file did not load)
  return { passed, failed };
}

/** Runs a launcher that writes {passed, failed} JSON to the given file. */
function launcherTier(name, script) {
  if (!existsSync(join(root, script))) return { passed: 0, failed: 0 };
  const out = join(resultsDir, `${name}.json`);
  const status = run(process.execPath, [script, '--results', out]);
  let counts = { passed: 0, failed: status === 0 ? 0 : 1 };
  if (existsSync(out)) {
    const r = JSON.parse(readFileSync(out, 'utf8'));
    counts = { passed: r.passed ?? 0, failed: (r.failed ?? 0) + (status !== 0 && !r.failed ? 1 : 0) };
  }
  return counts;
}

if (!skipSetup) {
  if (!existsSync(join(root, 'node_modules/.package-lock.json'))) {
    if (run('npm', ['ci', '--no-audit', '--no-fund']) !== 0) process.exit(1);
  }
  if (existsSync(join(root, 'scripts/setup.sh')) && run('bash', ['scripts/setup.sh', 'test']) !== 0) {
    console.error('hotline: setup failed (see above)');
    process.exit(1);
  }
}
if (run('npm', ['run', '--silent', 'build']) !== 0) process.exit(1);

/** One check per command: a failure counts as one failed check, not a crash of the run. */
const checks = (...commands) =>
  commands
    .map(([cmd, ...args]) => run(cmd, args) === 0)
    .reduce((a, ok) => ({ passed: a.passed + (ok ? 1 : 0), failed: a.failed + (ok ? 0 : 1) }), { passed: 0, failed: 0 });

const tiers = {
  // The types, then eslint and prettier (npm run lint).
  typecheck: () =>
    checks(['npx', 'tsc', '-p', '.', '--noEmit'], ['npx', 'eslint', 'src', 'webview', 'test', 'bench'], ['npm', 'run', '--silent', 'format:check']),
  unit: () => nodeTestTier('unit', 'test/unit'),
  integration: () => nodeTestTier('integration', 'test/integration'),
  vscode: () =>
    [launcherTier('vscode', 'test/vscode/run.mjs'), launcherTier('vscode-untrusted', 'test/vscode/runUntrusted.mjs')].reduce((a, b) => ({
      passed: a.passed + b.passed,
      failed: a.failed + b.failed,
    })),
  e2e: () => launcherTier('e2e', 'test/e2e/run.mjs'),
};

let passed = 0;
let failed = 0;
const summary = [];
for (const [name, fn] of Object.entries(tiers)) {
  if (only && only !== name && !(only === 'all')) continue;
  const t0 = Date.now();
  const r = fn();
  passed += r.passed;
  failed += r.failed;
  summary.push(`${name.padEnd(12)} ${String(r.passed).padStart(4)} passed ${String(r.failed).padStart(3)} failed  ${((Date.now() - t0) / 1000).toFixed(0)}s`);
}
console.log('\n' + summary.join('\n'));
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
