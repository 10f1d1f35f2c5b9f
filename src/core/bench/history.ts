// A workspace's benchmark history: every run the editor makes is kept in .hotline/bench-history/ (the
// baseline format), so the results view can chart a benchmark's median across runs.
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readBaseline, serializeBaseline, toBaseline, type BaselineFile } from './baseline';
import { benchmarkKey, type BenchRun } from './model';
import { statsOf } from './statistics';

export const HISTORY_LIMIT = 100;

export function historyFolder(workspaceRoot: string): string {
  return join(workspaceRoot, '.hotline', 'bench-history');
}

/** Appends a run to the history (oldest runs beyond HISTORY_LIMIT are removed); returns the file. */
export function appendHistory(workspaceRoot: string, run: BenchRun, now = new Date()): string {
  const dir = historyFolder(workspaceRoot);
  mkdirSync(dir, { recursive: true });
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  let path = join(dir, `${stamp}-${run.tool}.json`);
  for (let i = 1; existsSync(path); i++) path = join(dir, `${stamp}-${run.tool}-${i}.json`);
  writeFileSync(path, serializeBaseline(toBaseline({ ...run, createdAt: run.createdAt ?? now.toISOString() }, 'history', now)));
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  for (const old of files.slice(0, Math.max(0, files.length - HISTORY_LIMIT))) rmSync(join(dir, old), { force: true });
  return path;
}

/** Every readable run of the history, oldest first; unreadable files are reported, not thrown. */
export function readHistory(workspaceRoot: string): { runs: BaselineFile[]; problems: string[] } {
  const dir = historyFolder(workspaceRoot);
  if (!existsSync(dir)) return { runs: [], problems: [] };
  const runs: BaselineFile[] = [];
  const problems: string[] = [];
  for (const f of readdirSync(dir)
    .filter((x) => x.endsWith('.json'))
    .sort()) {
    try {
      runs.push(readBaseline(join(dir, f)));
    } catch (err) {
      problems.push((err as Error).message);
    }
  }
  runs.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  return { runs, problems };
}

export interface HistoryPoint {
  createdAt: string;
  median: number;
  p95: number;
  cv: number;
}

/** Per benchmark key, its points across runs (oldest first). */
export function historySeries(runs: readonly BenchRun[]): Map<string, HistoryPoint[]> {
  const series = new Map<string, HistoryPoint[]>();
  for (const run of runs) {
    for (const b of run.benchmarks) {
      const s = statsOf(b);
      const key = benchmarkKey(b);
      const points = series.get(key) ?? [];
      points.push({ createdAt: run.createdAt ?? '', median: s.median, p95: s.p95, cv: s.cv });
      series.set(key, points);
    }
  }
  return series;
}
