/**
 * The workspace's own ways to serve its page, for "Audit Page Load" → "Start the workspace's server":
 * the npm scripts that conventionally start one (`dev`, `start`, `preview`, `serve`) in the workspace's
 * package.json files, and the launch configurations of type node with a program. Pure: the caller
 * reads the files; `servedUrl` reads the address a starting server prints (Vite's "Local:", a
 * "listening on http://…" line) so the audit knows which port to wait for.
 */
import { dirname, relative } from 'node:path';
import { parseLaunchConfigurations, type LaunchVariables } from '../plan/launchConfig';

/** The npm scripts that start a page's server, in the order they are offered. */
export const SERVER_SCRIPTS = ['dev', 'start', 'preview', 'serve'] as const;

export interface DevServerChoice {
  /** What the user picks: "npm run preview" or the launch configuration's name. */
  readonly label: string;
  /** Where it comes from: "web/package.json: node serve.mjs", ".vscode/launch.json". */
  readonly detail: string;
  readonly argv: readonly string[];
  readonly cwd: string;
  readonly env?: Readonly<Record<string, string>>;
  readonly source: 'npm' | 'launch';
}

export interface WorkspaceFile {
  readonly path: string;
  readonly text: string;
}

/** The server scripts of each package.json (unreadable or script-less files give none). */
export function npmServerChoices(packageJsons: readonly WorkspaceFile[], root: string): DevServerChoice[] {
  const out: DevServerChoice[] = [];
  for (const file of packageJsons) {
    let scripts: unknown;
    try {
      scripts = (JSON.parse(file.text) as { scripts?: unknown }).scripts;
    } catch {
      continue;
    }
    if (!scripts || typeof scripts !== 'object') continue;
    const dir = dirname(file.path);
    const where = relative(root, file.path) || 'package.json';
    for (const name of SERVER_SCRIPTS) {
      const body = (scripts as Record<string, unknown>)[name];
      if (typeof body !== 'string' || !body.trim()) continue;
      out.push({ label: `npm run ${name}`, detail: `${where}: ${body}`, argv: ['npm', 'run', name], cwd: dir, source: 'npm' });
    }
  }
  return out;
}

/** The launch configurations of type node that name a program, run with the node on PATH. */
export function launchServerChoices(launchJson: string, vars: LaunchVariables): DevServerChoice[] {
  let entries;
  try {
    entries = parseLaunchConfigurations(launchJson, vars);
  } catch {
    return [];
  }
  return entries.flatMap((e): DevServerChoice[] => {
    if (!e.request || !/^(pwa-)?node$/.test(e.type)) return [];
    const { program, args = [], env, cwd } = e.request;
    return [
      {
        label: e.name,
        detail: `.vscode/launch.json: node ${[relative(vars.workspaceFolder, program), ...args].join(' ')}`,
        argv: ['node', program, ...args],
        cwd: cwd ?? vars.workspaceFolder,
        ...(env && Object.keys(env).length > 0 ? { env } : {}),
        source: 'launch',
      },
    ];
  });
}

const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;

/**
 * The http(s) address in a line a server printed ("Local:   http://localhost:5173/", "serving on
 * http://127.0.0.1:4173/"), with a wildcard host (0.0.0.0, [::]) made the loopback; undefined when none.
 */
export function servedUrl(line: string): URL | undefined {
  const m = /\bhttps?:\/\/(?:\[[0-9a-f:]+\]|[\w.-]+)(?::\d+)?(?:\/[^\s'"<>]*)?/i.exec(line.replace(ANSI, ''));
  if (!m) return undefined;
  let url: URL;
  try {
    url = new URL(m[0]);
  } catch {
    return undefined;
  }
  if (url.hostname === '0.0.0.0' || url.hostname === '[::]') url.hostname = '127.0.0.1';
  return url;
}
