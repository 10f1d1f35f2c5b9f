// Benchmarks inside a real VS Code, on the examples: the CodeLenses above each benchmark of the Node
// (tinybench) and Go (go test -bench) files, "Run benchmark" really running the tool and drawing the
// Benchmark Results page (median, p95, p99, CV of each benchmark, as computed from the run's samples),
// the run kept in .hotline/bench-history, and "Compare with baseline" against a baseline written the
// way Save Baseline writes it, showing a row and a verdict per benchmark.
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, rmSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import {
  baselinePath,
  benchmarkKey,
  formatDuration,
  readBaseline,
  statsOf,
  toBaseline,
  writeBaseline,
  type BenchRun,
  type BenchmarkResult,
} from '../../../src/core/bench';
import type { HotlineApi } from '../../../src/extension/testApi';
import { hotlineApi as hotline } from './hotline';

function workspaceRoot(): string {
  const ws = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  assert.ok(ws, 'the test workbench has a workspace folder');
  return ws;
}

const jsonFiles = (dir: string) =>
  existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.json'))
        .sort()
    : [];

/** The cells of the HTML tables' rows, keyed by the first cell (the benchmark); headers per table. */
function tables(html: string): { headers: string[]; rows: Map<string, string[]> }[] {
  const cells = (row: string, tag: 'td' | 'th') => [...row.matchAll(new RegExp(`<${tag}[^>]*>([\\s\\S]*?)</${tag}>`, 'g'))].map((m) => m[1]);
  return [...html.matchAll(/<table>([\s\S]*?)<\/table>/g)].map(([, t]) => {
    const headers = cells(/<thead>([\s\S]*?)<\/thead>/.exec(t)?.[1] ?? '', 'th');
    const rows = new Map<string, string[]>();
    for (const [row] of t.matchAll(/<tr[^>]*>[\s\S]*?<\/tr>/g)) {
      const c = cells(row, 'td');
      if (c.length) rows.set(c[0], c);
    }
    return { headers, rows };
  });
}

/** The page's run table (the one with a CV column). */
function runTable(html: string) {
  const t = tables(html).find((x) => x.headers.includes('CV'));
  assert.ok(t, `the results page has a run table with a CV column:\n${html.slice(0, 1500)}`);
  return t;
}

/** Checks a run's benchmark has median/p95/p99/CV and that the page's row shows exactly those numbers. */
function assertShown(html: string, b: BenchmarkResult): void {
  const s = statsOf(b);
  const key = benchmarkKey(b);
  assert.ok(s.n >= 30, `${key}: ${s.n} samples (the default asks for 30)`);
  assert.ok(s.median > 0 && s.p95 >= s.median && s.p99 >= s.p95, `${key}: median ${s.median} ≤ p95 ${s.p95} ≤ p99 ${s.p99}`);
  assert.ok(Number.isFinite(s.cv) && s.cv >= 0, `${key}: CV ${s.cv}`);
  const { headers, rows } = runTable(html);
  const row = rows.get(key);
  assert.ok(row, `the results page has a row for ${key}; rows: ${[...rows.keys()].join(', ')}`);
  const cell = (h: string) => row[headers.indexOf(h)];
  assert.equal(cell('median'), formatDuration(s.median), `${key} median`);
  assert.equal(cell('p95'), formatDuration(s.p95), `${key} p95`);
  assert.equal(cell('p99'), formatDuration(s.p99), `${key} p99`);
  assert.equal(cell('CV'), `${(s.cv * 100).toFixed(1)}%`, `${key} CV`);
  // Samples, and the calls each one times when the tool runs rounds (Hotline's Node runner).
  assert.equal(cell('n'), b.callsPerSample && b.callsPerSample > 1 ? `${s.n} × ${b.callsPerSample}` : String(s.n), `${key} n`);
  assert.match(cell('median'), /^\d[\d.]* (ns|µs|ms|s)$/, `${key}: a duration with its unit`);
}

/** Waits (the tab model follows the panel a moment later) until the results tab carries `label`. */
async function resultsTabLabeled(label: string, ms = 10_000): Promise<void> {
  const tab = () =>
    vscode.window.tabGroups.all
      .flatMap((g) => g.tabs)
      .find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('hotline.benchResults'));
  const end = Date.now() + ms;
  while (tab()?.label !== label) {
    if (Date.now() > end) assert.fail(`the Benchmark Results tab is labeled ${JSON.stringify(tab()?.label)}, not ${JSON.stringify(label)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The CodeLenses VS Code gets for a file, Hotline's benchmark ones, by line. */
async function benchLenses(uri: vscode.Uri): Promise<Map<number, vscode.CodeLens[]>> {
  const all = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100)) ?? [];
  const byLine = new Map<number, vscode.CodeLens[]>();
  for (const l of all.filter((x) => x.command?.command.startsWith('hotline.bench.')))
    byLine.set(l.range.start.line, [...(byLine.get(l.range.start.line) ?? []), l]);
  return byLine;
}

async function assertLenses(uri: vscode.Uri, benchmarks: { name: string; line: string }[]): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(uri);
  const lines = doc.getText().split('\n');
  const byLine = await benchLenses(uri);
  const expected = benchmarks.map((b) => lines.findIndex((l) => l.startsWith(b.line)));
  assert.deepEqual(
    [...byLine.keys()].sort((a, b) => a - b),
    expected,
    `benchmark lenses on the lines of ${benchmarks.map((b) => b.name).join(', ')}`,
  );
  benchmarks.forEach((b, i) => {
    const lenses = byLine.get(expected[i])!;
    assert.deepEqual(
      lenses.map((l) => [l.command!.title, l.command!.command]),
      [
        ['$(play) Run benchmark', 'hotline.bench.run'],
        ['$(flame) Profile benchmark', 'hotline.bench.profile'],
        ['$(diff) Compare with baseline', 'hotline.bench.compareWithBaseline'],
      ],
      `the lenses above ${b.name}`,
    );
    for (const l of lenses) {
      const [argUri, argName] = l.command!.arguments ?? [];
      assert.equal((argUri as vscode.Uri).fsPath, uri.fsPath, `${l.command!.title} targets the file`);
      assert.equal(argName, b.name, `${l.command!.title} targets ${b.name}`);
    }
    console.log(`line ${expected[i] + 1}: ${lenses.map((l) => l.command!.title).join(' | ')} (${b.name})`);
  });
}

/** Runs `hotline.bench.run` and checks the run, the page and the history file it leaves. */
async function runAndCheck(api: HotlineApi, uri: vscode.Uri, name: string | undefined, expectedKeys: string[]): Promise<BenchRun> {
  const history = join(workspaceRoot(), '.hotline', 'bench-history');
  const before = jsonFiles(history);
  const t0 = Date.now();
  const run = await vscode.commands.executeCommand<BenchRun | undefined>('hotline.bench.run', uri, ...(name ? [name] : []));
  assert.ok(run, 'hotline.bench.run returned a run (undefined: it failed or refused; see the "Hotline Benchmarks" output)');
  assert.deepEqual(run.benchmarks.map(benchmarkKey).sort(), [...expectedKeys].sort(), 'the benchmarks run');
  const html = api.benchResultsHtml();
  assert.ok(html, 'the Benchmark Results panel is open');
  assert.match(html, new RegExp(`<h1>Benchmarks · ${(name ?? uri.path.split('/').pop()!).replace(/\./g, '\\.')}</h1>`), 'the page is titled by what ran');
  assert.deepEqual([...runTable(html).rows.keys()].sort(), [...expectedKeys].sort(), 'the page lists exactly the benchmarks run');
  for (const b of run.benchmarks) assertShown(html, b);
  await resultsTabLabeled(`Benchmarks · ${name ?? uri.path.split('/').pop()}`);
  // Kept in the history, with the same benchmarks; the page charts each across the runs kept.
  const added = jsonFiles(history).filter((f) => !before.includes(f));
  assert.equal(added.length, 1, `one new file in .hotline/bench-history (before: ${before.length}, now: ${jsonFiles(history).length})`);
  const kept = readBaseline(join(history, added[0]));
  assert.equal(kept.tool, run.tool);
  assert.deepEqual(kept.benchmarks.map(benchmarkKey).sort(), [...expectedKeys].sort(), 'the history file holds the run');
  for (const key of expectedKeys) assert.ok(html.includes(`<figcaption>${key} — median across `), `a history chart for ${key}`);
  const rows = runTable(html).rows;
  console.log(
    `${run.tool} in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${[...rows.values()].map((r) => `${r[0]} median ${r[2]} p95 ${r[3]} p99 ${r[4]} CV ${r[7]}`).join('; ')}`,
  );
  return run;
}

/** Writes `run` as the workspace's only baseline, as Save Baseline does; returns its name. */
function writeOnlyBaseline(run: BenchRun, name: string): string {
  const dir = join(workspaceRoot(), '.hotline', 'baselines');
  // With more than one baseline the command asks which with a quick pick (which a test cannot answer).
  assert.deepEqual(jsonFiles(dir), [], 'no other baseline in the workspace');
  const path = baselinePath(workspaceRoot(), name);
  writeBaseline(path, toBaseline(run, name));
  baselines.push(path);
  return path;
}

/** The comparison table of the page: key -> {verdict, change}. */
function comparisonRows(html: string): Map<string, { verdict: string; change: string; why: string }> {
  const t = tables(html).find((x) => x.headers.includes('verdict'));
  assert.ok(t, `the page has a comparison table:\n${html.slice(0, 1500)}`);
  const h = (name: string) => t.headers.indexOf(name);
  return new Map([...t.rows].map(([k, c]) => [k, { verdict: c[h('verdict')], change: c[h('change')], why: c[h('why')] }]));
}

// What this suite writes in the workspace is removed afterwards: the runs it added to the history
// (with the folders it created), and each baseline after its test, so that a failed test still
// leaves the next one its only baseline.
const baselines: string[] = [];
let historyBefore: string[] = [];
let hadHotline = true;

describe('benchmarks: CodeLens, run, results page, baseline comparison', function () {
  this.timeout(180_000);
  const root = () => workspaceRoot();

  before(async () => {
    await hotline();
    hadHotline = existsSync(join(root(), '.hotline'));
    historyBefore = jsonFiles(join(root(), '.hotline', 'bench-history'));
  });

  afterEach(() => {
    for (const f of baselines.splice(0)) rmSync(f, { force: true });
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const history = join(root(), '.hotline', 'bench-history');
    for (const f of jsonFiles(history)) if (!historyBefore.includes(f)) rmSync(join(history, f), { force: true });
    for (const d of ['bench-history', 'baselines']) {
      const dir = join(root(), '.hotline', d);
      if (existsSync(dir) && readdirSync(dir).length === 0) rmdirSync(dir);
    }
    if (!hadHotline && existsSync(join(root(), '.hotline')) && readdirSync(join(root(), '.hotline')).length === 0) rmdirSync(join(root(), '.hotline'));
  });

  describe('Node (tinybench): bench/node/textops.bench.mjs', () => {
    const uri = () => vscode.Uri.file(join(root(), 'bench/node/textops.bench.mjs'));
    const key = (n: string) => `textops.bench.mjs::${n}`;
    let fileRun: BenchRun | undefined;

    it('puts Run / Profile / Compare with baseline above each benchmark', async () => {
      await assertLenses(uri(), [
        { name: 'join', line: '  join() {' },
        { name: 'concat', line: '  concat() {' },
        { name: 'sort', line: '  sort() {' },
      ]);
    });

    it("runs the file's benchmarks: median/p95/p99/CV on the results page, the run kept in .hotline/bench-history", async () => {
      fileRun = await runAndCheck(await hotline(), uri(), undefined, ['join', 'concat', 'sort'].map(key));
      assert.equal(fileRun.tool, 'tinybench');
    });

    it("runs one benchmark by name (the CodeLens's arguments)", async () => {
      await runAndCheck(await hotline(), uri(), 'sort', [key('sort')]);
    });

    it('compares with the one saved baseline: a row and a verdict per benchmark', async () => {
      const api = await hotline();
      assert.ok(fileRun, 'the file run of the earlier test');
      // The baseline is that run, with join's samples made 10× faster and sort's 10× slower, so the
      // comparison has a known answer for them: join now slower, sort now faster; concat is as measured.
      const scaled = (b: BenchmarkResult, f: number) => ({ ...b, samples: b.samples.map((v) => v * f) });
      const base: BenchRun = {
        ...fileRun,
        benchmarks: fileRun.benchmarks.map((b) => (b.name === key('join') ? scaled(b, 0.1) : b.name === key('sort') ? scaled(b, 10) : b)),
      };
      writeOnlyBaseline(base, 'bench-test');
      const history = jsonFiles(join(root(), '.hotline', 'bench-history')).length;
      await vscode.commands.executeCommand('hotline.bench.compareWithBaseline', uri());
      const html = api.benchResultsHtml();
      assert.ok(html);
      assert.match(html, /<h1>Benchmarks vs bench-test<\/h1>/);
      await resultsTabLabeled('Benchmarks vs bench-test');
      const rows = comparisonRows(html);
      assert.deepEqual([...rows.keys()].sort(), ['join', 'concat', 'sort'].map(key).sort(), 'one comparison row per benchmark');
      assert.equal(rows.get(key('join'))?.verdict, 'slower', `join against a baseline 10× faster: ${JSON.stringify(rows.get(key('join')))}`);
      assert.equal(rows.get(key('sort'))?.verdict, 'faster', `sort against a baseline 10× slower: ${JSON.stringify(rows.get(key('sort')))}`);
      assert.match(rows.get(key('concat'))?.verdict ?? '', /^(unchanged|faster|slower)$/, 'concat has a verdict');
      assert.match(rows.get(key('join'))!.change, /^\+\d+(\.\d)?%$/, 'join: the change in percent');
      assert.match(html, /<h2>Compared with the baseline: [12] slower, [12] faster \(tolerance ±\d+%\)<\/h2>/, 'the summary line');
      // The current run is shown below the comparison, and kept in the history too.
      for (const b of fileRun.benchmarks) assert.ok(runTable(html).rows.has(benchmarkKey(b)), `the current run's row for ${benchmarkKey(b)}`);
      const now = jsonFiles(join(root(), '.hotline', 'bench-history'));
      assert.equal(now.length, history + 1, 'the comparison run is kept in the history');
      console.log([...rows].map(([k, r]) => `${k}: ${r.verdict} ${r.change} (${r.why})`).join('; '));
    });
  });

  describe('Go (go test -bench): bench/go/textops_test.go', () => {
    const uri = () => vscode.Uri.file(join(root(), 'bench/go/textops_test.go'));
    const pkg = 'example.com/hotline/benchdemo';
    let fileRun: BenchRun | undefined;

    it('puts Run / Profile / Compare with baseline above each benchmark (not above the test)', async () => {
      await assertLenses(uri(), [
        { name: 'BenchmarkJoinBuilder', line: 'func BenchmarkJoinBuilder(' },
        { name: 'BenchmarkJoinConcat', line: 'func BenchmarkJoinConcat(' },
      ]);
    });

    it("runs the file's benchmarks: median/p95/p99/CV on the results page, the run kept in .hotline/bench-history", async () => {
      fileRun = await runAndCheck(await hotline(), uri(), undefined, [`${pkg}/BenchmarkJoinBuilder`, `${pkg}/BenchmarkJoinConcat`]);
      assert.equal(fileRun.tool, 'go-test');
    });

    it('compares one benchmark with the baseline: its row only, none reported removed', async () => {
      const api = await hotline();
      assert.ok(fileRun, 'the file run of the earlier test');
      writeOnlyBaseline(fileRun, 'go-bench-test');
      await vscode.commands.executeCommand('hotline.bench.compareWithBaseline', uri(), 'BenchmarkJoinBuilder');
      const html = api.benchResultsHtml();
      assert.ok(html);
      assert.match(html, /<h1>Benchmarks vs go-bench-test<\/h1>/);
      const rows = comparisonRows(html);
      assert.deepEqual([...rows.keys()], [`${pkg}/BenchmarkJoinBuilder`], 'only the benchmark that ran is compared');
      assert.match(rows.get(`${pkg}/BenchmarkJoinBuilder`)!.verdict, /^(unchanged|faster|slower)$/, 'a verdict');
      assert.deepEqual([...runTable(html).rows.keys()], [`${pkg}/BenchmarkJoinBuilder`]);
      console.log([...rows].map(([k, r]) => `${k}: ${r.verdict} ${r.change} (${r.why})`).join('; '));
    });
  });
});
