/**
 * The Go side of `hotline leaks`: goroutine and heap profiles taken at intervals from a running
 * service's /debug/pprof, turned into what grew in every interval — goroutine stacks whose count
 * only rises (named by what they wait on and where), allocation sites whose live bytes only rise
 * (with the map or slice they grow) — and the leak patterns these match. Pure: profiles in, report out.
 */
import type { Profile } from '../model/profile';
import { GoHeapSite, growingHeapSites } from './goHeap';
import { goroutineGroups, GoroutineGrowth, growingGoroutines } from './goroutines';
import { GROWTH_NOISE_FLOOR_BYTES, LeakPatternMatch } from './leakReport';
import { formatBytes } from './memorySeries';
import { signed } from './leakReportText';

export interface GoLeakReport {
  language: 'go';
  /** The program directory, or the pprof URL of a service already running. */
  program: string;
  url: string;
  intervalMs: number;
  snapshots: { atMs: number; goroutines: number; heapInuseBytes: number }[];
  /** True when goroutines or live heap the program's code allocated grew in every interval. */
  grew: boolean;
  goroutines: GoroutineGrowth[];
  heap: GoHeapSite[];
  patterns: LeakPatternMatch[];
  notes: string[];
}

export interface GoSnapshot {
  atMs: number;
  goroutine: Profile;
  heap: Profile;
}

const sumWeight = (p: Profile, name: string): number => {
  const w = p.weightTypes.findIndex((t) => t.name === name);
  let total = 0;
  for (let j = 0; w >= 0 && j < p.sampleStack.length; j++) total += p.sampleWeights[j * p.weightTypes.length + w]!;
  return total;
};

const at = (f: { file: string | null; line: number | null }) => `${f.file ?? '(unknown file)'}:${f.line ?? '?'}`;

export function goLeakReport(
  snapshots: readonly GoSnapshot[],
  context: { program: string; url: string; intervalMs: number; readSource?: (file: string) => string | null },
): GoLeakReport {
  const goroutines = growingGoroutines(snapshots.map((s) => s.goroutine));
  const heap = growingHeapSites(
    snapshots.map((s) => s.heap),
    context.readSource,
  );
  const notes: string[] = [];
  if (snapshots.length < 3) notes.push(`only ${snapshots.length} snapshot(s) were taken: steady growth needs 3 or more`);
  notes.push('heap profiles are sampled (one allocation in every 512 KiB by default): bytes are the runtime’s estimates, as go tool pprof shows them');
  // Goroutines of the standard library alone (an HTTP connection per client) follow the load, not a bug of the program.
  const heapGrowth = heap.reduce((a, s) => a + s.sizeDelta, 0);
  const grew = goroutines.some((g) => g.blockedAt) || heapGrowth > GROWTH_NOISE_FLOOR_BYTES;
  return {
    language: 'go',
    program: context.program,
    url: context.url,
    intervalMs: context.intervalMs,
    snapshots: snapshots.map((s) => ({
      atMs: s.atMs,
      goroutines: goroutineGroups(s.goroutine).reduce((a, g) => a + g.count, 0),
      heapInuseBytes: sumWeight(s.heap, 'inuse_space'),
    })),
    grew,
    goroutines,
    heap,
    patterns: goLeakPatterns(goroutines, heap),
    notes,
  };
}

function goLeakPatterns(goroutines: readonly GoroutineGrowth[], heap: readonly GoHeapSite[]): LeakPatternMatch[] {
  const out: LeakPatternMatch[] = [];
  const blocked = goroutines.find((g) => g.onChannel);
  if (blocked) {
    out.push({
      id: 'goroutine-blocked-on-channel',
      title: 'Goroutine blocked on a channel',
      evidence: `${blocked.counts.join(' -> ')} goroutines wait in ${blocked.wait} at ${blocked.blockedAt ? `${blocked.blockedAt.name} ${at(blocked.blockedAt)}` : 'an unknown frame'}, more in every snapshot`,
      advice:
        'Make sure every goroutine can end: send on or close the channel on every path, select on ctx.Done() (or a timeout) beside the receive, or give the channel a buffer when the sender must not wait.',
      kind: blocked.key,
    });
  }
  const container = heap.find((s) => s.container);
  if (container?.container) {
    const c = container.container;
    out.push({
      id: 'unbounded-container-growth',
      title: c.kind === 'map' ? 'Map that only grows' : 'Slice that only grows',
      evidence: `package-level ${c.kind} ${c.name}${c.declaredAt ? ` (declared at line ${c.declaredAt})` : ''} is grown at ${container.function} ${at(container)}: live bytes ${container.bytes.map(formatBytes).join(' -> ')}`,
      advice: `Bound ${c.name}: delete entries when they are done, evict the oldest past a size (an LRU), or expire them on a TTL.`,
      kind: `${container.function} ${at(container)}`,
    });
  }
  return out;
}

export function formatGoLeakReport(r: GoLeakReport, options: { limit?: number } = {}): string {
  const limit = options.limit ?? 8;
  const verdict = r.grew
    ? 'goroutines or live heap of the program grew in every interval: a leak'
    : 'nothing the program started or allocated grew in every interval';
  const out = [
    `the Go service at ${r.url}, ${r.snapshots.length} goroutine and heap profiles ${(r.intervalMs / 1000).toFixed(1)} s apart: ${verdict}`,
    `  goroutines ${r.snapshots.map((s) => s.goroutines).join(' -> ')}; live heap ${r.snapshots.map((s) => formatBytes(s.heapInuseBytes)).join(' -> ')}`,
  ];
  if (r.patterns.length) {
    out.push('', 'Likely leak patterns:');
    for (const p of r.patterns) out.push(`  ${p.title}: ${p.evidence}`, `    fix: ${p.advice}`);
  }
  if (r.goroutines.length) {
    out.push('', 'Goroutine stacks whose count rose in every interval:');
    for (const g of r.goroutines.slice(0, limit)) {
      const where = g.blockedAt ? `${g.blockedAt.name} ${at(g.blockedAt)}` : '(no frames)';
      out.push(`  +${g.counts[g.counts.length - 1]! - g.counts[0]!} (${g.counts.join(' -> ')})  ${g.wait ?? 'running'} in ${where}`);
    }
  }
  if (r.heap.length) {
    out.push('', 'Allocation sites whose live bytes rose in every interval:');
    for (const s of r.heap.slice(0, limit)) {
      const c = s.container ? `  (grows ${s.container.kind} ${s.container.name})` : '';
      out.push(`  ${signed(s.sizeDelta)} in ${s.countDelta >= 0 ? '+' : ''}${s.countDelta} object(s)  ${s.function} ${at(s)}${c}`);
    }
  }
  if (r.notes.length) out.push('', ...r.notes.map((n) => `note: ${n}`));
  return out.join('\n');
}
