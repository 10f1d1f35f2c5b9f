/**
 * Finds autocannon and drives it: HOTLINE_AUTOCANNON (its package folder, or the autocannon.js in it)
 * or $HOTLINE_CACHE/autocannon (scripts/setup.d/70-load.sh installs it there). It runs in its own
 * process group through src/helpers/autocannon_runner.cjs, which keeps every response's latency.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseLoadResult, type LoadRequestSpec, type LoadResult } from '../../core/load';
import { ProfilerNotFoundError } from '../errors';
import { helperPath } from '../helperPath';
import { execInGroup, type ExecResult } from '../processTree';

export const AUTOCANNON_VERSION = '9.0.0';
const INSTALL_HINT = `npm install --prefix ~/.cache/hotline/autocannon autocannon@${AUTOCANNON_VERSION} (or bash scripts/setup.sh; or set HOTLINE_AUTOCANNON to an autocannon folder)`;

/** The autocannon package folder, or ProfilerNotFoundError with the install command. */
export function autocannonDir(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.HOTLINE_AUTOCANNON?.trim();
  const candidate = configured
    ? existsSync(configured) && statSync(configured).isFile()
      ? dirname(configured)
      : configured
    : join(env.HOTLINE_CACHE || join(homedir(), '.cache', 'hotline'), 'autocannon', 'node_modules', 'autocannon');
  if (!existsSync(join(candidate, 'package.json')) || !existsSync(join(candidate, 'autocannon.js'))) {
    throw new ProfilerNotFoundError('autocannon', INSTALL_HINT, candidate);
  }
  return candidate;
}

/** autocannon's own options: https://github.com/mcollina/autocannon#api */
export interface LoadOptions {
  readonly url: string;
  readonly connections: number;
  /** Seconds; ignored when `amount` is given. */
  readonly duration?: number;
  /** Total requests. */
  readonly amount?: number;
  readonly method?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  /** A mix on `url`'s origin: each connection sends these in turn (a request without a method uses `method`). */
  readonly requests?: readonly LoadRequestSpec[];
  /** Seconds before a request counts as a timeout. */
  readonly timeout?: number;
}

export interface LoadRun {
  readonly result: LoadResult;
  /** The runner file (keep it with --save: it is a baseline). */
  readonly resultFile: string;
  readonly exec: ExecResult;
}

export class LoadRunError extends Error {
  override readonly name = 'LoadRunError';
}

/**
 * Runs autocannon against `opts.url`; `onStarted` fires when the first request goes out, `window`
 * settles when the load is over (before the file is read).
 */
export async function runAutocannon(
  opts: LoadOptions,
  run: { resultFile: string; cwd: string; signal?: AbortSignal; onStarted?: () => void; env?: NodeJS.ProcessEnv },
): Promise<LoadRun> {
  const dir = autocannonDir(run.env);
  const options = { ...opts, ...(opts.amount ? { duration: undefined } : {}) };
  const exec = await execInGroup([process.execPath, helperPath('autocannon_runner.cjs'), dir, JSON.stringify(options), run.resultFile], {
    cwd: run.cwd,
    signal: run.signal,
    onOutput: (line, stream) => {
      if (stream === 'stdout' && line === 'hotline-load: started') run.onStarted?.();
    },
  });
  if (exec.cancelled) throw new LoadRunError('the load was cancelled');
  if (exec.exitCode !== 0 || !existsSync(run.resultFile)) {
    throw new LoadRunError(`autocannon failed (exit code ${exec.exitCode ?? exec.signal})${exec.stderrTail ? `:\n${exec.stderrTail}` : ''}`);
  }
  return { result: parseLoadResult(readFileSync(run.resultFile, 'utf8')), resultFile: run.resultFile, exec };
}
