// Runs one benchmark suite with its language's own tool (argv arrays, own process group, cancellable)
// and reads the result through the core importers.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importCriterionDir, importGoBench, importPytestBenchmark, importTinybench, languageOfBenchFile, type BenchRun } from '../../core/bench';
import type { ProfileRequest } from '../../core/plan';
import { ProfilerNotFoundError } from '../errors';
import { helperPath } from '../helperPath';
import { execInGroup, type ExecResult } from '../processTree';
import { findExecutable } from '../toolCheck';
import type { BenchSuite } from './detect';

export interface BenchRunOptions {
  /** Only benchmarks whose name matches (pytest -k, go -bench regexp, criterion filter, node: regexp). */
  filter?: string;
  /** Samples to collect: go -count, pytest min rounds, criterion sample size, node min iterations. Default 30. */
  samples?: number;
  /** Short runs for tests and quick checks: small measurement times. */
  quick?: boolean;
  python?: string;
  node?: string;
  go?: string;
  cargo?: string;
  env?: Record<string, string>;
  signal?: AbortSignal;
  timeoutMs?: number;
  onOutput?: (line: string) => void;
}

export interface BenchSuiteRun {
  suite: BenchSuite;
  run: BenchRun;
  argv: string[];
  stderrTail: string;
}

/** The tool ran but produced no usable result (a failing benchmark, a compile error). */
export class BenchRunError extends Error {
  override readonly name = 'BenchRunError';
  constructor(
    message: string,
    /** The tool's exit code (not named exitCode: the CLI would take that as its own). */
    readonly toolExitCode: number | null,
    readonly stderrTail: string,
  ) {
    super(`${message}${toolExitCode !== null ? ` (exit code ${toolExitCode})` : ''}${stderrTail ? `\nLast output:\n${stderrTail}` : ''}`);
  }
}

/**
 * The request with Hotline's own Node benchmark runner filled in when its program is a
 * *.bench.mjs/.js file (the plan runs such files through it). Always this bundle's runner, never
 * a path from elsewhere.
 */
export function withNodeBenchRunner(request: ProfileRequest): ProfileRequest {
  if (languageOfBenchFile(request.program) !== 'javascript') return request;
  return { ...request, node: { ...request.node, benchRunner: helperPath('benchNode.mjs') } };
}

const INSTALL: Record<string, string> = {
  python3: 'apt-get install python3 (or set hotline.python.interpreter)',
  go: 'https://go.dev/doc/install (or apt-get install golang)',
  cargo: 'https://rustup.rs',
  node: 'https://nodejs.org',
};

function requireTool(command: string, tool: string): void {
  if (!findExecutable(command)) throw new ProfilerNotFoundError(tool, INSTALL[tool] ?? `install ${tool}`, command);
}

/** The argv (and environment) each tool is run with. Pure apart from temp paths passed in. */
export function benchArgv(suite: BenchSuite, opts: BenchRunOptions, out: string): { argv: string[]; env: Record<string, string> } {
  const n = opts.samples ?? 30;
  switch (suite.tool) {
    case 'pytest-benchmark':
      return {
        argv: [
          opts.python ?? 'python3',
          '-m',
          'pytest',
          '-q',
          '-p',
          'no:cacheprovider',
          '--benchmark-only',
          `--benchmark-min-rounds=${n}`,
          '--benchmark-warmup=on',
          `--benchmark-json=${out}/pytest-benchmark.json`,
          `--benchmark-storage=file://${out}/storage`, // no .benchmarks/ folder in the user's tree
          ...(opts.quick ? ['--benchmark-max-time=0.05', '--benchmark-warmup-iterations=20'] : []),
          ...(opts.filter ? ['-k', opts.filter] : []),
          ...suite.files,
        ],
        env: {},
      };
    case 'go-test':
      return {
        argv: [
          opts.go ?? 'go',
          'test',
          '-run',
          '^$',
          '-bench',
          opts.filter ?? '.',
          '-benchmem',
          '-count',
          String(n),
          ...(opts.quick ? ['-benchtime', '20ms'] : ['-benchtime', '200ms']),
          '.',
        ],
        env: {},
      };
    case 'criterion':
      return {
        // --bench '*': only bench targets, so the lib's libtest harness never sees criterion's flags.
        argv: [
          opts.cargo ?? 'cargo',
          'bench',
          '--bench',
          '*',
          '--',
          '--noplot',
          '--sample-size',
          String(Math.max(10, n)),
          ...(opts.quick ? ['--warm-up-time', '0.2', '--measurement-time', '0.5'] : []),
          ...(opts.filter ? [opts.filter] : []),
        ],
        env: { CRITERION_HOME: join(out, 'criterion') },
      };
    case 'tinybench':
      return {
        argv: [
          opts.node ?? process.execPath,
          helperPath('benchNode.mjs'),
          '--out',
          join(out, 'tinybench.json'),
          '--min-samples',
          String(n),
          ...(opts.filter ? ['--filter', opts.filter] : []),
          ...(opts.quick ? ['--time', '200', '--warmup-time', '50'] : []),
          ...suite.files,
        ],
        env: {},
      };
  }
}

function failed(r: ExecResult, what: string): BenchRunError {
  if (r.cancelled) return new BenchRunError(`${what} was cancelled`, null, '');
  if (r.timedOut) return new BenchRunError(`${what} timed out`, r.exitCode, r.stderrTail);
  return new BenchRunError(`${what} failed`, r.exitCode, r.stderrTail);
}

/** Runs a suite and returns its results; throws BenchRunError / ProfilerNotFoundError with the cause. */
export async function runBenchSuite(suite: BenchSuite, opts: BenchRunOptions = {}): Promise<BenchSuiteRun> {
  const tmp = mkdtempSync(join(tmpdir(), 'hotline-bench-'));
  try {
    const { argv, env } = benchArgv(suite, opts, tmp);
    requireTool(argv[0], suite.tool === 'pytest-benchmark' ? 'python3' : suite.tool === 'go-test' ? 'go' : suite.tool === 'criterion' ? 'cargo' : 'node');
    const lines: string[] = [];
    const r = await execInGroup(argv, {
      cwd: suite.cwd,
      env: { ...opts.env, ...env },
      signal: opts.signal,
      deadline: Date.now() + (opts.timeoutMs ?? 15 * 60_000),
      onOutput: (line) => {
        if (suite.tool === 'go-test') lines.push(line);
        opts.onOutput?.(line);
      },
    });
    const what = `${argv.slice(0, 3).join(' ')} in ${suite.cwd}`;
    if (r.cancelled || r.timedOut) throw failed(r, what);
    let run: BenchRun;
    if (suite.tool === 'pytest-benchmark') {
      if (/unrecognized arguments: --benchmark/.test(r.stderrTail)) {
        throw new ProfilerNotFoundError('pytest-benchmark', `${argv[0]} -m pip install pytest-benchmark`, `${argv[0]} -m pytest --benchmark-only`);
      }
      if (/No module named pytest/.test(r.stderrTail))
        throw new ProfilerNotFoundError('pytest', `${argv[0]} -m pip install pytest pytest-benchmark`, `${argv[0]} -m pytest`);
      const file = join(tmp, 'pytest-benchmark.json');
      if (r.exitCode !== 0 || !existsSync(file)) throw failed(r, what);
      run = importPytestBenchmark(JSON.parse(readFileSync(file, 'utf8')), file);
    } else if (suite.tool === 'go-test') {
      if (r.exitCode !== 0) throw new BenchRunError(`${what} failed`, r.exitCode, [...lines.slice(-20), r.stderrTail].join('\n').trim());
      run = importGoBench(lines.join('\n'), what);
    } else if (suite.tool === 'criterion') {
      if (r.exitCode !== 0) throw failed(r, what);
      run = importCriterionDir(join(tmp, 'criterion'));
    } else {
      if (r.exitCode !== 0) throw failed(r, what);
      run = importTinybench(JSON.parse(readFileSync(join(tmp, 'tinybench.json'), 'utf8')), what);
    }
    run.createdAt ??= new Date().toISOString();
    return { suite, run, argv, stderrTail: r.stderrTail };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** cargo's target directory for a crate (workspace-aware), or undefined when cargo cannot say. */
export async function cargoTargetDir(cwd: string, cargo = 'cargo'): Promise<string | undefined> {
  const r = await execInGroup([cargo, 'metadata', '--no-deps', '--format-version', '1'], { cwd, captureStdout: true, deadline: Date.now() + 60_000 });
  try {
    return r.exitCode === 0 ? (JSON.parse(r.stdout) as { target_directory?: string }).target_directory : undefined;
  } catch {
    return undefined;
  }
}
