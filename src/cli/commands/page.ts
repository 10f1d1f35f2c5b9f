/**
 * `hotline page <url>`: Lighthouse's load metrics for a page (median of N runs and their spread),
 * the findings that matter, and a budget.json or Lighthouse CI assertions check: exit 1 over budget,
 * 0 otherwise, 2 on bad input.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  BudgetFormatError,
  bundlesText,
  evaluateBudget,
  evaluateLhciAssertions,
  isLhciAssertConfig,
  matchingBudget,
  pageJson,
  pageText,
  parseBudgets,
  parseLhciAssertions,
  summarizeRuns,
  type Budget,
  type LhciAssertConfig,
  type LongTask,
  type PageAudit,
  type PageBundles,
} from '../../core/page';
import {
  findChromium,
  findLighthouse,
  PageInputError,
  pageBundles,
  portOpen,
  recordPageCpuProfile,
  runLighthouse,
  startServer,
  type RunningServer,
} from '../../profilers/page';
import { parseCliArgs, positiveNumber, wholeNumber } from '../args';
import { CliUsageError, type CliCommand, type CliIO } from '../command';
import { recordInteraction, recordUsage } from './pageRecord';
import { pageMemoryUsage, runPageMemory } from './pageMemory';

const usage = `Usage: hotline page <url> [--budget budget.json] [--runs N] [--json] [--bundles] [--server "cmd"] [--timeout S] [--cpu-profile out.cpuprofile]
       hotline page <url> --record [--duration S] [--cpu-profile out.cpuprofile] [--json]
       hotline page <url> --memory --action SELECTOR [--repeat N] [--out DIR] [--json]

Runs Lighthouse (performance, simulated mobile throttling) in headless Chromium on the URL and prints
LCP, FCP, CLS, TBT, Speed Index and TTI with Lighthouse's scores, then the render-blocking resources,
unused JavaScript and CSS, byte weight, long main-thread tasks and script execution time, and each
script's bytes per npm package and source file (from its source map, fetched from the page's server or,
when the server does not serve it, read from the build output under the current folder, e.g. dist/).
  --runs N        run Lighthouse N times (default 1) and print each metric's median and spread
  --budget FILE   check Lighthouse's budget.json format (resourceSizes in KiB, resourceCounts, timings
                  in ms) against the medians, or Lighthouse CI's assertions (a lighthouserc.json or
                  its ci.assert object: categories:performance minScore, an audit's maxNumericValue,
                  resource-summary:script:size, levels error/warn/off; no presets), told apart by
                  content: exit 1 when a budget or an error-level assertion is exceeded
  --server "cmd"  start this command (e.g. "npm run preview") first, wait until the URL's port opens,
                  stop it and everything it started afterwards
  --timeout S     seconds allowed for each Lighthouse run (default 120) and for the server's port (60)
  --json          print the metrics, findings, waterfall and budget checks as JSON
  --bundles       print only the bundle composition (per bundle: where its map came from, its npm
                  packages and source files by size); with --json, only its JSON (budgets still decide the exit code)
  --cpu-profile F also record the page's main-thread CPU profile during a load (V8's sampler in
                  Chromium), frames mapped through the bundles' source maps to the files under the
                  current folder; open F with hotline report or in the editor's flame graph. The
                  main thread's tasks over 50 ms are printed with the frames sampled in each
${recordUsage}

Needs Lighthouse (bash scripts/setup.d/60-web.sh; or HOTLINE_LIGHTHOUSE) and Chromium (CHROME_PATH or PATH).
Exit codes: 0 within budget, 1 a budget exceeded, 2 bad input (unreachable URL, bad budget file, ...).

${pageMemoryUsage}`;

export function pageUrl(text: string | undefined): URL {
  if (!text) throw new CliUsageError('page needs a URL, e.g. hotline page http://127.0.0.1:4173/');
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new CliUsageError(`"${text}" is not a URL; give the full address, e.g. http://127.0.0.1:4173/`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new CliUsageError(`page audits http(s) URLs, got ${url.protocol}`);
  return url;
}

/** Throws the one message for a URL where nothing answers. */
export async function pageAnswers(url: URL): Promise<void> {
  if (!(await portOpen(url.hostname.replace(/^\[|\]$/g, ''), Number(url.port || (url.protocol === 'https:' ? 443 : 80)), 3000)))
    throw new PageInputError(`nothing answers at ${url.host} (${url.href}); start the page's server first or pass --server "npm run preview"`);
}

type BudgetFile = { kind: 'budget'; budgets: Budget[] } | { kind: 'lhci'; config: LhciAssertConfig };

function readBudgets(file: string, cwd: string): BudgetFile {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(resolve(cwd, file), 'utf8'));
  } catch (err) {
    throw new CliUsageError(`cannot read the budget file ${file}: ${(err as Error).message}`);
  }
  try {
    return isLhciAssertConfig(json) ? { kind: 'lhci', config: parseLhciAssertions(json) } : { kind: 'budget', budgets: parseBudgets(json) };
  } catch (err) {
    if (err instanceof BudgetFormatError) throw new CliUsageError(`${file}: ${err.message}`);
    throw err;
  }
}

async function run(argv: string[], io: CliIO): Promise<number> {
  if (argv.includes('--record')) return recordInteraction(argv, io);
  const { values, positionals } = parseCliArgs('page', argv, {
    budget: { type: 'string' },
    runs: { type: 'string' },
    json: { type: 'boolean' },
    bundles: { type: 'boolean' },
    server: { type: 'string' },
    timeout: { type: 'string' },
    'cpu-profile': { type: 'string' },
    memory: { type: 'boolean' },
    action: { type: 'string' },
    repeat: { type: 'string' },
    out: { type: 'string' },
  });
  if (positionals.length > 1) throw new CliUsageError(`page takes one URL, got ${positionals.length}`);
  const url = pageUrl(positionals[0]);
  if (values.memory) return runPageMemory(url, values, io);
  const runs = values.runs === undefined ? 1 : wholeNumber(values.runs, '--runs', { min: 1, max: 50 });
  const timeoutMs = values.timeout === undefined ? undefined : positiveNumber(values.timeout, '--timeout') * 1000;
  const budgetFile = values.budget === undefined ? undefined : readBudgets(values.budget, io.cwd);
  // Missing tools are reported before any server starts.
  findLighthouse();
  findChromium();
  const log = values.json ? undefined : (line: string) => io.stderr(`${line}\n`);

  let server: RunningServer | undefined;
  if (values.server !== undefined) {
    io.stderr(`hotline: starting "${values.server}" and waiting for port ${url.port || 80}\n`);
    server = await startServer(values.server, url, { cwd: io.cwd, timeoutMs: timeoutMs ?? 60_000 });
  } else await pageAnswers(url);
  const audits: PageAudit[] = [];
  let longTasks: readonly LongTask[] | undefined;
  let bundles: PageBundles;
  try {
    for (let i = 1; i <= runs; i++) {
      io.stderr(`hotline: Lighthouse run ${i} of ${runs} on ${url.href}\n`);
      audits.push(await runLighthouse(url.href, { cwd: io.cwd, timeoutMs, onOutput: log && ((line) => /error|warn/i.test(line) && log(line)) }));
    }
    // The scripts of the median run and their source maps, while the server still answers.
    bundles = await pageBundles(summarizeRuns(audits).medianRun.waterfall, [io.cwd]);
    if (values['cpu-profile'] !== undefined) {
      const out = resolve(io.cwd, values['cpu-profile']);
      io.stderr(`hotline: recording the page's CPU profile during a load of ${url.href}\n`);
      const cpu = await recordPageCpuProfile(url.href, { cwd: io.cwd, outputFile: out, timeoutMs });
      longTasks = cpu.longTasks;
      io.stderr(
        `hotline: wrote ${out} (${cpu.remappedFrames} frames mapped through ${cpu.sourceMaps.size} source map${cpu.sourceMaps.size === 1 ? '' : 's'})\n`,
      );
    }
  } finally {
    await server?.stop();
  }
  const page = summarizeRuns(audits);
  const budgets = budgetFile?.kind === 'budget' ? budgetFile.budgets : undefined;
  const budget = budgets && matchingBudget(budgets, page.medianRun.url);
  if (budgets && !budget) io.stderr(`hotline: no budget in ${values.budget} has a path matching ${page.medianRun.url}\n`);
  const result = budget && evaluateBudget(budget, page);
  const assertions = budgetFile?.kind === 'lhci' ? evaluateLhciAssertions(budgetFile.config, page) : undefined;
  if (assertions && assertions.results.length === 0) io.stderr(`hotline: no assertion in ${values.budget} applies to ${page.medianRun.url}\n`);
  if (values.bundles) io.stdout(values.json ? JSON.stringify(bundles, null, 2) + '\n' : bundlesText(bundles).join('\n') + '\n');
  else
    io.stdout(
      values.json
        ? JSON.stringify(pageJson(page, result, { assertions, longTasks, bundles }), null, 2) + '\n'
        : pageText(page, result, { assertions, longTasks, bundles }),
    );
  if (result && result.exceeded > 0) {
    io.stderr(
      `hotline: ${result.exceeded} budget${result.exceeded === 1 ? '' : 's'} exceeded: ${result.checks
        .filter((c) => c.over)
        .map((c) => (c.kind === 'timing' ? c.name : `${c.name} ${c.kind}`))
        .join(', ')}\n`,
    );
    return 1;
  }
  if (assertions && assertions.errors > 0) {
    const failed = assertions.results.filter((r) => !r.passed && r.level === 'error').map((r) => `${r.key} ${r.name}`);
    io.stderr(`hotline: ${assertions.errors} assertion${assertions.errors === 1 ? '' : 's'} failed: ${failed.join(', ')}\n`);
    return 1;
  }
  return 0;
}

export const pageCommand: CliCommand = {
  name: 'page',
  summary: 'Lighthouse load metrics of a page, with a budget check (exit 1 over budget); --record an interaction',
  usage,
  run,
};
