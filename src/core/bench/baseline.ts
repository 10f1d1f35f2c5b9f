// Baseline files: `.hotline/baselines/<name>.json`, meant to be committed. Versioned; never overwritten
// unless the caller says so (the CLI's --force, the editor's confirmation).
import { closeSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { BenchFormatError, type BenchRun, type BenchTool } from './model';
import { statsOf } from './statistics';

export const BASELINE_SCHEMA = 'hotline-bench-baseline';
export const BASELINE_VERSION = 1;
const TOOLS: BenchTool[] = ['pytest-benchmark', 'go-test', 'criterion', 'tinybench'];

export interface BaselineFile extends BenchRun {
  schema: typeof BASELINE_SCHEMA;
  version: typeof BASELINE_VERSION;
  name: string;
  createdAt: string;
  unit: 'ns';
}

export class BaselineExistsError extends Error {
  override readonly name = 'BaselineExistsError';
  readonly exitCode = 2;
  constructor(readonly path: string) {
    super(`baseline ${path} already exists; pass --force to replace it (or choose another --save name)`);
  }
}

/** Baseline names become file names: letters, digits, dot, dash, underscore. */
export function baselinePath(workspaceRoot: string, name: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/.test(name) || name.includes('..')) {
    throw new BenchFormatError(name, 'a baseline name may hold letters, digits, ".", "-" and "_" (e.g. "main" or "v1.2")');
  }
  return join(workspaceRoot, '.hotline', 'baselines', `${name}.json`);
}

export function toBaseline(run: BenchRun, name: string, now = new Date()): BaselineFile {
  return {
    schema: BASELINE_SCHEMA,
    version: BASELINE_VERSION,
    name,
    createdAt: run.createdAt ?? now.toISOString(),
    unit: 'ns',
    tool: run.tool,
    toolVersion: run.toolVersion,
    commit: run.commit,
    benchmarks: run.benchmarks,
  };
}

/** The JSON text of a baseline; each benchmark also carries its statistics, for people reading the diff. */
export function serializeBaseline(b: BaselineFile): string {
  const benchmarks = b.benchmarks.map((x) => {
    const s = statsOf(x);
    const round = (v: number) => (Number.isFinite(v) ? Number(v.toPrecision(6)) : null);
    return {
      ...x,
      stats: { n: s.n, median: round(s.median), p95: round(s.p95), p99: round(s.p99), mean: round(s.mean), stddev: round(s.stddev), cv: round(s.cv) },
    };
  });
  return JSON.stringify({ ...b, benchmarks }, null, 2) + '\n';
}

export function looksLikeBaseline(json: unknown): boolean {
  return !!json && typeof json === 'object' && (json as { schema?: unknown }).schema === BASELINE_SCHEMA;
}

/** Validates a parsed baseline file; `source` names it in errors. */
export function parseBaseline(json: unknown, source: string): BaselineFile {
  if (!looksLikeBaseline(json)) throw new BenchFormatError(source, `not a Hotline baseline (expected "schema": "${BASELINE_SCHEMA}")`);
  const j = json as Record<string, unknown>;
  if (typeof j.version !== 'number' || j.version > BASELINE_VERSION) {
    throw new BenchFormatError(source, `baseline version ${String(j.version)} is newer than this Hotline reads (${BASELINE_VERSION}); update Hotline`);
  }
  if (!TOOLS.includes(j.tool as BenchTool)) throw new BenchFormatError(source, `unknown tool ${JSON.stringify(j.tool)}`);
  if (!Array.isArray(j.benchmarks)) throw new BenchFormatError(source, '"benchmarks" is not an array');
  const benchmarks = j.benchmarks.map((raw: Record<string, unknown>, i: number) => {
    if (typeof raw?.name !== 'string' || !Array.isArray(raw.samples))
      throw new BenchFormatError(source, `benchmark ${i}: expected {"name": string, "samples": number[]}`);
    if (raw.samples.some((v) => typeof v !== 'number' || !Number.isFinite(v) || v < 0))
      throw new BenchFormatError(source, `benchmark ${i} (${raw.name}): samples must be non-negative numbers`);
    if (raw.samples.length === 0 && (typeof raw.summary !== 'object' || raw.summary === null))
      throw new BenchFormatError(source, `benchmark ${i} (${raw.name}): no samples and no summary`);
    const { stats: _derived, ...rest } = raw;
    return rest as unknown as BaselineFile['benchmarks'][number];
  });
  return { ...(j as unknown as BaselineFile), benchmarks };
}

export function readBaseline(path: string): BaselineFile {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new BenchFormatError(path, `cannot read the baseline: ${(err as Error).message}`);
  }
  return parseBaseline(json, path);
}

/** Writes a baseline; refuses to replace an existing file unless `force` (checked atomically with O_EXCL). */
export function writeBaseline(path: string, baseline: BaselineFile, opts: { force?: boolean } = {}): void {
  mkdirSync(dirname(path), { recursive: true });
  let fd: number;
  try {
    fd = openSync(path, opts.force ? 'w' : 'wx');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new BaselineExistsError(path);
    throw err;
  }
  try {
    writeSync(fd, serializeBaseline(baseline));
  } finally {
    closeSync(fd);
  }
}
