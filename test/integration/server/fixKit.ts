// Shared by the quick-fix integration tests: apply every fix, run a toolchain, make a scratch folder.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyEdits } from '../../../src/server/engine';
import { GrammarSet, type GrammarId } from '../../../src/server/grammars';
import { lintText } from '../../../src/server/lint';

export const grammars = new GrammarSet('node_modules');

/** Applies fixes one at a time (re-linting in between, since offsets move) until none is left. */
export async function applyAllFixes(text: string, grammar: GrammarId): Promise<{ text: string; applied: string[] }> {
  const applied: string[] = [];
  for (let round = 0; round < 60; round++) {
    const next = (await lintText(grammars, text, grammar)).find((f) => f.fixes.length > 0);
    if (!next) return { text, applied };
    text = applyEdits(text, next.fixes[0].edits);
    applied.push(next.rule);
  }
  throw new Error(`fixes did not converge; applied ${applied.join(', ')}\n${text}`);
}

export function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): string {
  try {
    return execFileSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string; code?: string };
    if (e.code === 'ENOENT') throw new Error(`${cmd} is not on PATH: install it (scripts/setup.sh installs the toolchains) and run again`);
    throw new Error(`${cmd} ${args.join(' ')} failed in ${cwd}:\n${e.stdout ?? ''}${e.stderr ?? e.message}`);
  }
}

export function count(list: string[], rule: string): number {
  return list.filter((r) => r === rule).length;
}

export function scratch(name: string): string {
  return mkdtempSync(join(tmpdir(), `hotline-fix-${name}-`));
}

/** Builds each version of a Rust program as its own cargo package (`cargo check`, then `cargo run`) and returns what each printed. */
export function cargoOutputs(label: string, versions: Record<string, string>): string[] {
  const target = join(tmpdir(), 'hotline-cargo-target'); // outside the repo, shared between runs
  return Object.entries(versions).map(([name, source]) => {
    const dir = scratch(`${label}-${name}`);
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'Cargo.toml'), `[package]\nname = "${label.replace(/-/g, '_')}_${name}"\nversion = "0.1.0"\nedition = "2021"\n\n[workspace]\n`);
    writeFileSync(join(dir, 'src/main.rs'), source);
    run('cargo', ['check', '--quiet', '--offline'], dir, { CARGO_TARGET_DIR: target });
    return run('cargo', ['run', '--quiet', '--offline'], dir, { CARGO_TARGET_DIR: target });
  });
}
