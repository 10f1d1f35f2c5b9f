/**
 * "Audit Page Load" → "Start the workspace's server": the workspace's npm scripts (dev, start,
 * preview, serve) and node launch configurations, one picked (or named by a test or link), started
 * in a process group of its own until its port opens; the caller audits and then stops the whole
 * tree. Starting it runs workspace code: refused in Restricted Mode.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { launchServerChoices, npmServerChoices, type DevServerChoice, type WorkspaceFile } from '../../core/page/devServers';
import { startWorkspaceServer, type RunningServer } from '../../profilers/page';
import { hotlineLog } from '../log';
import { ensureTrustedToRun } from '../workspaceTrust';

/** What tests and links pass instead of picking: the choice's label ("npm run preview"), optionally the folder of its package.json. */
export interface WorkspaceServerArgs {
  readonly server: string;
  readonly folder?: string;
}

export function isWorkspaceServerArgs(x: unknown): x is WorkspaceServerArgs {
  return !!x && typeof x === 'object' && typeof (x as WorkspaceServerArgs).server === 'string';
}

async function readAll(uris: readonly vscode.Uri[]): Promise<WorkspaceFile[]> {
  const files = await Promise.all(uris.map(async (u) => ({ path: u.fsPath, text: await readFile(u.fsPath, 'utf8').catch(() => '') })));
  return files.filter((f) => f.text);
}

/** Every way the workspace's folders serve a page, npm scripts first. */
export async function workspaceServerChoices(): Promise<DevServerChoice[]> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const packages = await readAll(await vscode.workspace.findFiles('**/package.json', '**/node_modules/**', 200));
  const out: DevServerChoice[] = [];
  for (const folder of folders) {
    const root = folder.uri.fsPath;
    out.push(
      ...npmServerChoices(
        packages.filter((p) => p.path.startsWith(`${root}/`)).sort((a, b) => a.path.localeCompare(b.path)),
        root,
      ),
    );
  }
  for (const folder of folders) {
    const root = folder.uri.fsPath;
    const text = await readFile(join(root, '.vscode', 'launch.json'), 'utf8').catch(() =>
      JSON.stringify({ configurations: vscode.workspace.getConfiguration('launch', folder.uri).get<unknown[]>('configurations') ?? [] }),
    );
    out.push(...launchServerChoices(text, { workspaceFolder: root, env: process.env, userHome: process.env.HOME }));
  }
  return out;
}

async function chooseServer(args: WorkspaceServerArgs | undefined): Promise<DevServerChoice | undefined> {
  const choices = await workspaceServerChoices();
  if (args) {
    const found = choices.find((c) => c.label === args.server && (args.folder === undefined || c.cwd === args.folder));
    if (!found)
      throw new Error(
        `the workspace has no server "${args.server}"${args.folder ? ` in ${args.folder}` : ''}; it has: ${choices.map((c) => c.label).join(', ') || 'none'}`,
      );
    return found;
  }
  if (choices.length === 0) {
    void vscode.window.showInformationMessage(
      'Hotline: no package.json in the workspace has a dev, start, preview or serve script, and no node launch configuration names a program.',
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
