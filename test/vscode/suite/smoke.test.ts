// Runs inside a real VS Code extension host: the Hotline extension loads, activates from a command,
// and registers every command its manifest contributes.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

interface ContributedCommand {
  command: string;
  title: string;
  category?: string;
}

function hotline(): vscode.Extension<unknown> {
  const ext = vscode.extensions.all.find((e) => (e.packageJSON as { name?: string }).name === 'hotline');
  assert.ok(
    ext,
    `the Hotline extension is not loaded; extensions seen: ${vscode.extensions.all
      .map((e) => e.id)
      .filter((id) => !id.startsWith('vscode.'))
      .join(', ')}`,
  );
  return ext;
}

describe('smoke: Hotline in a real VS Code', () => {
  it('runs inside VS Code 1.100', () => {
    console.log(`vscode.version ${vscode.version} (${vscode.env.appName}, ${vscode.env.appHost})`);
    assert.match(vscode.version, /^1\.100\./);
  });

  it('opens a trusted workspace outside the Restricted Mode suite, so profiling tests run instead of skipping', () => {
    // run.mjs disables workspace trust here; only run.mjs --untrusted (*.untrusted.test.ts) leaves it off.
    assert.equal(vscode.workspace.isTrusted, true);
  });

  it('is present and becomes active when one of its commands runs', async () => {
    const ext = hotline();
    assert.equal(ext.id, `${(ext.packageJSON as { publisher: string }).publisher}.hotline`);
    await vscode.commands.executeCommand('hotline.showLog');
    assert.equal(ext.isActive, true, 'Hotline did not activate after hotline.showLog');
  });

  it('registers every command contributed in package.json', async () => {
    const ext = hotline();
    if (!ext.isActive) await ext.activate();
    const contributed = ((ext.packageJSON as { contributes?: { commands?: ContributedCommand[] } }).contributes?.commands ?? []).map((c) => c.command);
    assert.ok(contributed.length >= 5, `expected the manifest's commands, found ${contributed.length}`);
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((c) => !registered.has(c));
    assert.deepEqual(missing, [], `contributed in package.json but not registered by activate(): ${missing.join(', ')}`);
    console.log(`all ${contributed.length} contributed commands are registered`);
  });
});
