/**
 * The leak finder's result, the same for Python and Node: allocation sites and object kinds that
 * grew between a baseline snapshot (after warm-up) and a snapshot after N runs of one operation,
 * plus the common leak patterns they match. This is the `hotline leaks --json` object.
 */
export interface LeakFrame {
  name: string;
  file: string | null;
  line: number | null;
}

export interface LeakSite {
  /** Function that allocated (innermost frame in the user's code). */
  function: string;
  file: string | null;
  /** 1-based. */
  line: number | null;
  /** True when the line is where the allocating function starts, not the allocation itself (V8). */
  lineIsFunctionStart?: boolean;
  /** Growth in bytes / objects of what this site allocated and is still alive. */
  sizeDelta: number;
  countDelta: number;
  /** Kind(s) allocated there, when known (Node). */
  kinds?: string[];
  /** Call stack, root first. */
  stack: LeakFrame[];
}

export interface RetainerStep {
  /** e.g. "leaky_cache._CACHE", "['request-4']", ".config-changed", "(context) ctx". */
  text: string;
  /** "global", "dict", "list", "property", "element", "context", "internal", "object", ... */
  kind: string;
}

export interface LeakKind {
  /** Constructor / type name; closures as "(closure) name @ file:line". */
  name: string;
  countBefore: number;
  countAfter: number;
  countDelta: number;
  /** Self (shallow) size change in bytes. */
  sizeDelta: number;
  /** Retained size change in bytes (Node: from the dominator tree). */
  retainedDelta?: number;
  /** Where it is defined (Node: the closure or constructor). */
  definedAt?: { file: string; line: number };
  /** Where the new instances were allocated (Node, with allocation tracking). */
  allocatedAt?: LeakSite[];
  /** One path from a root/global down to a new instance: what keeps it alive. */
  retainerPath?: RetainerStep[];
  /** Whole program: the count in each snapshot, first to last. */
  counts?: number[];
  /** Python: the type defines __del__ / the sampled instance sits in a reference cycle. */
  definesDel?: boolean;
  inCycle?: boolean;
}

/** A module-level container of the program whose length grew (Python). */
export interface GrowingContainer {
  /** "module.NAME" */
  name: string;
  /** dict, list, set, deque, OrderedDict, ... */
  type: string;
  lenBefore: number;
  lenAfter: number;
}

export type LeakPatternId =
  | 'listener-not-removed'
  | 'cache-without-eviction'
  | 'closure-holding-scope'
  | 'cycle-with-del'
  | 'goroutine-blocked-on-channel'
  | 'unbounded-container-growth'
  | 'detached-dom-retained';

export interface LeakPatternMatch {
  id: LeakPatternId;
  title: string;
  /** Why it matched, naming the kind/path/warning seen. */
  evidence: string;
  /** What to do about it. */
  advice: string;
  /** The kind it was found on. */
  kind?: string;
}

export interface LeakReport {
  language: 'python' | 'javascript';
  program: string;
  /** The operation (function) that was repeated; "" for a whole program (see wholeProgram). */
  call: string;
  /** Runs of the operation between the snapshots; for a whole program, the intervals between its snapshots. */
  runs: number;
  warmup: number;
  /** Heap bytes in the baseline and after (Python: traced by tracemalloc; Node: snapshot totals). */
  bytesBefore: number;
  bytesAfter: number;
  /** (after - before) / runs. */
  bytesPerRun: number;
  /** Set when the program ran as itself and was snapshotted every intervalMs (no operation repeated). */
  wholeProgram?: { intervalMs: number; snapshots: { atMs: number; heapUsedBytes: number; bytes: number }[] };
  /** Growth per run in a second round of N runs after the second snapshot (heap measured alone). */
  secondRoundBytesPerRun?: number;
  /** True when memory grew by more than noise per run in the first round and kept growing in the second. */
  grew: boolean;
  sites: LeakSite[];
  kinds: LeakKind[];
  /** Python: module-level containers that got longer between the snapshots. */
  containers?: GrowingContainer[];
  patterns: LeakPatternMatch[];
  /** Runtime warnings seen while the operation ran (e.g. MaxListenersExceededWarning). */
  warnings: string[];
  notes: string[];
  opNsPerRun?: number;
  durationNs?: number;
}

/** Below this growth per run, a difference is treated as noise (interning, caches filled once, JIT). */
const GROWTH_NOISE_BYTES_PER_RUN = 64;
/** Below this total growth in the second round, it is noise. */
export const GROWTH_NOISE_FLOOR_BYTES = 4096;

/**
 * The verdict: growth above noise per run in the first round, and still above noise in the second
 * (a leak keeps growing; a bounded cache that filled up or a one-time warm-up effect levels off).
 * The first round may also hold one-time costs, so the rounds are not required to match.
 */
export function isSteadyGrowth(firstRoundBytes: number, secondRoundBytes: number | undefined, runs: number): boolean {
  const perRun = firstRoundBytes / Math.max(1, runs);
  if (perRun <= GROWTH_NOISE_BYTES_PER_RUN) return false;
  if (secondRoundBytes === undefined) return true;
  // A few KiB either way is the runtime's own churn (inline caches, interned strings), whatever N is.
  return secondRoundBytes / Math.max(1, runs) > GROWTH_NOISE_BYTES_PER_RUN && secondRoundBytes > GROWTH_NOISE_FLOOR_BYTES;
}
