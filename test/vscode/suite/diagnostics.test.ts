// Anti-pattern diagnostics inside a real VS Code: the Python example's string concatenation gets the
// py/string-concat-in-loop diagnostic from Hotline's language server, its quick fix comes through
// vscode.executeCodeActionProvider, and the fixed program prints exactly what the original printed.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { until } from './until';

const RULE = 'py/string-concat-in-loop';

function codeOf(d: vscode.Diagnostic): string | number | undefined {
  return typeof d.code === 'object' ? d.code.value : d.code;
}

/** The example program (written by the profilers helper), or the lint fixture when it is absent. */
function exampleSource(root: string): { text: string; from: string } {
  const example = join(root, 'python', 'report.py');
  if (existsSync(example)) return { text: readFileSync(example, 'utf8'), from: example };
  const fixture = join(__dirname, '../../../../test/fixtures/lint/python/fixable.py');
  return { text: readFileSync(fixture, 'utf8'), from: fixture };
}

function python(): string | undefined {
  for (const exe of ['python3', 'python']) {
    try {
      execFileSync(exe, ['--version'], { stdio: 'ignore' });
      return exe;
    } catch {
      // try the next name
    }
  }
  return undefined;
}

describe('anti-pattern diagnostics and quick fixes', () => {
  it('reports the string concatenation of the Python example and its quick fix keeps the output', async function () {
    this.timeout(60_000);
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the test workspace is open');
    const ext = vscode.extensions.all.find((e) => (e.packageJSON as { name?: string }).name === 'hotline');
    assert.ok(ext, 'the Hotline extension is loaded');
    if (!ext.isActive) await ext.activate();

    // A copy, so other tests that profile report.py see it unchanged.
    const { text: original, from } = exampleSource(folder.uri.fsPath);
    const file = join(folder.uri.fsPath, 'python', 'report_lint_copy.py');
    writeFileSync(file, original);
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    await vscode.window.showTextDocument(doc);
    console.log(`linting a copy of ${from}`);

    const diagnostics = await until(
      `${RULE} on ${file}`,
      () => vscode.languages.getDiagnostics(doc.uri).filter((d) => codeOf(d) === RULE),
      (ds) => ds.length > 0,
    );
    const d = diagnostics[0];
    assert.equal(d.source, 'hotline');
    assert.match(doc.getText(d.range), /^\w+ \+= /, 'the diagnostic sits on the += statement, not the loop header');
    assert.match(d.message, /join/);
    assert.equal(d.severity, vscode.DiagnosticSeverity.Warning);
    assert.ok(typeof d.code === 'object' && /docs\/rules\/py\/string-concat-in-loop\.md$/.test(d.code.target.toString()), 'the code links to the rule page');

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      doc.uri,
      d.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const fix = actions.find((a) => /join/.test(a.title));
    assert.ok(fix?.edit, `a join quick fix is offered; got: ${actions.map((a) => a.title).join(' | ')}`);
    assert.ok(actions.some((a) => a.title === `Ignore ${RULE} on this line`));
    assert.equal(await vscode.workspace.applyEdit(fix.edit), true);

    const fixed = doc.getText();
    const name = /^(\s*)(\w+) \+= /m.exec(original)![2];
    assert.match(fixed, new RegExp(`^\\s*${name}_parts = \\[\\]$`, 'm'));
    assert.match(fixed, new RegExp(`${name}_parts\\.append\\(`));
    assert.match(fixed, new RegExp(`^\\s*${name} = ""\\.join\\(${name}_parts\\)$`, 'm'));
    await until(
      'the diagnostic to clear after the fix',
      () => vscode.languages.getDiagnostics(doc.uri).filter((x) => codeOf(x) === RULE),
      (ds) => ds.length === 0,
    );
    await doc.save();

    // Same output before and after (a small run of the example).
    const exe = python();
    if (exe) {
      writeFileSync(join(folder.uri.fsPath, 'python', 'report_lint_before.py'), original);
      const args = from.endsWith('report.py') ? ['2000'] : [];
      const before = execFileSync(exe, [join(folder.uri.fsPath, 'python', 'report_lint_before.py'), ...args], { encoding: 'utf8' });
      const after = execFileSync(exe, [file, ...args], { encoding: 'utf8' });
      assert.equal(after, before);
      console.log(`python output unchanged: ${after.trim().split('\n')[0]}`);
    } else {
      console.log('python not found: the fixed program was not run here (test/integration/server/fixes.test.ts runs it)');
    }
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
