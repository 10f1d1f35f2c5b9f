/** Restricted Mode: Hotline opens profiles and lints, but never runs a program, a profiler or a build. */
import * as vscode from 'vscode';
import { hotlineLog } from './log';

/** What Hotline refused in Restricted Mode, newest last (the test API reads it; capped). */
const refusals: string[] = [];

export function restrictedModeRefusals(): readonly string[] {
  return refusals;
}

/**
 * For callers that report the failure themselves: undefined when the workspace is trusted, else the
 * reason (recorded and logged) to show.
 */
export function restrictedModeRefusal(what: string, why = 'that runs code from this workspace'): string | undefined {
  if (vscode.workspace.isTrusted) return undefined;
  const message =
    `Hotline will not ${what} in Restricted Mode: ${why}, and the workspace is not trusted. ` +
    'Opening existing profiles, the flame graph and anti-pattern diagnostics still work.';
  refusals.push(message);
  if (refusals.length > 100) refusals.shift();
  hotlineLog().warn(message);
  return message;
}

/**
 * True when running code is allowed; otherwise explains why not, offers the way out, and returns
 * false at once. The notification is not awaited: a refused command ends now instead of waiting
 * until the user dismisses the message.
 */
export async function ensureTrustedToRun(what: string): Promise<boolean> {
  const message = restrictedModeRefusal(what);
  if (message === undefined) return true;
  void vscode.window.showWarningMessage(message, 'Manage Workspace Trust', 'Open Profile…').then(async (choice) => {
    if (choice === 'Manage Workspace Trust') await vscode.commands.executeCommand('workbench.trust.manage');
    if (choice === 'Open Profile…') await vscode.commands.executeCommand('hotline.openProfile');
  });
  return false;
}
