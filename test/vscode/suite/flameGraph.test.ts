// The flame graph inside a real VS Code: opening a profile file shows it in Hotline's read-only
// custom editor, "show" from the API opens the panel, and an unreadable file opens a tab that says
// why instead of failing.
import * as assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { until } from './until';
import { hotline } from './hotline';

function tabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs);
}

describe('flame graph panel', () => {
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens a .cpuprofile in the Hotline custom editor', async () => {
    const { ext } = await hotline();
    const uri = vscode.Uri.file(join(ext.extensionPath, 'test/fixtures/profiles/node/hot.cpuprofile'));
    await vscode.commands.executeCommand('vscode.openWith', uri, 'hotline.profileViewer');
    const tab = await until('the custom editor tab', () =>
      tabs().find((t) => t.input instanceof vscode.TabInputCustom && t.input.viewType === 'hotline.profileViewer' && t.input.uri.fsPath === uri.fsPath),
    );
    assert.equal(tab.label, 'hot.cpuprofile');
    assert.ok(tab.isActive, 'the flame graph tab is the active one');
  });

  it('opens a .cpuprofile in Hotline on a plain open, without asking which editor (VS Code bundles a CPU profile table viewer too)', async () => {
    const { ext } = await hotline();
    const uri = vscode.Uri.file(join(ext.extensionPath, 'test/fixtures/profiles/node/hot.cpuprofile'));
    const others = vscode.extensions.all
      .filter(
        (e) =>
          JSON.stringify((e.packageJSON as { contributes?: { customEditors?: unknown } }).contributes?.customEditors ?? []).includes('.cpuprofile') &&
          e.id !== ext.id,
      )
      .map((e) => e.id);
    assert.deepEqual(vscode.workspace.getConfiguration('workbench').get('editorAssociations'), {
      '*.cpuprofile': 'hotline.profileViewer',
      '*.heapprofile': 'hotline.profileViewer',
    });
    await vscode.commands.executeCommand('vscode.open', uri);
    const tab = await until(`the Hotline tab (other editors of .cpuprofile: ${others.join(', ') || 'none'})`, () =>
      tabs().find((t) => t.input instanceof vscode.TabInputCustom && t.input.viewType === 'hotline.profileViewer' && t.input.uri.fsPath === uri.fsPath),
    );
    assert.ok(tab.isActive, 'the flame graph tab is the active one');
    console.log(`other editors claiming .cpuprofile: ${others.join(', ') || 'none'}`);
  });

  it('shows the flame graph panel for a loaded profile', async () => {
    const { api, ext } = await hotline();
    await api.loadProfile(join(ext.extensionPath, 'test/fixtures/profiles/py-spy/hot.speedscope.json'), { show: true });
    const tab = await until('the flame graph panel', () =>
      tabs().find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('hotline.flameGraph')),
    );
    assert.match(tab.label, /^Flame graph: /);
  });

  it('opens an unreadable profile in a tab that explains, without throwing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hotline-flame-'));
    const bad = join(dir, 'broken.cpuprofile');
    writeFileSync(bad, '{"nodes": [ this is not json');
    const uri = vscode.Uri.file(bad);
    await vscode.commands.executeCommand('vscode.openWith', uri, 'hotline.profileViewer');
    await until('the tab of the broken profile', () => tabs().find((t) => t.input instanceof vscode.TabInputCustom && t.input.uri.fsPath === uri.fsPath));
  });
});
