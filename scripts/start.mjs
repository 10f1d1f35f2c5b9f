// `npm start`: VS Code in the browser on the examples/ workspace with Hotline installed from its .vsix.
// On a fresh clone it first installs what is missing (npm ci, scripts/setup.sh), then builds and
// packages, installs the .vsix into code-server's extensions dir, prints the URL and serves until Ctrl-C.
//   node scripts/start.mjs [--port 8765] [--no-setup] [--verbose]
//   node scripts/start.mjs --check   also opens the workbench in headless Chromium, checks that Hotline is
//                                    installed and listed in the palette (screenshots test-results/e2e/start-*.png), and exits
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values: opts } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.PORT ?? '8765' },
    'no-setup': { type: 'boolean', default: process.env.HOTLINE_SKIP_SETUP === '1' },
    check: { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
  },
});

function run(cmd, argv, what) {
  console.log(`\n$ ${[cmd, ...argv].join(' ')}`);
  const r = spawnSync(cmd, argv, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`hotline start: ${what} failed (exit ${r.status ?? r.signal}); see above`);
    process.exit(1);
  }
}

// 1. What a fresh clone lacks.
if (!existsSync(join(root, 'node_modules/.package-lock.json'))) run('npm', ['ci', '--no-audit', '--no-fund'], 'npm ci');
if (!opts['no-setup']) run('bash', [join(root, 'scripts/setup.sh')], 'machine setup (scripts/setup.sh)');

// 2. Build and package (production), as a user would get it.
const manifest = JSON.parse((await import('node:fs')).readFileSync(join(root, 'package.json'), 'utf8'));
const vsix = join(root, `${manifest.name}-${manifest.version}.vsix`);
run(process.execPath, [join(root, 'scripts/package.mjs'), '--out', vsix], 'packaging');

// 3. Install it into a persistent code-server profile outside the repo and serve examples/.
const { CODE_SERVER_VERSION, installExtension, isStopping, startCodeServer, stopAll, launchChromium } = await import('../test/vscode/codeServer.mjs');
const home = join(process.env.HOTLINE_CACHE ?? join(homedir(), '.cache/hotline'), 'start');
const userDataDir = join(home, 'data');
const extensionsDir = join(home, 'extensions');
mkdirSync(extensionsDir, { recursive: true });
const installed = installExtension(vsix, extensionsDir, userDataDir);
console.log(
  installed
    .split('\n')
    .filter((l) => /install/i.test(l))
    .join('\n'),
);

const free = (port) =>
  new Promise((res) => {
    const s = createServer()
      .once('error', () => res(false))
      .listen(port, '127.0.0.1', () => s.close(() => res(true)));
  });
const wanted = Number(opts.port);
const port = (await free(wanted)) ? wanted : 0;
if (port === 0) console.log(`port ${wanted} is busy; letting the system pick one`);
const workspace = join(root, 'examples');
const server = await startCodeServer({
  workspace,
  userDataDir,
  extensionsDir,
  port,
  keepUserSettings: true,
  log: (l) => {
    if (opts.verbose) console.log(`[code-server] ${l}`);
  },
});
const url = server.url({ folder: workspace });
console.log(`\nHotline ${manifest.version} is installed in code-server ${CODE_SERVER_VERSION} (VS Code 1.100.3). Open:\n\n  ${url}\n\nCtrl-C stops it.`);

if (opts.check) {
  let code = 0;
  try {
    await check();
    console.log('start check: passed');
  } catch (err) {
    console.error(`start check: failed: ${err instanceof Error ? err.message : err}`);
    code = 1;
  } finally {
    await stopAll();
  }
  process.exit(code);
}
// Serve until Ctrl-C (codeServer.mjs stops the server on SIGINT/SIGTERM); leave if the server dies.
const exited = await server.exit;
if (isStopping()) await new Promise(() => {}); // Ctrl-C: the signal handler finishes and exits
console.error(`code-server exited by itself (${exited.code ?? exited.signal}); rerun with --verbose to see its log`);
await stopAll();
process.exit(1);

/** What a person checks first: Hotline is an installed extension and its command is in the palette. */
async function check() {
  const { tsImport } = await import('tsx/esm/api');
  const { Workbench } = await tsImport(pathToFileURL(join(root, 'test/e2e/workbench.ts')).href, import.meta.url);
  const browser = await launchChromium();
  const wb = await Workbench.open(browser, { server, workspace }, 'start');
  await wb.runCommand('View: Show Extensions');
  const item = wb.page.locator('.extensions-viewlet .extension-list-item', { hasText: 'Hotline' }).first();
  await item.waitFor({ timeout: 30_000 });
  console.log(`Extensions view lists: ${(await item.innerText()).split('\n').slice(0, 3).join(' · ')}`);
  console.log(`screenshot: ${await wb.screenshot('extensions')}`);
  await wb.openPalette('Hotline');
  const labels = await wb.allQuickInputLabels();
  if (!labels.includes('Hotline: Profile Current File') || !(await wb.revealQuickInputRow('Hotline: Profile Current File'))) {
    throw new Error(`the palette does not list "Hotline: Profile Current File": ${labels.join(' | ')}`);
  }
  console.log(`screenshot: ${await wb.screenshot('palette')}`);
  await wb.close();
}
