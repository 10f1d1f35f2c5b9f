// Runs a real VS Code (code-server 4.100.3 = VS Code 1.100.3, installed by scripts/setup.d/10-vscode.sh)
// and Debian's Chromium for the extension-host tests, the e2e scenarios and `npm start`.
// Every process started here is tracked and killed by stopAll(), also on Ctrl-C and on exit.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const CODE_SERVER_VERSION = '4.100.3';
const cacheDir = process.env.HOTLINE_CACHE ?? join(homedir(), '.cache/hotline');
const chromiumPath = process.env.HOTLINE_CHROMIUM ?? '/usr/bin/chromium';

/** Path of code-server's entry script; throws with the command that installs it. */
export function codeServerEntry() {
  const entry = join(cacheDir, 'code-server/node_modules/code-server/out/node/entry.js');
  if (!existsSync(join(cacheDir, `code-server/.installed-${CODE_SERVER_VERSION}`)) || !existsSync(entry)) {
    throw new Error(`code-server ${CODE_SERVER_VERSION} is not installed in ${dirname(entry)}; run: bash scripts/setup.sh`);
  }
  return entry;
}

/** Settings that keep a test run quiet: no welcome page, no tips, no update or gallery noise. */
export const quietSettings = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'security.workspace.trust.startupPrompt': 'never',
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'chat.commandCenter.enabled': false,
  'chat.disableAIFeatures': true,
  'window.commandCenter': false,
  'window.restoreWindows': 'none',
  'files.hotExit': 'off',
  'typescript.disableAutomaticTypeAcquisition': true,
};

// Shared through globalThis: under tsx a TypeScript importer can get its own copy of this module,
// and stopAll() must still see every server and browser. Entries: { stop(): Promise<void>, killNow(): void }.
const registry = (globalThis[Symbol.for('hotline.codeServer')] ??= { live: new Set(), temps: new Set(), hooked: false });
const live = registry.live;
function hookExit() {
  if (registry.hooked) return;
  registry.hooked = true;
  // Last resort: whatever exits this process, no server is left behind.
  process.on('exit', () => {
    for (const p of live) p.killNow();
    if (process.env.HOTLINE_KEEP_TEMP !== '1') for (const d of registry.temps) rmSync(d, { recursive: true, force: true });
  });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(sig, () => {
      registry.stopping = true;
      void stopAll().finally(() => process.exit(sig === 'SIGINT' ? 130 : 143));
    });
  }
}
function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    /* already gone */
  }
}

/** True once Ctrl-C (or SIGTERM/SIGHUP) asked this process to stop everything it started. */
export const isStopping = () => registry.stopping === true;

/** A fresh temp folder (removed by stopAll unless HOTLINE_KEEP_TEMP=1). */
const temps = registry.temps;
export function tempDir(prefix) {
  const d = mkdtempSync(join(tmpdir(), `hotline-${prefix}-`));
  temps.add(d);
  return d;
}

/** Copies a folder (examples/) to a temp workspace, skipping build output and dependencies. */
export function copyWorkspace(src, prefix = 'ws') {
  const dest = join(tempDir(prefix), 'workspace');
  const skip = new Set(['node_modules', 'target', '.git', '__pycache__']);
  if (existsSync(src)) cpSync(src, dest, { recursive: true, filter: (p) => !skip.has(p.split('/').pop()) });
  else mkdirSync(dest, { recursive: true });
  return dest;
}

/** Installs a .vsix into an extensions dir with code-server's own CLI. */
export function installExtension(vsix, extensionsDir, userDataDir) {
  const r = spawnSync(
    process.execPath,
    [codeServerEntry(), '--install-extension', vsix, '--force', '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir],
    { encoding: 'utf8', timeout: 120_000 },
  );
  const out = `${r.stdout}${r.stderr}`;
  if (r.status !== 0 || !/successfully installed/i.test(out)) {
    throw new Error(`installing ${vsix} failed (exit ${r.status}):\n${out.trim()}`);
  }
  return out.trim();
}

/**
 * Starts code-server on a free loopback port (the kernel picks it) with its own user-data and
 * extensions dirs. Resolves once it listens. `log(line)` receives every output line.
 */
export async function startCodeServer({
  workspace,
  userDataDir = tempDir('data'),
  extensionsDir = join(userDataDir, 'extensions'),
  settings = {},
  env = {},
  port = 0,
  log = () => {},
  disableTrust = true,
  timeoutMs = 60_000,
  keepUserSettings = false,
} = {}) {
  hookExit();
  const entry = codeServerEntry();
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  const settingsFile = join(userDataDir, 'User/settings.json');
  // A persistent user-data dir (npm start) keeps what its user changed; test runs always start clean.
  if (!keepUserSettings || !existsSync(settingsFile)) writeFileSync(settingsFile, JSON.stringify({ ...quietSettings, ...settings }, null, 2));
  const config = join(userDataDir, 'code-server.yaml'); // keeps ~/.config/code-server untouched
  writeFileSync(config, 'auth: none\n');
  const argv = [
    entry,
    '--config',
    config,
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--user-data-dir',
    userDataDir,
    '--extensions-dir',
    extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    ...(disableTrust ? ['--disable-workspace-trust'] : []),
    '--ignore-last-opened',
  ];
  if (workspace) argv.push(workspace);
  const child = spawn(process.execPath, argv, {
    detached: true, // its own process group: the extension host, pty host and watchers die with it
    stdio: ['ignore', 'pipe', 'pipe'],
    // EXTENSIONS_GALLERY={}: no gallery, so no look-ups of hosts this offline machine cannot reach.
    env: { EXTENSIONS_GALLERY: '{}', ...process.env, ...env },
  });
  const lines = [];
  const waiters = [];
  const onText = (chunk) => {
    for (const line of chunk.toString().split('\n')) {
      if (!line.trim()) continue;
      lines.push(line);
      log(line);
      for (const w of [...waiters])
        if (w.re.test(line)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(line);
        }
    }
  };
  child.stdout.on('data', onText);
  child.stderr.on('data', onText);
  let exited = null;
  const exit = new Promise((res) =>
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      res(exited);
    }),
  );

  /** Resolves with the first line (already printed or future) matching re. */
  const waitForLine = (re, ms, what = String(re)) => {
    const seen = lines.find((l) => re.test(l));
    if (seen) return Promise.resolve(seen);
    return new Promise((res, rej) => {
      const w = {
        re,
        resolve: (l) => {
          clearTimeout(t);
          res(l);
        },
      };
      const t = setTimeout(() => {
        waiters.splice(waiters.indexOf(w), 1);
        rej(new Error(`timed out after ${ms} ms waiting for ${what}`));
      }, ms);
      waiters.push(w);
      void exit.then((e) => {
        if (waiters.includes(w)) {
          clearTimeout(t);
          rej(new Error(`code-server exited (${e.code ?? e.signal}) while waiting for ${what}:\n${lines.slice(-20).join('\n')}`));
        }
      });
    });
  };
  const handle = {
    killNow: () => killGroup(child.pid, 'SIGKILL'),
    async stop() {
      live.delete(handle);
      if (!exited) {
        killGroup(child.pid, 'SIGTERM');
        const t = setTimeout(() => killGroup(child.pid, 'SIGKILL'), 3000);
        await exit;
        clearTimeout(t);
      }
      killGroup(child.pid, 'SIGKILL'); // anything of the group that outlived the server
    },
  };
  live.add(handle);
  const listening = await waitForLine(/HTTP server listening on/, timeoutMs, 'code-server to listen');
  const actualPort = Number(/:(\d+)\/?\s*$/.exec(listening)?.[1]);
  if (!actualPort) throw new Error(`cannot read the port from: ${listening}`);
  const base = `http://127.0.0.1:${actualPort}`;
  return {
    port: actualPort,
    base,
    userDataDir,
    extensionsDir,
    lines,
    waitForLine,
    exit,
    get exited() {
      return exited;
    },
    /** Workbench URL for a folder, optionally with the extension development/test payload. */
    url({ folder = workspace, extensionDevelopmentPath, extensionTestsPath } = {}) {
      const params = new URLSearchParams();
      if (folder) params.set('folder', folder);
      const payload = [];
      const remote = (p) => `vscode-remote://127.0.0.1:${actualPort}${resolve(p)}`;
      if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(extensionDevelopmentPath)]);
      if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
      if (payload.length) params.set('payload', JSON.stringify(payload));
      return `${base}/?${params.toString().replace(/%2F/g, '/')}`; // readable paths; '/' is legal in a query
    },
    stop: handle.stop,
  };
}

/** Launches Debian's Chromium headless through playwright-core (no browser download). */

/** Chromium flags for tests on this machine: no sandbox (root in a container), no GPU, no network chatter of its own. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export async function launchChromium({ headless = true } = {}) {
  hookExit();
  if (!existsSync(chromiumPath)) throw new Error(`Chromium not found at ${chromiumPath}; run: bash scripts/setup.sh`);
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless,
    args: CHROMIUM_ARGS,
  });
  // Playwright starts Chromium in its own process group and kills that group itself if we exit abruptly.
  const handle = {
    killNow: () => {},
    async stop() {
      live.delete(handle);
      await browser.close().catch(() => {});
    },
  };
  live.add(handle);
  browser.on('disconnected', () => live.delete(handle));
  return browser;
}

/** Stops every server and browser started by this process and removes temp folders. */
export async function stopAll() {
  // Browsers first (they hold connections to the servers), then servers.
  const all = [...live].reverse();
  for (const p of all) await p.stop().catch(() => p.killNow());
  if (process.env.HOTLINE_KEEP_TEMP !== '1') for (const d of temps) rmSync(d, { recursive: true, force: true });
  temps.clear();
}
