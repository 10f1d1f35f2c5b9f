/**
 * Go goroutine profiles (`/debug/pprof/goroutine`, protobuf, read by the pprof importer): goroutines
 * grouped by stack with their counts, what each group waits on (named from the runtime frames the
 * scheduler parks it in: runtime.chanrecv1 → chan receive, runtime.selectgo → select, …), and
 * across three or more snapshots the stacks whose count rose in every interval — the goroutine leak.
 * The protobuf rather than `?debug=1` text: it is the format every pprof tool reads and diffs, and
 * the runtime frames it keeps (runtime.gopark and its callers) name the wait as well as the text's header. Pure.
 */
import type { Frame, Profile } from '../model/profile';
import type { LeakFrame } from './leakReport';

export interface GoroutineGroup {
  /** The stack's frames joined, leaf first: the same in every snapshot of one binary. */
  key: string;
  count: number;
  /** Root first, as LeakSite stacks are. */
  stack: LeakFrame[];
  /** What the goroutines wait on, e.g. "chan receive", "select", "mutex"; null when running or unknown. */
  wait: string | null;
  /** True for a channel operation: chan receive / send, select, select with no cases. */
  onChannel: boolean;
  /** The innermost frame in the program's own code: where it waits; null when the stack has none. */
  blockedAt: LeakFrame | null;
}

export interface GoroutineGrowth extends GoroutineGroup {
  /** The count in each snapshot, first to last. */
  counts: number[];
}

// Leaf first, the first frame that matches names the wait.
const WAITS: readonly [RegExp, string, boolean][] = [
  [/^runtime\.chanrecv[12]?$/, 'chan receive', true],
  [/^runtime\.chansend1?$/, 'chan send', true],
  [/^runtime\.selectgo$/, 'select', true],
  [/^runtime\.block$/, 'select with no cases', true],
  [/^sync\.runtime_SemacquireRWMutex(R)?$/, 'RWMutex', false],
  [/^sync\.runtime_SemacquireMutex$/, 'mutex', false],
  [/^sync\.runtime_SemacquireWaitGroup$|^sync\.\(\*WaitGroup\)\.Wait$/, 'WaitGroup.Wait', false],
  [/^sync\.runtime_notifyListWait$/, 'Cond.Wait', false],
  [/^internal\/poll\.runtime_pollWait$/, 'IO wait', false],
  [/^time\.Sleep$/, 'sleep', false],
];

function leakFrame(f: Frame): LeakFrame {
  return { name: f.name, file: f.file, line: f.line };
}

/** The frames of stack node `node`, leaf first. */
export function stackFrames(profile: Profile, node: number): Frame[] {
  const out: Frame[] = [];
  for (let n = node; n >= 0; n = profile.stackParent[n]!) out.push(profile.frames[profile.stackFrame[n]!]!);
  return out;
}

/** The innermost frame of the program's own code (not the runtime, standard library or a module). */
export function innermostUserFrame(leafFirst: readonly Frame[]): Frame | null {
  return leafFirst.find((f) => f.kind === 'user') ?? null;
}

export function stackKey(leafFirst: readonly Frame[]): string {
  return leafFirst.map((f) => `${f.name} ${f.file ?? ''}:${f.line ?? ''}`).join('\n');
}

/** What a goroutine parked in this stack waits on ("parked" when the scheduler parked it for a reason not named here). */
export function goroutineWait(leafFirst: readonly Frame[]): { wait: string | null; onChannel: boolean } {
  for (const f of leafFirst) {
    const hit = WAITS.find(([re]) => re.test(f.name));
    if (hit) return { wait: hit[1], onChannel: hit[2] };
  }
  return { wait: leafFirst.some((f) => f.name === 'runtime.gopark') ? 'parked' : null, onChannel: false };
}

/** The goroutines of one profile grouped by stack, most first. */
export function goroutineGroups(profile: Profile): GoroutineGroup[] {
  const w = profile.weightTypes.findIndex((t) => t.name === 'goroutine');
  if (w < 0) throw new Error(`not a goroutine profile: its sample types are ${profile.weightTypes.map((t) => t.name).join(', ')}`);
  const groups = new Map<string, GoroutineGroup>();
  const stride = profile.weightTypes.length;
  for (let j = 0; j < profile.sampleStack.length; j++) {
    const frames = stackFrames(profile, profile.sampleStack[j]!);
    const key = stackKey(frames);
    const count = profile.sampleWeights[j * stride + w]!;
    const group = groups.get(key);
    if (group) {
      group.count += count;
      continue;
    }
    const user = innermostUserFrame(frames);
    groups.set(key, {
      key,
      count,
      stack: frames.map(leakFrame).reverse(),
      ...goroutineWait(frames),
      blockedAt: user ? leakFrame(user) : null,
    });
  }
  return [...groups.values()].sort((a, b) => b.count - a.count);
}

/** Values that rose in every interval (at least three snapshots). */
export function risesEveryInterval(values: readonly number[]): boolean {
  return values.length >= 3 && values.every((v, i) => i === 0 || v > values[i - 1]!);
}

/**
 * Stacks whose goroutine count rose in every interval across the snapshots (first to last), most
 * grown first: goroutines that are started and never end.
 */
export function growingGoroutines(snapshots: readonly Profile[]): GoroutineGrowth[] {
  const perSnapshot = snapshots.map((p) => new Map(goroutineGroups(p).map((g) => [g.key, g])));
  const last = perSnapshot[perSnapshot.length - 1];
  if (!last || snapshots.length < 3) return [];
  const out: GoroutineGrowth[] = [];
  for (const group of last.values()) {
    const counts = perSnapshot.map((m) => m.get(group.key)?.count ?? 0);
    if (risesEveryInterval(counts)) out.push({ ...group, counts });
  }
  return out.sort((a, b) => b.counts[b.counts.length - 1]! - b.counts[0]! - (a.counts[a.counts.length - 1]! - a.counts[0]!));
}
