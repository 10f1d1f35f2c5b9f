#!/usr/bin/env node
// End-to-end scenarios: a real VS Code (code-server) in headless Chromium, driven like a person would.
//   node test/e2e/run.mjs [--results out.json] [--grep name] [--dev | --vsix file.vsix] [--timeout seconds]
// By default Hotline is packaged (scripts/package.mjs) and the .vsix installed, as a user installs it;
// --dev runs the repo as the development extension instead (faster while iterating).
// Each test/e2e/scenarios/*.e2e.ts default-exports `async (wb: Workbench) => void` (and may export
// `title`); it gets a fresh workbench page on one shared server. Screenshots: test-results/e2e/.
// An X display (Xvfb, test/xvfb.mjs) runs for the whole run and code-server gets its DISPLAY, so the
// Chromium that Record Page Interaction opens is headed, as on a desktop; scenarios read it as HOTLINE_E2E_DISPLAY.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { tsImport } from 'tsx/esm/api';
import { repoRoot, stopAll, tempDir } from '../vscode/codeServer.mjs';
import { startXvfb } from '../xvfb.mjs';

process.setSourceMapsEnabled(true); // stack traces of scenarios point at .ts lines

const { values: opts } = parseArgs({
  options: {
    results: { type: 'string' },
    grep: { type: 'string' },
    dev: { type: 'boolean', default: process.env.HOTLINE_E2E_DEV === '1' },
    vsix: { type: 'string' },
    timeout: { type: 'string', default: '180' },
    verbose: { type: 'boolean', default: process.env.HOTLINE_VERBOSE === '1' },
  },
});
const scenarioDir = join(repoRoot, 'test/e2e/scenarios');
const scenarioTimeoutMs = Number(opts.timeout) * 1000;

function writeSummary(summary) {
  if (!opts.results) return;
  mkdirSync(dirname(resolve(opts.results)), { recursive: true });
  writeFileSync(resolve(opts.results), JSON.stringify(summary, null, 2));
}

/**
 * Copies the extension's "Hotline" log out of code-server's data dir into test-results/e2e/ and
 * returns its warnings and errors (a webview the watchdog had to reload shows up here).
 */
function keepHotlineLog(userDataDir) {
  const found = [];
  const walk = (dir) => {
    for (const e of existsSync(dir) ? readdirSync(dir, { withFileTypes: true }) : []) {
      if (e.isDirectory()) walk(join(dir, e.name));
      else if (/Hotline\.log$/.test(e.name)) found.push(join(dir, e.name));
    }
  };
  walk(join(userDataDir, 'logs'));
  const out = join(repoRoot, 'test-results/e2e');
  mkdirSync(out, { recursive: true });
  const notable = [];
  found.forEach((f, i) => {
    copyFileSync(f, join(out, `hotline-extension${i ? `-${i}` : ''}.log`));
    notable.push(
      ...readFileSync(f, 'utf8')
        .split('\n')
        .filter((l) => /\[(warning|error)\]/.test(l)),
    );
  });
  return notable;
}

/** The first stack frames, with tsx's data: URLs (whole compiled files) shortened to the source path. */
function readableStack(err) {
  return (err.stack ?? '')
    .split('\n')
    .slice(1, 6)
    .map((l) => l.replace(/data:text\/javascript,[^?\s]*\?filePath=([^:)\s]+)/g, (_, p) => decodeURIComponent(p)))
    .map((l) => (l.length > 300 ? `${l.slice(0, 300)}…` : l))
    .join('\n');
}

function withTimeout(promise, ms, what) {
  let t;
  return Promise.race([
    promise,
    new Promise((_, rej) => {
      t = setTimeout(() => rej(new Error(`${what} timed out after ${ms / 1000} s`)), ms);
    }),
  ]).finally(() => clearTimeout(t));
}

async function main() {
  const files = (existsSync(scenarioDir) ? readdirSync(scenarioDir) : []).filter((f) => f.endsWith('.e2e.ts') && (!opts.grep || f.includes(opts.grep))).sort();
  if (files.length === 0) throw new Error(`no scenarios in ${scenarioDir}${opts.grep ? ` matching ${opts.grep}` : ''}`);

  let vsix = opts.vsix && resolve(opts.vsix);
  if (!vsix && !opts.dev) {
    vsix = join(tempDir('e2e-vsix'), 'hotline-e2e.vsix');
    const r = spawnSync(process.execPath, [join(repoRoot, 'scripts/package.mjs'), '--out', vsix], { cwd: repoRoot, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('packaging the extension failed (see above); --dev runs the scenarios without a .vsix');
  }
  const wbModule = await tsImport(pathToFileURL(join(repoRoot, 'test/e2e/workbench.ts')).href, import.meta.url);
  const { startServer, Workbench, launchChromium } = wbModule;
  const t0 = Date.now();
  xvfb = await startXvfb();
  process.env.HOTLINE_E2E_DISPLAY = xvfb.display;
  const server = await startServer({
    vsix,
    env: { DISPLAY: xvfb.display },
    log: (l) => {
      if (opts.verbose) console.log(`[code-server] ${l}`);
    },
  });
  if (server.installLog)
    console.log(
      server.installLog
        .split('\n')
        .filter((l) => /install/i.test(l))
        .join('\n'),
    );
  console.log(
    `code-server on ${server.server.base} with Hotline ${vsix ? `from ${vsix}` : 'as the development extension'} (${((Date.now() - t0) / 1000).toFixed(1)}s)`,
  );
  const browser = await launchChromium();

  const tests = [];
  for (const file of files) {
    const name = file.replace(/\.e2e\.ts$/, '');
    const started = Date.now();
    let wb;
    let state = 'passed';
    let error;
    let title = name;
    try {
      const mod = await tsImport(pathToFileURL(join(scenarioDir, file)).href, import.meta.url);
      // A .ts file of this CommonJS package comes back as { default: module.exports } from tsImport.
      const scenario = typeof mod.default === 'function' ? mod.default : mod.default?.default;
      title = mod.title ?? mod.default?.title ?? name;
      if (typeof scenario !== 'function') throw new Error(`${file} must default-export an async function (wb: Workbench) => void`);
      await withTimeout(
        (async () => {
          wb = await Workbench.open(browser, server, name);
          await scenario(wb);
        })(),
        scenarioTimeoutMs,
        `scenario ${name}`,
      );
    } catch (err) {
      state = 'failed';
      error = err instanceof Error ? `${err.message}\n${readableStack(err)}` : String(err);
      if (wb)
        await wb
          .screenshot('failure')
          .then((p) => {
            error += `\nscreenshot: ${p}`;
          })
          .catch(() => {});
    } finally {
      if (wb?.pageErrors.length && opts.verbose) console.log(wb.pageErrors.join('\n'));
      await wb?.close();
    }
    const durationMs = Date.now() - started;
    tests.push({ title, file, state, durationMs, ...(error ? { error } : {}) });
    console.log(`  ${state === 'passed' ? '✔' : '✖'} ${title} (${file}, ${(durationMs / 1000).toFixed(1)} s)`);
    if (error)
      console.log(
        error
          .split('\n')
          .map((l) => `      ${l}`)
          .join('\n'),
      );
  }
  const notable = keepHotlineLog(server.server.userDataDir);
  if (notable.length)
    console.log(`the Hotline log's warnings and errors (test-results/e2e/hotline-extension.log):\n${notable.map((l) => `  ${l.slice(0, 300)}`).join('\n')}`);
  const passed = tests.filter((t) => t.state === 'passed').length;
  const failed = tests.length - passed;
  writeSummary({ passed, failed, tests, mode: vsix ? 'vsix' : 'dev' });
  console.log(`e2e: ${passed} passed, ${failed} failed; screenshots in test-results/e2e/; ${((Date.now() - t0) / 1000).toFixed(1)}s`);
  return failed > 0 ? 1 : 0;
}

let code = 1;
/** @type {{ display: string; stop(): Promise<void> } | undefined} */
let xvfb;
try {
  code = await main();
} catch (err) {
  const message = err instanceof Error ? err.message : String(err);
  console.error(`hotline e2e: ${message}`);
  writeSummary({ passed: 0, failed: 1, tests: [], error: message });
} finally {
  await stopAll();
  await xvfb?.stop();
}
process.exit(code);
