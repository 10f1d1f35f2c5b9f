/**
 * Allocation profiles: runs a program under the right memory profiler and returns a Profile in
 * bytes (+ objects), the raw output file, and resident memory over time.
 *   Python: memray when the interpreter has it (src/helpers/memray_profile.py: every allocation,
 *   C extensions' too, at the high-water mark), else tracemalloc (src/helpers/tracemalloc_profile.py:
 *   Python's allocator, at the snapshot nearest the peak). Both write the same document.
 *   Node: V8 sampling heap profiler (src/helpers/leak_heapprof_preload.cjs), in-use at exit or allocated.
 *   Go: `go test -memprofile` in the package (benchmarks when it has any, else tests), allocated or in-use.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { importProfileFile } from '../../core/importers';
import { importHeapProfile } from '../../core/importers/heapProfileImporter';
import { importTracemalloc, parseTracemallocDocument, tracemallocSeries } from '../../core/importers/tracemallocImporter';
import { MemorySeries } from '../../core/memory/memorySeries';
import { selectWeights } from '../../core/memory/selectWeights';
import { Profile } from '../../core/model/profile';
import { ProfileCancelledError, ProfileMissingError } from '../errors';
import { execInGroup, ExecResult } from '../processTree';
import { helperPath } from '../helperPath';
import { startRssSampler } from './rssSampler';
import { remapHeapProfileFile, transpileForMemory } from './typescriptSupport';
import { languagesWith, languageSpec, type MemoryLanguage, type MemorySpec } from '../../core/languages';

export type { MemoryLanguage };

export interface MemoryProfileRequest {
  /** A .py / .js / .cjs / .mjs / .ts file, or a Go package directory (or a file in it). */
  program: string;
  args?: string[];
  language?: MemoryLanguage;
  cwd?: string;
  python?: string;
  node?: string;
  go?: string;
  /** "inuse": what is alive (Python: at the peak; Node: at exit); "alloc": everything allocated (Node, Go). Go defaults to alloc. */
  space?: 'inuse' | 'alloc';
  /** Folder for the output files (default: a new temp folder). */
  outDir?: string;
  /** Python traceback depth (default 64). */
  frames?: number;
  /** Python: memray when importable (auto, the default), or the one named. */
  pythonTracer?: 'auto' | 'tracemalloc' | 'memray';
  /** Resident-memory sampling interval (default 50 ms). */
  rssIntervalMs?: number;
  /** Go: the -bench regexp (default "." when the package has benchmarks). */
  goBench?: string;
  /** Go: -benchtime (e.g. "1s", "20x"); go's default when absent. */
  goBenchtime?: string;
}

export interface MemoryRunOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  onOutput?: (line: string) => void;
}

export interface MemoryProfileRun {
  /** Weights: [bytes, objects] (names inuse_space/inuse_objects or alloc_space/alloc_objects). */
  profile: Profile;
  /** The profiler's own output (tracemalloc JSON, .heapprofile, Go heap pprof). */
  profilePath: string;
  /** "rss" of the process group, and for Python "python-traced". */
  series: MemorySeries[];
  exitCode: number | null;
  stderrTail: string;
  argv: string[];
  language: MemoryLanguage;
}

export function memorySpec(language: MemoryLanguage): MemorySpec {
  return languageSpec(language).memory!;
}

export function memoryLanguageOf(program: string): MemoryLanguage | null {
  const languages = languagesWith('memory') as MemoryLanguage[];
  const byName = languages.find((l) => memorySpec(l).files.test(program));
  if (byName) return byName;
  try {
    if (statSync(program).isDirectory()) {
      const names = readdirSync(program);
      return languages.find((l) => memorySpec(l).folders && names.some((f) => memorySpec(l).files.test(f))) ?? null;
    }
  } catch {
    // not a directory
  }
  return null;
}

export async function runMemoryProfile(request: MemoryProfileRequest, options: MemoryRunOptions = {}): Promise<MemoryProfileRun> {
  const cwd = request.cwd ?? process.cwd();
  const program = resolve(cwd, request.program);
  if (!existsSync(program)) throw new ProfileMissingError(`${request.program} does not exist`, null, '');
  const language = request.language ?? memoryLanguageOf(program);
  if (!language) {
    throw new ProfileMissingError(
      `cannot tell the language of ${request.program}: memory profiles support Python (.py), JavaScript (.js/.cjs/.mjs), TypeScript (.ts) and Go (a package folder)`,
      null,
      '',
    );
  }
  const outDir = request.outDir ?? mkdtempSync(join(tmpdir(), 'hotline-memory-'));
  const deadline = options.timeoutMs ? Date.now() + options.timeoutMs : undefined;
  const onOutput = options.onOutput ? (line: string) => options.onOutput!(line) : undefined;
  const runner = memorySpec(language);
  if (runner.runner === 'python') {
    const python = request.python ?? 'python3';
    const tracer = request.pythonTracer === 'memray' || (request.pythonTracer !== 'tracemalloc' && hasMemray(python)) ? 'memray' : 'tracemalloc';
    const out = join(outDir, `${tracer}-${process.pid}-${Date.now()}.json`);
    const argv =
      tracer === 'memray'
        ? [python, helperPath('memray_profile.py'), '--out', out, '--', program, ...(request.args ?? [])]
        : [python, helperPath('tracemalloc_profile.py'), '--out', out, '--frames', String(request.frames ?? 64), '--', program, ...(request.args ?? [])];
    const { result, rss } = await runSampled(argv, out, {
      cwd,
      deadline,
      signal: options.signal,
      onOutput,
      interruptSignal: 'SIGTERM',
      rssIntervalMs: request.rssIntervalMs,
    });
    const text = readOutput(out, result, tracer);
    const doc = parseTracemallocDocument(text, out);
    const profile = importTracemalloc(doc, { source: out });
    return {
      profile,
      profilePath: out,
      series: [rss, tracemallocSeries(doc)],
      exitCode: doc.exitCode ?? result.exitCode,
      stderrTail: result.stderrTail,
      argv,
      language,
    };
  }
  if (runner.runner === 'node') {
    const out = join(outDir, `heap-${process.pid}-${Date.now()}.heapprofile`);
    const space = request.space ?? 'inuse';
    const ts = runner.transpile ? transpileForMemory(program, projectRootOf(program), outDir) : null;
    const argv = [request.node ?? process.execPath, helperPath('leak_heapprof_preload.cjs'), ts ? ts.jsEntry : program, ...(request.args ?? [])];
    const env = { HOTLINE_HEAPPROF_OUT: out, HOTLINE_HEAPPROF_ALLOCATED: space === 'alloc' ? '1' : '0', ELECTRON_RUN_AS_NODE: '1' };
    const { result, rss } = await runSampled(argv, out, {
      cwd,
      env,
      deadline,
      signal: options.signal,
      onOutput,
      interruptSignal: 'SIGTERM',
      rssIntervalMs: request.rssIntervalMs,
    });
    readOutput(out, result, 'heap profile');
    if (ts) remapHeapProfileFile(out, ts);
    const profile = importHeapProfile(readFileSync(out, 'utf8'), { source: out, spaceName: space === 'alloc' ? 'alloc_space' : 'inuse_space', command: argv });
    if (ts) profile.metadata.language = 'typescript';
    profile.metadata.exitCode = result.exitCode;
    return { profile, profilePath: out, series: [rss], exitCode: result.exitCode, stderrTail: result.stderrTail, argv, language };
  }
  // Go: a package folder.
  const pkg = statSync(program).isDirectory() ? program : dirname(program);
  const out = join(outDir, `mem-${process.pid}-${Date.now()}.pprof`);
  const hasBench = readdirSync(pkg).some((f) => f.endsWith('_test.go') && /func\s+Benchmark/.test(readFileSync(join(pkg, f), 'utf8')));
  const selection = hasBench
    ? ['-run', '^$', '-bench', request.goBench ?? '.', '-benchmem', ...(request.goBenchtime ? ['-benchtime', request.goBenchtime] : [])]
    : ['-run', '.'];
  const argv = [request.go ?? 'go', 'test', ...selection, '-memprofile', out, '-memprofilerate', '4096', '.'];
  const { result, rss } = await runSampled(argv, out, {
    cwd: pkg,
    deadline,
    signal: options.signal,
    onOutput,
    interruptSignal: 'SIGINT',
    rssIntervalMs: request.rssIntervalMs,
  });
  readOutput(out, result, 'Go heap profile');
  const space = request.space ?? 'alloc';
  const raw = await importProfileFile(out);
  const profile = selectWeights(raw, space === 'alloc' ? ['alloc_space', 'alloc_objects'] : ['inuse_space', 'inuse_objects']);
  return { profile, profilePath: out, series: [rss], exitCode: result.exitCode, stderrTail: result.stderrTail, argv, language };
}

/** Whether `python` can import memray (then its allocation profiles see C extensions' memory too). */
export function hasMemray(python: string): boolean {
  const r = spawnSync(python, ['-c', 'import memray'], { stdio: 'ignore', timeout: 10_000 });
  return r.status === 0;
}

/** The folder TypeScript sources are mirrored from: the nearest one with a package.json, else the program's. */
export function projectRootOf(program: string): string {
  for (let dir = dirname(program); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return dirname(program);
  }
}

interface SampledRun {
  cwd: string;
  env?: Record<string, string>;
  deadline?: number;
  signal?: AbortSignal;
  onOutput?: (line: string) => void;
  interruptSignal: NodeJS.Signals;
  rssIntervalMs?: number;
}

/** Runs argv in its own process group while sampling the group's RSS (found by `marker`). */
export async function runSampled(argv: string[], marker: string, o: SampledRun): Promise<{ result: ExecResult; rss: MemorySeries }> {
  const sampler = startRssSampler(marker, o.rssIntervalMs ?? 50);
  let result: ExecResult;
  try {
    result = await execInGroup(argv, {
      cwd: o.cwd,
      env: o.env,
      deadline: o.deadline,
      signal: o.signal,
      interruptSignal: o.interruptSignal,
      onOutput: o.onOutput ? (l) => o.onOutput!(l) : undefined,
    });
  } catch (e) {
    sampler.stop();
    throw e;
  }
  const rss = sampler.stop();
  if (result.cancelled) throw new ProfileCancelledError();
  return { result, rss };
}

function readOutput(path: string, result: ExecResult, what: string): string {
  if (!existsSync(path)) {
    const why = result.timedOut
      ? 'the time limit was reached before it was written'
      : `the program ended (exit code ${result.exitCode ?? result.signal}) before it was written`;
    throw new ProfileMissingError(`no ${what} was written: ${why}`, result.exitCode, result.stderrTail);
  }
  return readFileSync(path, 'utf8');
}
