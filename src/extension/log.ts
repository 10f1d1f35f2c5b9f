/** The "Hotline" log output channel: profiler argv, live program output, errors with their causes. */
import * as vscode from 'vscode';
import type { CommandTable } from './commandIds';

let channel: vscode.LogOutputChannel | undefined;

export function hotlineLog(): vscode.LogOutputChannel {
  channel ??= vscode.window.createOutputChannel('Hotline', { log: true });
  return channel;
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Logs an error with its stack and shows its message with a "Show Log" action. Does not wait for
 * the user: a command must finish even while its error message stays on screen.
 */
export async function showError(prefix: string, err: unknown): Promise<void> {
  const log = hotlineLog();
  log.error(`${prefix}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  void vscode.window.showErrorMessage(`Hotline: ${prefix}: ${errorMessage(err)}`, 'Show Log').then((choice) => {
    if (choice === 'Show Log') log.show(true);
  });
}

export function logCommands(log: vscode.LogOutputChannel): CommandTable<'log'> {
  return { 'hotline.showLog': () => log.show(true) };
}
