/** Restricted Mode: Hotline opens profiles and lints, but never runs a program or a profiler. */
import * as vscode from 'vscode';

/** True when running code is allowed; otherwise explains why not and offers the way out. */
export async function ensureTrustedToRun(what: string): Promise<boolean> {
  if (vscode.workspace.isTrusted) return true;
  const choice = await vscode.window.showWarningMessage(
    `Hotline will not ${what} in Restricted Mode: profiling runs the program and a profiler, and this workspace is not trusted. ` +
      'Opening existing profiles, the flame graph and anti-pattern diagnostics still work.',
    { modal: false },
    'Manage Workspace Trust',
    'Open Profile…',
  );
  if (choice === 'Manage Workspace Trust') await vscode.commands.executeCommand('workbench.trust.manage');
  if (choice === 'Open Profile…') await vscode.commands.executeCommand('hotline.openProfile');
  return false;
}
