/**
 * The workspace's servers (npm scripts and launch configurations, src/core/workspaceServers.ts) read
 * from every workspace folder: what "Audit Page Load" → "Start the workspace's server" and the service
 * picker of "Profile/Trace Service Under Load…" offer. Listing them runs nothing.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { launchServerChoices, npmServerChoices, type ServerChoice, type WorkspaceFile } from '../core/workspaceServers';

async function readAll(uris: readonly vscode.Uri[]): Promise<WorkspaceFile[]> {
  const files = await Promise.all(uris.map(async (u) => ({ path: u.fsPath, text: await readFile(u.fsPath, 'utf8').catch(() => '') })));
  return files.filter((f) => f.text);
}

/** Every way the workspace's folders start a server, npm scripts first (each folder's package.json files in path order). */
export async function workspaceServerChoices(): Promise<ServerChoice[]> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const packages = await readAll(await vscode.workspace.findFiles('**/package.json', '**/node_modules/**', 200));
  const out: ServerChoice[] = [];
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

/** The choice a test or link names by its label ("npm run start"), optionally in the folder it runs in; an error lists what there is. */
export function findServerChoice(choices: readonly ServerChoice[], label: string, folder?: string): ServerChoice {
  const found = choices.find((c) => c.label === label && (folder === undefined || c.cwd === folder));
  if (!found)
    throw new Error(
      `the workspace has no server "${label}"${folder ? ` in ${folder}` : ''}; it has: ${choices.map((c) => `${c.label} (${c.cwd})`).join(', ') || 'none'}`,
    );
  return found;
}
