/** The "Hotline" log output channel: profiler argv, live program output, errors with their causes. */
import * as vscode from 'vscode';

let channel: vscode.LogOutputChannel | undefined;

export function hotlineLog(): vscode.LogOutputChannel {
  channel ??= vscode.window.createOutputChannel('Hotline', { log: true });
  return channel;
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Logs an error with its stack and shows its message with a "Show Log" action. */
export async function showError(prefix: string, err: unknown): Promise<void> {
  const log = hotlineLog();
  log.error(`${prefix}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  const choice = await vscode.window.showErrorMessage(`Hotline: ${prefix}: ${errorMessage(err)}`, 'Show Log');
  if (choice === 'Show Log') log.show(true);
}
