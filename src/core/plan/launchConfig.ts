/**
 * "Profile with Launch Configuration…": reads .vscode/launch.json (JSON with comments and
 * trailing commas) and turns Python, Node and Go entries into profile requests with the
 * entry's program, args, env and cwd. Pure: the caller passes the file's text and the values
 * of ${workspaceFolder}, ${file} and friends.
 */
import { isAbsolute, resolve } from 'node:path';
import { basename, dirname, extname, relative } from 'node:path';
import { PlanError, ProfileRequest } from './types';

export interface LaunchVariables {
  workspaceFolder: string;
  /** The active editor's file, for ${file} and its relatives. */
  file?: string;
  env?: Readonly<Record<string, string | undefined>>;
  userHome?: string;
}

export interface LaunchEntry {
  readonly name: string;
  readonly type: string;
  /** The request to profile, or null with the reason when the entry cannot be profiled. */
  readonly request: Pick<ProfileRequest, 'program' | 'args' | 'env' | 'cwd'> | null;
  readonly reason?: string;
}

/** Strips // and /* *\/ comments and trailing commas outside strings (JSONC -> JSON). */
export function stripJsonc(text: string): string {
  let out = '';
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    if (c === '"') {
      let j = i + 1;
      while (j < n && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < n && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
    } else {
      out += c;
      i++;
    }
  }
  // Trailing commas: a comma followed only by whitespace before } or ]. Strings are intact
  // here, so do it with a scan that skips them again.
  let res = '';
  for (let k = 0; k < out.length; k++) {
    const c = out[k]!;
    if (c === '"') {
      let j = k + 1;
      while (j < out.length && out[j] !== '"') j += out[j] === '\\' ? 2 : 1;
      res += out.slice(k, j + 1);
      k = j;
      continue;
    }
    if (c === ',') {
      let j = k + 1;
      while (j < out.length && /\s/.test(out[j]!)) j++;
      if (out[j] === '}' || out[j] === ']') continue;
    }
    res += c;
  }
  return res;
}

/** Replaces ${workspaceFolder}, ${file}, ${env:X} etc.; throws on variables it cannot know (${input:…}, ${command:…}). */
export function substituteVariables(value: string, vars: LaunchVariables): string {
  return value.replace(/\$\{([^}]+)\}/g, (whole, name: string) => {
    const file = vars.file;
    const needFile = (v: string | undefined) => {
      if (v === undefined) throw new PlanError(`${whole} needs an open file`);
      return v;
    };
    if (name.startsWith('env:')) return vars.env?.[name.slice(4)] ?? '';
    switch (name) {
      case 'workspaceFolder':
      case 'workspaceRoot':
      case 'cwd':
        return vars.workspaceFolder;
      case 'workspaceFolderBasename':
        return basename(vars.workspaceFolder);
      case 'userHome':
        return vars.userHome ?? vars.env?.HOME ?? '';
      case 'pathSeparator':
        return '/';
      case 'file':
        return needFile(file);
      case 'fileDirname':
        return dirname(needFile(file));
      case 'fileBasename':
        return basename(needFile(file));
      case 'fileBasenameNoExtension':
        return basename(needFile(file), extname(needFile(file)));
      case 'fileExtname':
        return extname(needFile(file));
      case 'relativeFile':
        return relative(vars.workspaceFolder, needFile(file));
      case 'relativeFileDirname':
        return relative(vars.workspaceFolder, dirname(needFile(file)));
      default:
        throw new PlanError(`launch.json variable ${whole} is not supported by Hotline; replace it with a value`);
    }
  });
}

function strings(v: unknown): string[] | null {
  if (v === undefined) return [];
  if (typeof v === 'string') return v.trim() ? v.trim().split(/\s+/) : []; // a single string of args (VS Code splits it on spaces)
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
  return null;
}

function entryRequest(raw: Record<string, unknown>, vars: LaunchVariables): LaunchEntry {
  const name = typeof raw.name === 'string' ? raw.name : '(unnamed)';
  const type = typeof raw.type === 'string' ? raw.type : '';
  const fail = (reason: string): LaunchEntry => ({ name, type, request: null, reason });
  const lang = type === 'python' || type === 'debugpy' ? 'python' : type === 'node' || type === 'pwa-node' ? 'node' : type === 'go' ? 'go' : null;
  if (!lang) return fail(`type "${type}" is not a Python, Node or Go configuration`);
  if (raw.request !== undefined && raw.request !== 'launch')
    return fail(`request "${String(raw.request)}" is not "launch" (attach from the process picker instead)`);
  if (lang === 'python' && typeof raw.module === 'string') return fail('"module" entries (python -m) are not supported yet; use "program"');
  if (typeof raw.program !== 'string' || !raw.program) return fail('it has no "program"');
  if (lang === 'go' && raw.mode === 'remote') return fail('Go "remote" mode attaches to a debugger, not a program');
  try {
    const sub = (s: string) => substituteVariables(s, vars);
    const program = resolve(vars.workspaceFolder, sub(raw.program));
    const args = strings(raw.args);
    if (!args) return fail('"args" is not a list of strings');
    const env: Record<string, string> = {};
    if (raw.env && typeof raw.env === 'object') {
      for (const [k, v] of Object.entries(raw.env as Record<string, unknown>)) if (typeof v === 'string') env[k] = sub(v);
    }
    const cwd = typeof raw.cwd === 'string' ? resolve(vars.workspaceFolder, sub(raw.cwd)) : undefined;
    return {
      name,
      type,
      request: { program: isAbsolute(program) ? program : resolve(program), args: args.map(sub), env, ...(cwd ? { cwd } : {}) },
      reason: raw.envFile ? '"envFile" is not read; only "env" is applied' : undefined,
    };
  } catch (e) {
    return fail((e as Error).message);
  }
}

/** Every configuration of a launch.json, each with a request or the reason it cannot be profiled. */
export function parseLaunchConfigurations(text: string, vars: LaunchVariables): LaunchEntry[] {
  let doc: unknown;
  try {
    doc = JSON.parse(stripJsonc(text));
  } catch (e) {
    throw new PlanError(`launch.json is not valid JSON: ${(e as Error).message}`);
  }
  const configs = (doc as { configurations?: unknown })?.configurations;
  if (!Array.isArray(configs)) throw new PlanError('launch.json has no "configurations" list');
  return configs.filter((c): c is Record<string, unknown> => !!c && typeof c === 'object').map((c) => entryRequest(c, vars));
}
