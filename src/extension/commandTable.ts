/**
 * The one place commands are registered: every area's table, each handler wrapped so that its
 * error reaches the user under the command's title (a cancelled run is not an error).
 */
import * as vscode from 'vscode';
import { ProfileCancelledError } from '../profilers/errors';
import type { CommandHandler, CommandTables } from './commandIds';
import { showError } from './log';

interface ContributedCommand {
  command: string;
  title: string;
}

export function registerCommandTables(context: vscode.ExtensionContext, tables: CommandTables): vscode.Disposable[] {
  const contributed = (context.extension.packageJSON as { contributes?: { commands?: ContributedCommand[] } }).contributes?.commands ?? [];
  const titles = new Map(contributed.map((c) => [c.command, c.title.replace(/…$/, '')]));
  return Object.values(tables).flatMap((table) =>
    Object.entries(table).map(([id, handler]) => vscode.commands.registerCommand(id, guarded(titles.get(id) ?? id, handler as CommandHandler))),
  );
}

/** Errors from a command reach the user with its name; nothing is swallowed. */
function guarded(name: string, handler: CommandHandler): (...args: unknown[]) => Promise<unknown> {
  return async (...args) => {
    try {
      return await (handler as (...a: unknown[]) => unknown)(...args);
    } catch (err) {
      if (!(err instanceof ProfileCancelledError)) await showError(`${name} failed`, err);
      return undefined;
    }
  };
}
