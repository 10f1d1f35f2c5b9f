/**
 * The workspace's own ways to start a server, shared by "Audit Page Load" → "Start the workspace's
 * server" and the service picker of "Profile/Trace Service Under Load…": the npm scripts that start one
 * in the workspace's package.json files (`dev`, `start`, `preview`, `serve` first, then any other
 * script whose command runs a server: node server.js, uvicorn, flask run, vite, go run…), and the
 * launch configurations of type node (program), python (program, or module as `python3 -m`) and go
 * (program, as `go run`). Pure: the caller reads the files.
 */
import { dirname, relative, resolve } from 'node:path';
import { stripJsonc, substituteVariables, type LaunchVariables } from './plan/launchConfig';

/** The npm scripts that conventionally start a server, in the order they are offered. */
export const SERVER_SCRIPTS = ['dev', 'start', 'preview', 'serve'] as const;

/** Scripts that build, check or tidy, whatever their command runs. */
const NOT_A_SERVER_NAME =
  /^(pre|post)|(^|[:_-])(build|test|tests|lint|format|fmt|typecheck|check|clean|compile|bundle|deploy|release|install|bench|e2e|coverage|docs?)([:_-]|$)/i;
/** A script command that runs a server. */
const SERVER_COMMAND =
  /\b(node|nodemon|tsx|ts-node|bun|deno)\s+(--?[\w-]+(=\S+)?\s+)*\S*(server|serve|app|index|main|api)\.[cm]?[jt]s\b|\b(uvicorn|gunicorn|hypercorn|waitress-serve|daphne)\b|\bflask\b[^|&;]*\brun\b|\bmanage\.py\s+runserver\b|\bfastapi\s+(dev|run)\b|\bpython3?\s+(-m\s+)?\S*(server|app|main|api)(\.py)?\b|\bhttp-server\b|\bnext\s+(dev|start)\b|\bnuxt\s+(dev|start)\b|\bvite(\s+(dev|serve|preview))?\s*$|\bwebpack(-dev-server|\s+serve)\b|\bfastify\s+start\b|\bgo\s+run\b|\bcargo\s+run\b/i;

export interface ServerChoice {
  /** What the user picks: "npm run preview" or the launch configuration's name. */
  readonly label: string;
  /** Where it comes from: "web/package.json: node serve.mjs", ".vscode/launch.json: python3 -m app". */
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

/** Does this npm script start a server? The conventional names always; others when their command runs one. */
export function looksLikeServerScript(name: string, body: string): boolean {
  if ((SERVER_SCRIPTS as readonly string[]).includes(name)) return true;
  if (NOT_A_SERVER_NAME.test(name)) return false;
  return body.split(/&&|\|\||;/).some((part) => SERVER_COMMAND.test(part.trim()));
}

/** The server scripts of each package.json (unreadable or script-less files give none): the conventional names first. */
export function npmServerChoices(packageJsons: readonly WorkspaceFile[], root: string): ServerChoice[] {
  const out: ServerChoice[] = [];
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
    const entries = Object.entries(scripts as Record<string, unknown>).filter(
      (e): e is [string, string] => typeof e[1] === 'string' && !!e[1].trim() && looksLikeServerScript(e[0], e[1]),
    );
    const rank = (name: string) => {
      const i = (SERVER_SCRIPTS as readonly string[]).indexOf(name);
      return i < 0 ? SERVER_SCRIPTS.length : i;
    };
    entries.sort((a, b) => rank(a[0]) - rank(b[0]));
    for (const [name, body] of entries) {
      out.push({ label: `npm run ${name}`, detail: `${where}: ${body}`, argv: ['npm', 'run', name], cwd: dir, source: 'npm' });
    }
  }
  return out;
}

function strings(v: unknown): string[] | null {
  if (v === undefined) return [];
  if (typeof v === 'string') return v.trim() ? v.trim().split(/\s+/) : [];
  return Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : null;
}

const shown = (root: string, p: string) => (p.startsWith(`${root}/`) ? relative(root, p) : p);

/** One launch configuration as a command line, or null when it does not start a program. */
function launchChoice(raw: Record<string, unknown>, vars: LaunchVariables): ServerChoice | null {
  const type = typeof raw.type === 'string' ? raw.type : '';
  const lang = /^(pwa-)?node$/.test(type) ? 'node' : type === 'python' || type === 'debugpy' ? 'python' : type === 'go' ? 'go' : null;
  if (!lang || (raw.request !== undefined && raw.request !== 'launch')) return null;
  if (lang === 'go' && raw.mode !== undefined && !['auto', 'debug'].includes(String(raw.mode))) return null;
  const sub = (s: string) => substituteVariables(s, vars);
  const root = vars.workspaceFolder;
  const abs = (p: string) => resolve(root, p);
  let program: string | null = null;
  let head: string[];
  try {
    if (lang === 'python' && typeof raw.module === 'string' && raw.module) head = ['python3', '-m', sub(raw.module)];
    else if (typeof raw.program === 'string' && raw.program) {
      program = abs(sub(raw.program));
      head = lang === 'node' ? ['node', program] : lang === 'python' ? ['python3', program] : ['go', 'run', program];
    } else return null;
    const args = strings(raw.args);
    if (!args) return null;
    const env: Record<string, string> = {};
    if (raw.env && typeof raw.env === 'object')
      for (const [k, v] of Object.entries(raw.env as Record<string, unknown>)) if (typeof v === 'string') env[k] = sub(v);
    const cwd = typeof raw.cwd === 'string' ? abs(sub(raw.cwd)) : lang === 'go' && program ? (/\.go$/.test(program) ? dirname(program) : program) : root;
    const argv = [...head, ...args.map(sub)];
    const name = typeof raw.name === 'string' ? raw.name : argv.join(' ');
    return {
      label: name,
      detail: `.vscode/launch.json: ${argv.map((a) => shown(root, a)).join(' ')}`,
      argv,
      cwd,
      ...(Object.keys(env).length > 0 ? { env } : {}),
      source: 'launch',
    };
  } catch {
    return null; // a variable Hotline cannot know (${input:…}, ${file} with no file open)
  }
}

/** The launch configurations that start a Node, Python or Go program (the interpreter or toolchain on PATH). */
export function launchServerChoices(launchJson: string, vars: LaunchVariables): ServerChoice[] {
  let configs: unknown;
  try {
    configs = (JSON.parse(stripJsonc(launchJson)) as { configurations?: unknown })?.configurations;
  } catch {
    return [];
  }
  if (!Array.isArray(configs)) return [];
  return configs.flatMap((c) => (c && typeof c === 'object' ? (launchChoice(c as Record<string, unknown>, vars) ?? []) : []));
}
