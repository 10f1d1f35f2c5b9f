/**
 * "Audit Page Load" → "Start the workspace's server": the workspace's server npm scripts and launch
 * configurations (../workspaceServers.ts, shared with the Under Load commands), one picked (or named by a test or link), started
 * in a process group of its own until its port opens; the caller audits and then stops the whole
 * tree. Starting it runs workspace code: refused in Restricted Mode.
 */
import * as vscode from 'vscode';
import type { ServerChoice } from '../../core/workspaceServers';
import { startWorkspaceServer, type RunningServer } from '../../profilers/page';
import { hotlineLog } from '../log';
import { ensureTrustedToRun } from '../workspaceTrust';
import { findServerChoice, workspaceServerChoices } from '../workspaceServers';

/** What tests and links pass instead of picking: the choice's label ("npm run preview"), optionally the folder of its package.json. */
export interface WorkspaceServerArgs {
  readonly server: string;
  readonly folder?: string;
}

export function isWorkspaceServerArgs(x: unknown): x is WorkspaceServerArgs {
  return !!x && typeof x === 'object' && typeof (x as WorkspaceServerArgs).server === 'string';
}

async function chooseServer(args: WorkspaceServerArgs | undefined): Promise<ServerChoice | undefined> {
  const choices = await workspaceServerChoices();
  if (args) {
    return findServerChoice(choices, args.server, args.folder);
  }
  if (choices.length === 0) {
    void vscode.window.showInformationMessage(
      'Hotline: no package.json in the workspace has a script that starts a server (dev, start, preview, serve…), and no node, python or go launch configuration names a program.',
    );
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(
    choices.map((c) => ({ label: c.label, detail: c.detail, choice: c })),
    { placeHolder: 'Start which server? Hotline waits for the address it prints, audits it, then stops it and everything it started' },
  );
  return pick?.choice;
}

/** Starts the workspace's server (picked, or named by `args`); undefined when refused or cancelled. */
export async function startWorkspacePageServer(args?: WorkspaceServerArgs): Promise<{ server: RunningServer; label: string } | undefined> {
  if (!(await ensureTrustedToRun("start the workspace's server"))) return undefined;
  const choice = await chooseServer(args);
  if (!choice) return undefined;
  const server = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Hotline: starting ${choice.label} and waiting for its port…` },
    () =>
      startWorkspaceServer(choice.argv, `"${choice.label}" (${choice.detail})`, {
        cwd: choice.cwd,
        env: choice.env,
        onOutput: (l) => hotlineLog().info(`server: ${l}`),
      }),
  );
  hotlineLog().info(`${choice.label} serves ${server.url.href}`);
  return { server, label: choice.label };
}
