// The importer bench's big files (issue 14, "Size"): `hotline report` and `hotline flamegraph -o`
// run as child processes of the built CLI with Node's default heap settings, wall time and peak RSS
// measured from outside; speedscope loads the same files in Chromium in the same run.
// Sizes (env): HOTLINE_BENCH_PERF_MB (perf script, shared with the throughput part; full size 1024),
// HOTLINE_BENCH_FOLDED_STACKS (distinct folded stacks, a quarter as many distinct frames; full size
// 2000000 ≈ 400 MB), HOTLINE_BENCH_SPEEDSCOPE_MB (full size 300); HOTLINE_BENCH_SPEEDSCOPE=0 skips
// the browser. Defaults run in a few minutes on 2 shared cores.
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { generateFolded, generateSpeedscope } from './bigProfiles';
import { measured, type Run } from './measured';
import { SpeedscopeFailure, speedscopeApp, timeSpeedscope, type SpeedscopeRun } from './speedscopeTiming';

const TARGET_PEAK_BYTES = 1.5 * 1024 ** 3;
const SPEEDSCOPE_TIMEOUT_MS = 15 * 60 * 1000;

interface BigFile {
  label: string;
  path: string;
  /** The total the generator wrote, which `report --json` must give back. */
  total: number;
}

const mb = (bytes: number): string => `${(bytes / 1024 ** 2).toFixed(0)} MB`;
const secs = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** Generates the folded file (and a byte-sorted copy, as stackcollapse and inferno write) and the speedscope file into `dir`. */
export function generateBigFiles(dir: string): BigFile[] {
  const stacks = Number(process.env.HOTLINE_BENCH_FOLDED_STACKS ?? '200000');
  const folded = join(dir, 'wide.folded');
  const t0 = Date.now();
  const foldedTotal = generateFolded(folded, stacks, Math.floor(stacks / 4));
  const sorted = join(dir, 'wide-sorted.folded');
  execFileSync('sort', ['-S', '512M', '-o', sorted, folded], { env: { ...process.env, LC_ALL: 'C' } });
  const speedscope = join(dir, 'wide.speedscope.json');
  const ss = generateSpeedscope(speedscope, Number(process.env.HOTLINE_BENCH_SPEEDSCOPE_MB ?? '30') * 1024 ** 2, Math.floor(stacks / 4));
  console.log(
    `generated: ${stacks} distinct folded stacks over ${Math.floor(stacks / 4)} frames (+ sorted copy), speedscope with ${ss.samples} samples, in ${secs(Date.now() - t0)}`,
  );
  return [
    { label: `folded, ${stacks} stacks`, path: folded, total: foldedTotal },
    { label: `folded sorted, ${stacks} stacks`, path: sorted, total: foldedTotal },
    { label: `speedscope, ${ss.samples} samples`, path: speedscope, total: ss.total },
  ];
}

function cli(root: string, args: string[], out: string): Run | Error {
  try {
    return measured([process.execPath, join(root, 'bin/hotline.js'), ...args], out);
  } catch (e) {
    return e as Error;
  }
}

/** Runs every file through report, flamegraph and speedscope, prints the table; true when all met the target. */
export async function runBigFiles(root: string, dir: string, files: BigFile[]): Promise<boolean> {
  const app = process.env.HOTLINE_BENCH_SPEEDSCOPE === '0' ? null : speedscopeApp();
  if (!app && process.env.HOTLINE_BENCH_SPEEDSCOPE !== '0') console.log('speedscope: not installed (scripts/setup.d/55-speedscope.sh) — no comparison');
  let ok = true;
  const rows: string[][] = [['file', 'size', 'report', 'flamegraph', 'speedscope', 'report / speedscope', 'flamegraph / speedscope']];
  for (const f of files) {
    const size = statSync(f.path).size;
    const report = cli(root, ['report', f.path, '--json', '--top', '5'], join(dir, 'report.json'));
    const flame = cli(root, ['flamegraph', f.path, '-o', join(dir, 'flame.html')], join(dir, 'flame.out'));
    for (const [name, r] of [
      ['report', report],
      ['flamegraph', flame],
    ] as const) {
      if (r instanceof Error) {
        console.log(`FAIL: ${f.label}: hotline ${name}: ${r.message.split('\n').slice(0, 3).join(' ')}`);
        ok = false;
      } else if (r.peakBytes > TARGET_PEAK_BYTES) {
        console.log(`FAIL: ${f.label}: hotline ${name} peak RSS ${mb(r.peakBytes)} > 1536 MB`);
        ok = false;
      }
    }
    if (!(report instanceof Error)) {
      const total = (JSON.parse(execFileSync('cat', [report.out], { encoding: 'utf8' })) as { total: number }).total;
      if (total !== f.total) {
        console.log(`FAIL: ${f.label}: report total ${total}, the generator wrote ${f.total}`);
        ok = false;
      }
    }
    let ss: SpeedscopeRun | Error | null = null;
    if (app) ss = await timeSpeedscope(app, f.path, SPEEDSCOPE_TIMEOUT_MS).catch((e: Error) => e);
    const cell = (r: Run | Error): string => (r instanceof Error ? 'failed' : `${secs(r.ms)}, ${mb(r.peakBytes)} peak`);
    const rendererPeak = (b: number | null): string => (b ? `, renderer ${mb(b)} peak` : '');
    const ssCell =
      ss === null
        ? '—'
        : ss instanceof SpeedscopeFailure
          ? `${ss.what} at ${secs(ss.atMs)}${rendererPeak(ss.rendererPeakBytes)}`
          : ss instanceof Error
            ? `failed (${ss.message.slice(0, 60)})`
            : `${secs(ss.ms)}${ss.heapBytes ? `, ${mb(ss.heapBytes)} JS heap` : ''}${rendererPeak(ss.rendererPeakBytes)}`;
    // Hotline's wall time over speedscope's on the same file: below 1, Hotline was faster.
    const ratio = (r: Run | Error): string => (ss && !(ss instanceof Error) && !(r instanceof Error) ? (r.ms / ss.ms).toFixed(2) : '—');
    rows.push([f.label, mb(size), cell(report), cell(flame), ssCell, ratio(report), ratio(flame)]);
    console.log(`${f.label}: ${rows[rows.length - 1]!.slice(1).join(' | ')}`);
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  console.log(
    `\nbig files (wall time; Hotline's peak RSS is the child's ru_maxrss, target < 1536 MB and no crash; speedscope's renderer peak is its VmHWM; load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}):`,
  );
  for (const r of rows) console.log(`| ${r.map((v, c) => v.padEnd(widths[c]!)).join(' | ')} |`);
  return ok;
}
