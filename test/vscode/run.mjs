#!/usr/bin/env node
// Extension-host tests in a real VS Code (code-server 4.100.3 + headless Chromium), offline.
//   node test/vscode/run.mjs [--results out.json] [--grep text] [--timeout seconds]
//                            [--extension dir] [--tests out/test/vscode/suite/index.js] [--workspace dir]
//                            [--untrusted]
// Opens the workbench with the development payload (extensionDevelopmentPath = the repo,
// extensionTestsPath = the built mocha suite), waits for the extension host to finish, prints each
// test and the vscode.version it saw, writes {passed, failed, tests, vscodeVersion} to --results and
// exits non-zero on any failure or timeout. Every process it starts is killed before it exits.
// Default: workspace trust disabled (everything trusted) and every suite file except *.untrusted.test.ts.
// --untrusted: workspace trust enabled, the workspace never trusted (a fresh user-data dir trusts no
// folder, and the startup prompt is off), and only the *.untrusted.test.ts files run: Restricted Mode.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { copyWorkspace, launchChromium, repoRoot, startCodeServer, stopAll, tempDir } from './codeServer.mjs';

const { values: opts } = parseArgs({
  options: {
    results: { type: 'string' },
    grep: { type: 'string' },
    timeout: { type: 'string', default: '600' }, // a safety net; mocha times out each test at 30 s
    extension: { type: 'string', default: repoRoot },
    tests: { type: 'string', default: join(repoRoot, 'out/test/vscode/suite/index.js') },
    workspace: { type: 'string' },
    verbose: { type: 'boolean', default: process.env.HOTLINE_VERBOSE === '1' },
    untrusted: { type: 'boolean', default: false },
  },
});
const timeoutMs = Number(opts.timeout) * 1000;
const extensionPath = resolve(opts.extension);
const testsPath = resolve(opts.tests);
const mode = opts.untrusted ? 'untrusted' : 'trusted';
// Trust on, nothing trusted, no modal asking: the workspace opens in Restricted Mode. 'open' keeps
// files from outside the workspace (the repo's profile fixtures) from raising a trust dialog.
const untrustedSettings = {
  'security.workspace.trust.enabled': true,
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.untrustedFiles': 'open',
  'security.workspace.trust.emptyWindow': false,
  // Port auto-detection polls with `sh -c ps …` from the extension host; the Restricted Mode suite
  // watches for processes, so VS Code's own polling is switched off (code-server's tunnel provider
  // keeps it on unless the source is 'output').
  'remote.autoForwardPorts': false,
  'remote.autoForwardPortsSource': 'output',
};

function writeSummary(summary) {
  if (!opts.results) return;
  mkdirSync(dirname(resolve(opts.results)), { recursive: true });
  writeFileSync(resolve(opts.results), JSON.stringify(summary, null, 2));
}

function fail(message, extra = {}) {
  console.error(`hotline vscode tests: ${message}`);
  writeSummary({ passed: 0, failed: 1, tests: [], error: message, ...extra });
  return 1;
}

async function main() {
  if (!existsSync(testsPath)) return fail(`the suite is not built (${testsPath} missing); run: npm run build`);
  const main = JSON.parse(readFileSync(join(extensionPath, 'package.json'), 'utf8')).main;
  if (main && !existsSync(join(extensionPath, main))) {
    console.warn(`hotline vscode tests: warning: ${join(extensionPath, main)} is missing (run npm run build); the extension cannot activate`);
  }
  const t0 = Date.now();
  const workspace = opts.workspace ? resolve(opts.workspace) : copyWorkspace(join(repoRoot, 'examples'), 'vscode-ws');
  const resultsFile = join(tempDir('vscode-results'), 'results.json');
  const serverLog = [];
  const server = await startCodeServer({
    workspace,
    env: { HOTLINE_VSCODE_RESULTS: resultsFile, HOTLINE_VSCODE_MODE: mode, ...(opts.grep ? { HOTLINE_VSCODE_GREP: opts.grep } : {}) },
    disableTrust: !opts.untrusted,
    settings: opts.untrusted ? untrustedSettings : {},
    log: (l) => {
      serverLog.push(l);
      if (opts.verbose) console.log(`[code-server] ${l}`);
    },
  });
  console.log(
    `code-server on ${server.base} (${((Date.now() - t0) / 1000).toFixed(1)}s); workspace ${workspace}${opts.untrusted ? ' (untrusted: Restricted Mode)' : ''}`,
  );

  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') pageErrors.push(m.text());
    if (opts.verbose) console.log(`[workbench ${m.type()}] ${m.text()}`);
  });
  await page.goto(server.url({ extensionDevelopmentPath: extensionPath, extensionTestsPath: testsPath }));

  // The extension host exits once the suite's run() settles; its exit code says pass (0) or fail.
  let hostExit;
  try {
    const line = await server.waitForLine(/Extension Host Process exited with code/, timeoutMs, 'the extension host to finish the suite');
    hostExit = Number(/code: (\d+)/.exec(line)?.[1]);
  } catch (err) {
    const partial = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')) : null;
    if (partial) printTests(partial);
    console.error(serverLog.slice(-40).join('\n'));
    return fail(
      `${err.message}${pageErrors.length ? `\nworkbench errors:\n${pageErrors.slice(-10).join('\n')}` : ''}`,
      partial ? { tests: partial.tests, passed: partial.passed } : {},
    );
  }

  if (!existsSync(resultsFile)) {
    console.error(serverLog.slice(-40).join('\n'));
    return fail(`the extension host exited (code ${hostExit}) without writing results: the suite did not load or crashed (server log above)`);
  }
  const r = JSON.parse(readFileSync(resultsFile, 'utf8'));
  printTests(r);
  let failed = r.failed;
  if (!r.finished) failed = Math.max(failed, 1);
  if (hostExit !== 0 && failed === 0) failed = 1; // run() rejected for a reason mocha did not count
  if (r.passed + failed === 0) failed = 1; // a run that ran nothing did not test anything
  const summary = { mode, passed: r.passed, failed, pending: r.pending, vscodeVersion: r.vscodeVersion, tests: r.tests };
  writeSummary(summary);
  console.log(
    `vscode.version ${r.vscodeVersion} (${r.appHost}, ${mode}); ${r.passed} passed, ${failed} failed, ${r.pending} pending; extension host exit code ${hostExit}; ${((Date.now() - t0) / 1000).toFixed(1)}s`,
  );
  if (failed > 0 && opts.verbose === false) console.error('(server log: rerun with --verbose)');
  return failed > 0 ? 1 : 0;
}

function printTests(r) {
  for (const t of r.tests) {
    const mark = t.state === 'passed' ? '✔' : t.state === 'failed' ? '✖' : '-';
    console.log(`  ${mark} ${t.title} (${t.file}, ${t.durationMs} ms)`);
    for (const line of t.output ?? []) console.log(`      | ${line}`);
    if (t.error)
      console.log(
        t.error
          .split('\n')
          .map((l) => `      ${l}`)
          .join('\n'),
      );
  }
}

let code = 1;
try {
  code = await main();
} catch (err) {
  code = fail(err instanceof Error ? err.message : String(err));
} finally {
  await stopAll();
}
process.exit(code);
