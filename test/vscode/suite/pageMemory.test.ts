// "Hotline: Find Page Memory Leaks" in the real VS Code on examples/web (served on the loopback): the
// command clicks "Open panel" in Hotline's headless Chromium, the Page Memory panel shows the detached
// DOM nodes and the listener function at its line of src/panel.ts (the example's marked line), and that
// line carries the warning in the editor.
import * as assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { PageLeakReport } from '../../../src/core/page/pageMemory';
import { hotline, serveExample } from './hotline';

describe('page memory', function () {
  this.timeout(180_000);
  let server: { url: string; child: ChildProcess } | undefined;
  after(() => server?.child.kill());

  it('finds the Open panel leak of examples/web: panel, detached nodes, fitPanel annotated at its line', async () => {
    const { api, root } = await hotline();
    server = await serveExample(root);
    const panelTs = join(root, 'examples/web/src/panel.ts');
    const line =
      readFileSync(panelTs, 'utf8')
        .split('\n')
        .findIndex((l) => l.includes('hotline-example: page-leak')) + 1;
    const report = await vscode.commands.executeCommand<PageLeakReport | undefined>('hotline.page.findMemoryLeaks', {
      url: server.url,
      action: '#open-panel',
      repeat: 3,
    });
    assert.ok(report, 'the command returned the report (undefined: it failed; see the Hotline output)');
    // buildPanel() keeps 8 elements per click; the warm-up click kept the first 8.
    assert.deepEqual(report.page.detachedNodes, [8, 32, 56]);
    const html = api.pageMemoryHtml();
    assert.ok(html, 'the Page Memory panel is open');
    assert.match(html, /data-pattern="detached-dom-retained"/);
    assert.match(html, /data-pattern="listener-not-removed"/);
    assert.ok(html.includes(`(closure) fitPanel @ panel.ts:${line}`), 'the listener function named at its line');
    // The map's source resolved to a file of the workspace (the test workspace's copy or link of the example).
    const file = report.page.listeners.closures[0]!.definedAt!.file;
    assert.match(file, /\/web\/src\/panel\.ts$/);
    assert.equal(readFileSync(file, 'utf8'), readFileSync(panelTs, 'utf8'));
    assert.ok(html.includes(`${file}:${line}`), 'defined at the workspace file');
    const warnings = vscode.languages.getDiagnostics(vscode.Uri.file(file)).filter((d) => d.source === 'Hotline leaks');
    assert.deepEqual(
      warnings.map((d) => d.range.start.line + 1),
      [line],
    );
    assert.match(warnings[0]!.message, /added on every #open-panel click and never removed \(1 → 4 → 7 over 6 clicks\)/);
  });
});
