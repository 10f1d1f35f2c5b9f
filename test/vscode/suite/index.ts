// Extension-host test entry: `run()` is what VS Code calls for extensionTestsPath, both in code-server
// (test/vscode/run.mjs, through the workbench URL payload) and in @vscode/test-electron
// (test/vscode/runElectron.mjs). It runs every built *.test.js beside it with mocha (BDD), prints each
// result, and writes them as JSON to $HOTLINE_VSCODE_RESULTS when set (the launcher reads that file).
import { readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';
import * as vscode from 'vscode';

export interface SuiteTestResult {
  title: string; // full title: "describe › it"
  file: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs: number;
  error?: string;
  output?: string[]; // what the test printed with console.log/info/warn/error
}
export interface SuiteResults {
  vscodeVersion: string;
  appHost: string;
  passed: number;
  failed: number;
  pending: number;
  tests: SuiteTestResult[];
  finished: boolean;
}

function writeResults(results: SuiteResults): void {
  const target = process.env.HOTLINE_VSCODE_RESULTS;
  if (!target) return;
  // Write then rename, so the launcher never reads half a file.
  writeFileSync(`${target}.tmp`, JSON.stringify(results, null, 2));
  renameSync(`${target}.tmp`, target);
}

export function run(): Promise<void> {
  const grep = process.env.HOTLINE_VSCODE_GREP;
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 30_000, reporter: 'spec', ...(grep ? { grep } : {}) });
  // *.untrusted.test.js run only in Restricted Mode (run.mjs --untrusted), every other file only outside it.
  const untrusted = process.env.HOTLINE_VSCODE_MODE === 'untrusted';
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith('.test.js') && f.endsWith('.untrusted.test.js') === untrusted)
    .sort();
  for (const f of files) mocha.addFile(join(__dirname, f));

  const results: SuiteResults = {
    vscodeVersion: vscode.version,
    appHost: vscode.env.appHost,
    passed: 0,
    failed: 0,
    pending: 0,
    tests: [],
    finished: false,
  };
  // Keep what each test prints: in code-server the extension host's console only reaches the browser.
  // VS Code makes the console's methods unassignable, so the global console is swapped for the run.
  let output: string[] = [];
  const realConsole = globalThis.console;
  const capturing = Object.create(realConsole) as Console;
  for (const level of ['log', 'info', 'warn', 'error'] as const) {
    // defineProperty, not assignment: the inherited accessor's no-op setter would swallow an assignment.
    Object.defineProperty(capturing, level, {
      value: (...args: unknown[]) => {
        output.push(format(...args));
        realConsole[level](...args);
      },
    });
  }
  globalThis.console = capturing;
  const restoreConsole = () => {
    globalThis.console = realConsole;
  };
  const record = (test: Mocha.Runnable, state: SuiteTestResult['state'], err?: Error) => {
    const printed = output;
    output = [];
    results.tests.push({
      title: test.titlePath().join(' › '),
      file: (test.file ?? '').split(/[\\/]/).pop() ?? '',
      state,
      durationMs: test.duration ?? 0,
      ...(printed.length ? { output: printed } : {}),
      ...(err ? { error: `${err.message}\n${(err.stack ?? '').split('\n').slice(1, 6).join('\n')}` } : {}),
    });
    results[state === 'passed' ? 'passed' : state === 'failed' ? 'failed' : 'pending']++;
    writeResults(results);
  };

  return new Promise((resolve, reject) => {
    try {
      if (files.length === 0) throw new Error(`no ${untrusted ? '*.untrusted.test.js' : '*.test.js'} files beside ${__filename}`);
      const runner = mocha.run((failures) => {
        restoreConsole();
        results.finished = true;
        writeResults(results);
        if (failures > 0) reject(new Error(`${failures} extension-host test(s) failed`));
        else resolve();
      });
      runner.on('test', () => {
        output = [];
      });
      runner.on('pass', (t) => record(t, 'passed'));
      runner.on('fail', (t, err) => record(t, 'failed', err)); // hooks fail here too ("before all" hook …)
      runner.on('pending', (t) => record(t, 'pending'));
    } catch (err) {
      // A suite file that throws while loading is a failure, not a silent empty run.
      restoreConsole();
      const e = err instanceof Error ? err : new Error(String(err));
      results.tests.push({ title: 'loading the suite', file: '', state: 'failed', durationMs: 0, error: e.stack ?? e.message });
      results.failed++;
      results.finished = true;
      writeResults(results);
      reject(e);
    }
  });
}
