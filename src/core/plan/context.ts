/** What every language planner needs: the request, where files go, and the tools at hand. */
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import { Detected } from './detect';
import { Executables, Language, ProfilerId, ProfileRequest } from './types';

export interface PlanContext {
  readonly request: ProfileRequest;
  readonly detected: Detected;
  readonly language: Language;
  readonly exes: Executables | undefined;
  readonly tempDir: string;
  readonly outDir: string;
  readonly workspaceRoot: string;
  readonly cwd: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  /** File-name-safe timestamp, e.g. 20260125-031502. */
  readonly stamp: string;
  readonly missing: ReadonlySet<string>;
  readonly requested: ProfilerId | 'auto';
}

export function stampOf(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

export function defaultTempDir(stamp: string): string {
  return join(tmpdir(), `hotline-run-${stamp}-${Math.random().toString(36).slice(2, 8)}`);
}

/** `<outDir>/<program base>.<profiler>.<stamp>.<ext>`; the base keeps only safe characters. */
export function profileFileName(ctx: PlanContext, profiler: string, ext: string): string {
  const source = ctx.detected.file ?? ctx.detected.projectRoot;
  const base =
    basename(source, extname(source))
      .replace(/[^A-Za-z0-9._-]+/g, '_')
      .replace(/^[._]+/, '') || 'program';
  return join(ctx.outDir, `${base}.${profiler}.${ctx.stamp}.${ext}`);
}
