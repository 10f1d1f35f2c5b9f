/**
 * `hotline bench run|compare`: run a project's benchmarks with their own tool, save baselines, and
 * compare two result sets. compare (and run --against) exit 1 on a regression, 0 otherwise, 2 on bad input.
 */
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import {
  baselinePath,
  compareRuns,
  comparisonMarkdown,
  comparisonText,
  DEFAULT_ALPHA,
  DEFAULT_THRESHOLD,
  loadBenchRun,
  runText,
  statsOf,
  toBaseline,
  writeBaseline,
  benchmarkKey,
  mergeRuns,
  type BenchRun,
  type BenchTool,
  type RunComparison,
} from '../../core/bench';
import { cargoTargetDir, detectBenchSuites, runBenchSuite, withGitWorktree, type BenchRunOptions, type BenchSuite } from '../../profilers/bench';
import { parseCliArgs, wholeNumber } from '../args';
import { CliUsageError, type CliCommand, type CliIO } from '../command';

const usage = `Usage:
  hotline bench run [path] [--save NAME [--force]] [--against REF [--rounds K]] [--tool T] [--filter F]
                    [--samples N] [--quick] [--json] [--out FILE]
  hotline bench compare <baseline> <current> [--threshold PCT] [--alpha A] [--json] [--markdown FILE]

run      finds the benchmark suites under path (default: the current folder) and runs each with its own
         tool: pytest-benchmark, go test -bench, cargo bench (criterion), or node (tinybench, files
         *.bench.mjs). Prints median, p95, p99, mean, stddev, CV and outliers per benchmark.
  --save NAME   write .hotline/baselines/NAME.json (refuses to replace it unless --force)
  --against REF also run REF (e.g. main) from a temporary git worktree and compare: exit 1 on a regression
  --rounds K    with --against: alternate REF and the working tree K times and pool the samples (default 1;
                3 on shared CI machines, so a change of load does not look like a change of speed)
  --tool T      only suites of T: pytest-benchmark | go-test | criterion | tinybench
  --filter F    only benchmarks matching F (pytest -k, go -bench regexp, criterion filter, node regexp)
  --samples N   samples per benchmark (default 30: go -count, pytest min rounds, criterion sample size)
  --quick       short measurement times (smoke checks; not for decisions)
  --out FILE    write the results (a Hotline baseline file) to FILE

compare  compares two result sets, each a baseline name (.hotline/baselines/NAME.json), a baseline
         file, pytest-benchmark JSON, go test -bench output, a criterion folder (target/criterion) or
         node-runner JSON. A benchmark is "slower" only when its median moved beyond the tolerance AND
         the change is significant (Mann–Whitney U and a seeded bootstrap interval of the median ratio).
  --threshold PCT  tolerance in percent (default ${DEFAULT_THRESHOLD * 100})
  --alpha A        significance level (default ${DEFAULT_ALPHA})
  --markdown FILE  also write a Markdown summary (for a pull request or $GITHUB_STEP_SUMMARY; - = stdout)
  --json           print the comparison as JSON

Exit codes: 0 no regression, 1 at least one benchmark slower, 2 bad input or a failed run.`;

const TOOLS: BenchTool[] = ['pytest-benchmark', 'go-test', 'criterion', 'tinybench'];

/** Node's wording for an unknown option, which bench printed before the commands shared parseCliArgs. */
const unknownOption = (option: string) => `Unknown option '${option}'; see "hotline bench --help"`;

/** "10", "10%" or "7.5" -> 0.10 / 0.075. */
export function parseThreshold(text: string | undefined): number {
  if (text === undefined) return DEFAULT_THRESHOLD;
  const m = /^(\d+(?:\.\d+)?)%?$/.exec(text.trim());
  const pct = m ? Number(m[1]) : NaN;
  if (!(pct >= 0 && pct <= 1000)) throw new CliUsageError(`--threshold takes a percentage such as 10 or 7.5, got "${text}"`);
  return pct / 100;
}

function positiveInt(text: string | undefined, flag: string): number | undefined {
  return text === undefined ? undefined : wholeNumber(text, flag, { min: 1, max: 100_000 });
}

/** A baseline name (.hotline/baselines/NAME.json under cwd) or a path. */
function resolveBenchInput(arg: string, cwd: string): string {
  const asPath = isAbsolute(arg) ? arg : resolve(cwd, arg);
  if (existsSync(asPath)) return asPath;
  if (/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(arg)) {
    const p = baselinePath(cwd, arg);
    if (existsSync(p)) return p;
    throw new CliUsageError(
      `"${arg}" is neither a file nor a saved baseline (looked for ${relative(cwd, p)}); save one with "hotline bench run --save ${arg}"`,
    );
  }
  throw new CliUsageError(`no such file or folder: ${arg}`);
}

function comparisonJson(c: RunComparison) {
  const round = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? null : Number(v.toPrecision(6)));
  return {
    threshold: c.threshold,
    alpha: c.alpha,
    regressions: c.regressions,
    improvements: c.improvements,
    benchmarks: c.rows.map((r) => ({
      name: r.key,
      verdict: r.verdict,
      baselineMedianNs: round(r.base?.median),
      currentMedianNs: round(r.current?.median),
      change: round(r.change),
      pValue: round(r.pValue),
      test: r.test,
      ratioInterval: r.interval ? [round(r.interval.low), round(r.interval.high)] : null,
      unstable: !!(r.base?.unstable || r.current?.unstable),
      reason: r.reason,
    })),
  };
}

function report(c: RunComparison, flags: { json?: boolean; markdown?: string }, io: CliIO): number {
  const md = comparisonMarkdown(c);
  if (flags.markdown && flags.markdown !== '-') writeFileSync(resolve(io.cwd, flags.markdown), md, { flag: 'a' });
  if (flags.json) io.stdout(JSON.stringify(comparisonJson(c), null, 2) + '\n');
  else if (flags.markdown === '-') io.stdout(md);
  else io.stdout(comparisonText(c));
  if (c.regressions > 0 && !flags.json) {
    const slow = c.rows.filter((r) => r.verdict === 'slower');
    io.stderr(`hotline: ${slow.length} benchmark${slow.length === 1 ? '' : 's'} slower: ${slow.map((r) => `${r.key} (${r.reason})`).join('; ')}\n`);
  }
  return c.regressions > 0 ? 1 : 0;
}

function runJson(run: BenchRun) {
  return {
    ...run,
    benchmarks: run.benchmarks.map((b) => {
      const { samples, ...rest } = b;
      const s = statsOf(b);
      return {
        ...rest,
        key: benchmarkKey(b),
        samples: samples.length,
        stats: { ...s, p95: Number.isFinite(s.p95) ? s.p95 : null, p99: Number.isFinite(s.p99) ? s.p99 : null },
      };
    }),
  };
}

async function runCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCliArgs(
    'bench',
    argv,
    {
      save: { type: 'string' },
      force: { type: 'boolean' },
      against: { type: 'string' },
      rounds: { type: 'string' },
      tool: { type: 'string' },
      filter: { type: 'string' },
      samples: { type: 'string' },
      quick: { type: 'boolean' },
      json: { type: 'boolean' },
      out: { type: 'string' },
      threshold: { type: 'string' },
      alpha: { type: 'string' },
      markdown: { type: 'string' },
    },
    { unknownOption },
  );
  if (positionals.length > 1) throw new CliUsageError(`bench run takes one path, got ${positionals.length}`);
  const target = resolve(io.cwd, positionals[0] ?? '.');
  if (!existsSync(target)) throw new CliUsageError(`no such file or folder: ${positionals[0]}`);
  const tool = values.tool;
  if (tool !== undefined && !TOOLS.includes(tool as BenchTool)) throw new CliUsageError(`--tool takes one of ${TOOLS.join(', ')}, got "${tool}"`);
  const threshold = parseThreshold(values.threshold);
  const savePath = values.save !== undefined ? baselinePath(io.cwd, values.save) : undefined;
  if (savePath && existsSync(savePath) && !values.force) {
    throw new CliUsageError(`baseline ${relative(io.cwd, savePath)} already exists; pass --force to replace it (or choose another --save name)`);
  }
  const find = (root: string) => detectBenchSuites(root).filter((s) => !tool || s.tool === tool);
  const suites = find(target);
  if (suites.length === 0) {
    throw new CliUsageError(
      `no benchmarks found under ${positionals[0] ?? '.'}${tool ? ` for ${tool}` : ''} (looked for pytest-benchmark tests, Go Benchmark functions, criterion benches, *.bench.mjs)`,
    );
  }
  const single = values.save !== undefined || values.out !== undefined || values.against !== undefined;
  if (single && suites.length > 1) {
    throw new CliUsageError(
      `found ${suites.length} suites (${suites.map((s) => `${s.tool} in ${relative(io.cwd, s.cwd) || '.'}`).join(', ')}); --save, --out and --against take one: pass its folder or --tool`,
    );
  }
  const opts: BenchRunOptions = {
    filter: values.filter,
    samples: positiveInt(values.samples, '--samples'),
    quick: !!values.quick,
    onOutput: values.json ? undefined : (line) => io.stderr(`${line}\n`),
  };
  const alpha = values.alpha === undefined ? DEFAULT_ALPHA : Number(values.alpha);
  if (!(alpha > 0 && alpha < 1)) throw new CliUsageError(`--alpha takes a number between 0 and 1, got "${values.alpha}"`);

  if (values.against !== undefined) {
    const ref = values.against;
    const suite = suites[0]!;
    // criterion: build the other ref into the working tree's target dir, so dependencies are not rebuilt.
    const targetDir = suite.tool === 'criterion' && !process.env.CARGO_TARGET_DIR ? await cargoTargetDir(suite.cwd) : undefined;
    const rounds = positiveInt(values.rounds, '--rounds') ?? 1;
    // Alternating rounds (ref, tree, ref, tree, ...) spread a change of machine load over both sides.
    const { base, current } = await withGitWorktree(suite.cwd, ref, async (dir, commit) => {
      const there: BenchSuite = { ...suite, cwd: dir };
      const baseRuns: BenchRun[] = [];
      const currentRuns: BenchRun[] = [];
      for (let i = 1; i <= rounds; i++) {
        const round = rounds > 1 ? ` (round ${i} of ${rounds})` : '';
        io.stderr(`hotline: running ${suite.tool} at ${ref}${round}\n`);
        baseRuns.push((await runBenchSuite(there, { ...opts, env: targetDir ? { CARGO_TARGET_DIR: targetDir } : undefined })).run);
        io.stderr(`hotline: running ${suite.tool} in the working tree${round}\n`);
        currentRuns.push((await runBenchSuite(suite, opts)).run);
      }
      return { base: { ...mergeRuns(baseRuns), commit }, current: mergeRuns(currentRuns) };
    });
    if (savePath) writeBaseline(savePath, toBaseline(current, values.save as string), { force: !!values.force });
    return report(compareRuns(base, current, { threshold, alpha }), { json: !!values.json, markdown: values.markdown }, io);
  }

  const runs: BenchRun[] = [];
  for (const suite of suites) {
    if (!values.json) io.stderr(`hotline: running ${suite.tool} in ${relative(io.cwd, suite.cwd) || '.'}\n`);
    runs.push((await runBenchSuite(suite, opts)).run);
  }
  if (savePath) {
    writeBaseline(savePath, toBaseline(runs[0]!, values.save as string), { force: !!values.force });
    io.stderr(`hotline: saved baseline ${relative(io.cwd, savePath)}\n`);
  }
  if (values.out !== undefined) {
    const out = resolve(io.cwd, values.out);
    writeBaseline(out, toBaseline(runs[0]!, 'run'), { force: true });
  }
  if (values.json) io.stdout(JSON.stringify(runs.length === 1 ? runJson(runs[0]!) : runs.map(runJson), null, 2) + '\n');
  else for (const r of runs) io.stdout(`${r.tool}\n${runText(r)}\n`);
  return 0;
}

async function compareCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCliArgs(
    'bench',
    argv,
    {
      threshold: { type: 'string' },
      alpha: { type: 'string' },
      json: { type: 'boolean' },
      markdown: { type: 'string' },
      seed: { type: 'string' },
    },
    { unknownOption },
  );
  if (positionals.length !== 2) throw new CliUsageError('bench compare takes two inputs: <baseline> <current>');
  const [baseArg, curArg] = positionals as [string, string];
  const basePath = resolveBenchInput(baseArg, io.cwd);
  const curPath = resolveBenchInput(curArg, io.cwd);
  const base = loadBenchRun(basePath);
  const current = loadBenchRun(curPath);
  if (statSync(basePath).isFile() && basePath === curPath) io.stderr('hotline: comparing a file with itself\n');
  const alpha = values.alpha === undefined ? DEFAULT_ALPHA : Number(values.alpha);
  if (!(alpha > 0 && alpha < 1)) throw new CliUsageError(`--alpha takes a number between 0 and 1, got "${values.alpha}"`);
  const seed = values.seed === undefined ? undefined : positiveInt(values.seed, '--seed');
  const c = compareRuns(base, current, { threshold: parseThreshold(values.threshold), alpha, seed });
  if (c.rows.every((r) => r.verdict === 'added' || r.verdict === 'removed')) {
    throw new CliUsageError(`no benchmark appears in both ${baseArg} and ${curArg} (are they from the same suite?)`);
  }
  return report(c, { json: !!values.json, markdown: values.markdown }, io);
}

export const benchCommand: CliCommand = {
  name: 'bench',
  summary: 'run benchmarks, save baselines, compare runs (exit 1 on a regression)',
  usage,
  async run(argv, io) {
    const [sub, ...rest] = argv;
    if (sub === 'run') return runCommand(rest, io);
    if (sub === 'compare') return compareCommand(rest, io);
    throw new CliUsageError(
      sub ? `unknown bench subcommand "${sub}"; use "bench run" or "bench compare"` : 'bench needs a subcommand: run or compare (see "hotline bench --help")',
    );
  },
};
