/**
 * Event-loop blocks for Node/V8 profiles: maximal stretches of the sample timeline with no
 * "(idle)" sample, i.e. the loop could not serve anything else. The seed's "event loop lag" row.
 */
import type { Profile } from '../model/profile';

export interface EventLoopBlock {
  startMs: number;
  durationMs: number;
  samples: number;
  /** "trace": a task the recording itself marks (a Chrome trace's long task); else a stretch with no idle sample. */
  source?: 'trace';
  /** Leaf functions that held the block, heaviest first. */
  frames: { name: string; file?: string; line?: number; share: number; frame: number }[];
}

export interface EventLoopOptions {
  /** Shortest stretch worth reporting, in milliseconds (default 50, the "long task" bar). */
  minMs?: number;
  /** Most blocks to return, longest first (default 5). */
  limit?: number;
}

const IDLE = /^\((?:idle)\)$/;

export function hasEventLoop(profile: Profile): boolean {
  const m = profile.metadata;
  return !!profile.timeline && (m.format === 'cpuprofile' || m.language === 'javascript' || m.language === 'typescript');
}

export function eventLoopBlocks(profile: Profile, opts: EventLoopOptions = {}): EventLoopBlock[] {
  const tl = profile.timeline;
  if (!tl || tl.stacks.length < 2) return [];
  const minNs = (opts.minMs ?? 50) * 1e6;
  const limit = opts.limit ?? 5;
  if (tl.tasks) return recordedTasks(profile, minNs, limit);
  const n = tl.stacks.length;
  const interval = profile.metadata.sampleIntervalNs ?? medianGap(tl.timesNs);
  const idle = (s: number) => s < 0 || IDLE.test(profile.frames[profile.stackFrame[s]!]!.name);
  const runs: { start: number; end: number; ns: number }[] = [];
  for (let i = 0; i < n;) {
    if (idle(tl.stacks[i]!)) {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < n && !idle(tl.stacks[j + 1]!)) j++;
    // The stretch lasts until the next sample (the first idle one), or one interval at the end.
    const endNs = j + 1 < n ? tl.timesNs[j + 1]! : tl.timesNs[j]! + interval;
    const ns = endNs - tl.timesNs[i]!;
    if (ns >= minNs) runs.push({ start: i, end: j, ns });
    i = j + 1;
  }
  runs.sort((a, b) => b.ns - a.ns);
  return runs.slice(0, limit).map((r) => ({
    startMs: tl.timesNs[r.start]! / 1e6,
    durationMs: r.ns / 1e6,
    samples: r.end - r.start + 1,
    frames: blockHolders(profile, r.start, r.end),
  }));
}

/**
 * The tasks the recording marks (its own start and duration, not the samples' guess), longest first,
 * each held by the samples that fall inside it. A task no sample fell in is still listed, with no holders.
 */
function recordedTasks(profile: Profile, minNs: number, limit: number): EventLoopBlock[] {
  const tl = profile.timeline!;
  const firstAtOrAfter = (ns: number) => {
    let lo = 0;
    let hi = tl.timesNs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (tl.timesNs[mid]! < ns) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return tl
    .tasks!.filter((t) => t.durationNs >= minNs)
    .sort((a, b) => b.durationNs - a.durationNs)
    .slice(0, limit)
    .map((t) => {
      const start = firstAtOrAfter(t.startNs);
      const end = firstAtOrAfter(t.startNs + t.durationNs) - 1;
      return {
        startMs: t.startNs / 1e6,
        durationMs: t.durationNs / 1e6,
        samples: Math.max(0, end - start + 1),
        source: 'trace' as const,
        frames: end >= start ? blockHolders(profile, start, end) : [],
      };
    });
}

/** For each timeline sample start..end, the deepest user frame (else the leaf); ranked by count. */
export function blockHolders(profile: Profile, start: number, end: number): EventLoopBlock['frames'] {
  const stacks = profile.timeline!.stacks;
  const counts = new Map<number, number>();
  for (let i = start; i <= end; i++) {
    const leaf = stacks[i]!;
    let pick = profile.stackFrame[leaf]!;
    for (let s = leaf; s >= 0; s = profile.stackParent[s]!) {
      const f = profile.stackFrame[s]!;
      if (profile.frames[f]!.kind === 'user') {
        pick = f;
        break;
      }
    }
    counts.set(pick, (counts.get(pick) ?? 0) + 1);
  }
  const total = end - start + 1;
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([f, c]) => {
      const fr = profile.frames[f]!;
      return { name: fr.name, ...(fr.file !== null ? { file: fr.file } : {}), ...(fr.line !== null ? { line: fr.line } : {}), share: c / total, frame: f };
    });
}

function medianGap(times: Float64Array): number {
  const gaps: number[] = [];
  for (let i = 1; i < times.length && gaps.length < 10000; i++) gaps.push(times[i]! - times[i - 1]!);
  gaps.sort((a, b) => a - b);
  return gaps[gaps.length >> 1] ?? 0;
}
