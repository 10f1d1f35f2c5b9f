#!/usr/bin/env node
// The same extension-host suite (out/test/vscode/suite) in desktop VS Code through @vscode/test-electron,
// for machines that can download VS Code (`npm run test:electron`). Offline, use test/vscode/run.mjs
// (code-server) instead: that is what `npm test` runs.
//   node test/vscode/runElectron.mjs [--results out.json] [--vscode-version 1.100.3]
//   VSCODE_EXECUTABLE=/path/to/code skips the download. Linux without a display: run under xvfb-run.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const { values: opts } = parseArgs({
  options: {
    results: { type: 'string' },
    'vscode-version': { type: 'string', default: process.env.HOTLINE_VSCODE_VERSION ?? '1.100.3' },
    grep: { type: 'string' },
  },
});
const testsPath = join(repoRoot, 'out/test/vscode/suite/index.js');
const tmp = mkdtempSync(join(tmpdir(), 'hotline-electron-'));
const resultsFile = join(tmp, 'results.json');

function writeSummary(summary) {
  if (!opts.results) return;
  mkdirSync(dirname(resolve(opts.results)), { recursive: true });
  writeFileSync(resolve(opts.results), JSON.stringify(summary, null, 2));
}

async function main() {
  if (!existsSync(testsPath)) throw new Error(`the suite is not built (${testsPath} missing); run: npm run build`);
  const { runTests, downloadAndUnzipVSCode } = await import('@vscode/test-electron');
  let vscodeExecutablePath = process.env.VSCODE_EXECUTABLE;
  if (!vscodeExecutablePath) {
    try {
      vscodeExecutablePath = await downloadAndUnzipVSCode({
        version: opts['vscode-version'],
        cachePath: join(process.env.HOTLINE_CACHE ?? join(homedir(), '.cache/hotline'), 'vscode-test'),
      });
    } catch (err) {
      throw new Error(
        `cannot download VS Code ${opts['vscode-version']} (${err instanceof Error ? err.message : err}).\n` +
          'This machine looks offline. Run the same suite in code-server instead: node test/vscode/run.mjs ' +
          '(npm run test:vscode), or point VSCODE_EXECUTABLE at an installed VS Code.',
      );
    }
  }
  const workspace = join(tmp, 'workspace');
  mkdirSync(workspace);
  const exitCode = await runTests({
    vscodeExecutablePath,
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: testsPath,
    extensionTestsEnv: { HOTLINE_VSCODE_RESULTS: resultsFile, ...(opts.grep ? { HOTLINE_VSCODE_GREP: opts.grep } : {}) },
    launchArgs: [
      workspace,
      '--disable-workspace-trust',
      '--skip-welcome',
      '--skip-release-notes',
      '--user-data-dir',
      join(tmp, 'data'),
      '--extensions-dir',
      join(tmp, 'extensions'),
    ],
  }).catch((err) => {
    console.error(`hotline electron tests: ${err instanceof Error ? err.message : err}`);
    return 1;
  });
  const r = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')) : null;
  const failed = r ? Math.max(r.failed, exitCode === 0 ? 0 : 1) : 1;
  if (r) console.log(`vscode.version ${r.vscodeVersion}; ${r.passed} passed, ${failed} failed`);
  writeSummary({ passed: r?.passed ?? 0, failed, vscodeVersion: r?.vscodeVersion, tests: r?.tests ?? [] });
  return failed > 0 ? 1 : 0;
}

let code = 1;
try {
  code = await main();
} catch (err) {
  console.error(`hotline electron tests: ${err instanceof Error ? err.message : err}`);
  writeSummary({ passed: 0, failed: 1, tests: [], error: String(err instanceof Error ? err.message : err) });
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
process.exit(code);
