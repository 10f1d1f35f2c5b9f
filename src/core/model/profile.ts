/**
 * The one profile representation every importer produces and every view reads.
 * Close to pprof / the Firefox profiler: interned frames, interned stacks as a trie
 * (parent + frame per stack node), and samples that point at a stack node.
 * Pure data: no vscode, no processes.
 */
import { HELPER_SCRIPTS } from '../helperScripts';

import { libraryPathRegex } from '../languages';

/** Who owns a frame: the user's code, a third-party library, the language runtime, or native code. */
export type FrameKind = 'user' | 'library' | 'runtime' | 'native';

export interface Frame {
  /** Function (or symbol) name as the profiler wrote it; untrusted text. */
  readonly name: string;
  /** Source file as recorded (absolute where the profiler wrote absolute paths), null when unknown. */
  readonly file: string | null;
  /** 1-based line, null when unknown. */
  readonly line: number | null;
  /** 1-based column, null when unknown. */
  readonly column: number | null;
  readonly kind: FrameKind;
  /**
   * 1-based line where the enclosing function starts, when the format records it (V8 callFrame,
   * pprof Function.start_line, pstats). `line` is where the sample was (leaf) or the call site.
   */
  readonly functionLine?: number | null;
}

export type WeightUnit = 'samples' | 'nanoseconds' | 'bytes' | 'objects' | 'instructions' | 'count';

export interface WeightType {
  /** e.g. "samples", "cpu", "wall", "alloc_space", "inuse_space", "Ir". */
  readonly name: string;
  readonly unit: WeightUnit;
}

export interface ProfileMetadata {
  /** Importer format id: "cpuprofile", "pprof", "speedscope", "folded", "perf-script", "callgrind", "pstats", "tracemalloc", "heapprofile". */
  format: string;
  /** Profiler that recorded it, e.g. "py-spy", "cProfile", "node --cpu-prof", "go test -cpuprofile", "perf". */
  profiler?: string;
  profilerVersion?: string;
  language?: 'python' | 'javascript' | 'typescript' | 'go' | 'rust' | 'c' | 'cpp' | string;
  /** argv of the profiled program, when known. */
  command?: string[];
  cwd?: string;
  /** Wall-clock duration of the recording in nanoseconds. */
  durationNs?: number;
  /** Sampling interval in nanoseconds (1e9 / rate). */
  sampleIntervalNs?: number;
  /** The profiled program's own exit code (not the profiler's); null when killed by a signal. */
  exitCode?: number | null;
  /** ISO timestamp of capture. */
  capturedAt?: string;
  /** True for tracing profilers (cProfile, callgrind): exact counts, distorted timing. */
  deterministic?: boolean;
  /** True when the profile has call-graph edges only, not full stacks (cProfile/pstats). */
  stacksAreSynthetic?: boolean;
  /** Human-readable remarks from the importer (e.g. "3 frames pointed nowhere and were dropped"). */
  notes?: string[];
  /** Source file name the profile was read from, if any. */
  sourceFile?: string;
  /** Formats with several profiled threads (threadChoice.ts): every one with samples, the one this Profile holds marked `shown`. */
  threads?: ProfileThread[];
}

/** A profiled thread of a multi-thread file. */
export interface ProfileThread {
  /** `pid:tid`, what ImportOptions.thread (and `--thread`) takes to pick exactly this thread. */
  readonly id: string;
  readonly name: string;
  readonly pid: number | string;
  readonly tid: number | string | null;
  /** The kind of process, when the format says it (Gecko: "tab" for a content process). */
  readonly process?: string;
  readonly samples: number;
  /** This Profile holds this thread. */
  readonly shown: boolean;
}

/**
 * A sampled timeline, kept only where a profiler records sample order (V8 .cpuprofile,
 * speedscope evented). Used for event-loop blocks and memory-over-time views.
 */
export interface Timeline {
  /** Stack node per sample, in time order. */
  readonly stacks: Int32Array;
  /** Sample time in nanoseconds from the start of the recording. */
  readonly timesNs: Float64Array;
  /**
   * Tasks the recording itself marks on this timeline, in time order: a Chrome trace's long tasks
   * (RunTask over 50 ms on the profiled thread). Absent when the format has none.
   */
  readonly tasks?: readonly TimelineTask[];
}

export interface TimelineTask {
  readonly startNs: number;
  readonly durationNs: number;
}

export interface Profile {
  readonly metadata: ProfileMetadata;
  readonly weightTypes: readonly WeightType[];
  /** Interned frames; frame ids index this array. */
  readonly frames: readonly Frame[];
  /** Stack trie: node i has frame stackFrame[i] and parent stackParent[i] (-1 for a root). */
  readonly stackFrame: Int32Array;
  readonly stackParent: Int32Array;
  /**
   * Aggregated samples: sampleStack[j] is a stack node (the leaf), and
   * sampleWeights[j * weightTypes.length + w] its weight of type w. Identical stacks are merged.
   */
  readonly sampleStack: Int32Array;
  readonly sampleWeights: Float64Array;
  readonly timeline?: Timeline;
}

/** Raised by importers: names the format, the file, and where it broke. */
export class ProfileFormatError extends Error {
  override readonly name = 'ProfileFormatError';
  constructor(
    readonly format: string,
    readonly detail: string,
    readonly source?: string,
    readonly where?: string,
  ) {
    // One line: details may quote the input (JSON parse errors do), which may hold line breaks.
    super(
      `${source ? `${oneLine(source)}: ` : ''}not a valid ${format === 'profile' ? '' : `${format} `}profile${where ? ` (${oneLine(where)})` : ''}: ${oneLine(detail)}`,
    );
  }
}

function oneLine(s: string): string {
  return s.replace(/[\r\n\u2028\u2029]+/g, ' ');
}

export interface FrameInput {
  name: string;
  file?: string | null;
  line?: number | null;
  column?: number | null;
  kind?: FrameKind;
  functionLine?: number | null;
}

/**
 * Builds a Profile incrementally: interns frames and stacks, merges identical stacks.
 * Memory grows with distinct frames and stacks, not with samples.
 */
export class ProfileBuilder {
  private readonly frames: Frame[] = [];
  private readonly frameIds = new Map<string, number>();
  private stackFrame = new Int32Array(1024);
  private stackParent = new Int32Array(1024);
  private stackCount = 0;
  /**
   * (parent, frame) → stack node, as an open-addressing hash table in typed arrays: importers call
   * stack() once per frame of every sample (hundreds of millions of times for a 1 GB perf script),
   * and nested Maps cost both time and memory there.
   */
  private slots = newSlots(1 << 12); // [parent, frame, node, unused] per slot: one cache line per probe
  private slotMask = (1 << 12) - 1;
  private readonly sampleIndexByStack = new Map<number, number>();
  private sampleStack = new Int32Array(1024);
  private sampleWeights: Float64Array;
  private sampleCount = 0;
  private timelineStacks: number[] | null = null;
  private timelineTimes: number[] | null = null;
  private timelineTasks: TimelineTask[] | null = null;
  readonly metadata: ProfileMetadata;

  constructor(
    metadata: ProfileMetadata,
    readonly weightTypes: readonly WeightType[] = [{ name: 'samples', unit: 'samples' }],
    options: { timeline?: boolean } = {},
  ) {
    this.metadata = { ...metadata };
    this.sampleWeights = new Float64Array(1024 * weightTypes.length);
    if (options.timeline) {
      this.timelineStacks = [];
      this.timelineTimes = [];
    }
  }

  /** Interns a frame and returns its id. Non-finite or non-positive lines become null. */
  frame(input: FrameInput): number {
    const file = input.file ?? null;
    const line = validPosition(input.line);
    const column = validPosition(input.column);
    const kind = input.kind ?? classifyFrame(input.name, file);
    const functionLine = validPosition(input.functionLine);
    const key = `${input.name}\u0000${file ?? ''}\u0000${line ?? ''}\u0000${column ?? ''}\u0000${kind}\u0000${functionLine ?? ''}`;
    let id = this.frameIds.get(key);
    if (id === undefined) {
      id = this.frames.length;
      // Kept for the profile's life: copies, never views into the importer's input (see ownCopy).
      const name = ownCopy(input.name);
      const own = file === null ? null : ownCopy(file);
      this.frames.push(functionLine === null ? { name, file: own, line, column, kind } : { name, file: own, line, column, kind, functionLine });
      this.frameIds.set(key, id);
    }
    return id;
  }

  /** Returns the stack node for `frame` called from `parent` (-1 for a root). */
  stack(parent: number, frame: number): number {
    const slots = this.slots;
    let slot = hashPair(parent, frame) & this.slotMask;
    for (;;) {
      const at = slot << 2;
      const node = slots[at + 2]!;
      if (node === -1) break;
      if (slots[at + 1] === frame && slots[at] === parent) return node;
      slot = (slot + 1) & this.slotMask;
    }
    const node = this.stackCount++;
    if (node >= this.stackFrame.length) {
      this.stackFrame = grow(this.stackFrame);
      this.stackParent = grow(this.stackParent);
    }
    this.stackFrame[node] = frame;
    this.stackParent[node] = parent;
    slots[slot << 2] = parent;
    slots[(slot << 2) + 1] = frame;
    slots[(slot << 2) + 2] = node;
    if (this.stackCount * 2 > this.slotMask) this.rehash();
    return node;
  }

  /** Stack node for a whole stack of frame ids, root first. Returns -1 for an empty stack. */
  stackOf(framesRootFirst: ArrayLike<number>): number {
    let node = -1;
    for (let i = 0; i < framesRootFirst.length; i++) node = this.stack(node, framesRootFirst[i]!);
    return node;
  }

  /**
   * Adds weight to a stack node. Weights that are not finite or are negative are rejected
   * (returns false) so one bad record cannot poison the totals.
   */
  addSampleAt(stackNode: number, weights: ArrayLike<number>, timeNs?: number): boolean {
    if (stackNode < 0) return false;
    const n = this.weightTypes.length;
    for (let w = 0; w < n; w++) {
      const v = weights[w] ?? 0;
      if (!Number.isFinite(v) || v < 0 || v > Number.MAX_SAFE_INTEGER) return false;
    }
    let idx = this.sampleIndexByStack.get(stackNode);
    if (idx === undefined) {
      idx = this.sampleCount++;
      if (idx >= this.sampleStack.length) {
        this.sampleStack = grow(this.sampleStack);
        const bigger = new Float64Array(this.sampleStack.length * n);
        bigger.set(this.sampleWeights);
        this.sampleWeights = bigger;
      }
      this.sampleStack[idx] = stackNode;
      this.sampleIndexByStack.set(stackNode, idx);
    }
    for (let w = 0; w < n; w++) this.sampleWeights[idx * n + w] += weights[w] ?? 0;
    if (this.timelineStacks && timeNs !== undefined && Number.isFinite(timeNs)) {
      this.timelineStacks.push(stackNode);
      this.timelineTimes!.push(timeNs);
    }
    return true;
  }

  /** Convenience: frame ids root first, then weights. */
  addSample(framesRootFirst: ArrayLike<number>, weights: ArrayLike<number>, timeNs?: number): boolean {
    return this.addSampleAt(this.stackOf(framesRootFirst), weights, timeNs);
  }

  /** Marks a task the recording names on the timeline (kept only when the builder keeps a timeline). */
  task(startNs: number, durationNs: number): void {
    if (this.timelineStacks && Number.isFinite(startNs) && Number.isFinite(durationNs) && durationNs > 0)
      (this.timelineTasks ??= []).push({ startNs, durationNs });
  }

  note(text: string): void {
    (this.metadata.notes ??= []).push(text);
  }

  get distinctFrames(): number {
    return this.frames.length;
  }

  build(): Profile {
    const n = this.weightTypes.length;
    return {
      metadata: this.metadata,
      weightTypes: this.weightTypes,
      frames: this.frames,
      stackFrame: this.stackFrame.slice(0, this.stackCount),
      stackParent: this.stackParent.slice(0, this.stackCount),
      sampleStack: this.sampleStack.slice(0, this.sampleCount),
      sampleWeights: this.sampleWeights.slice(0, this.sampleCount * n),
      timeline: this.timelineStacks
        ? {
            stacks: Int32Array.from(this.timelineStacks),
            timesNs: Float64Array.from(this.timelineTimes!),
            ...(this.timelineTasks ? { tasks: [...this.timelineTasks].sort((a, b) => a.startNs - b.startNs) } : {}),
          }
        : undefined,
    };
  }

  /** Doubles the table (load factor stays under 1/2) and re-inserts every stack node. */
  private rehash(): void {
    const size = (this.slotMask + 1) * 2;
    const slots = (this.slots = newSlots(size));
    this.slotMask = size - 1;
    for (let node = 0; node < this.stackCount; node++) {
      const parent = this.stackParent[node]!;
      const frame = this.stackFrame[node]!;
      let slot = hashPair(parent, frame) & this.slotMask;
      while (slots[(slot << 2) + 2] !== -1) slot = (slot + 1) & this.slotMask;
      slots[slot << 2] = parent;
      slots[(slot << 2) + 1] = frame;
      slots[(slot << 2) + 2] = node;
    }
  }
}

function newSlots(n: number): Int32Array<ArrayBuffer> {
  const a = new Int32Array(n * 4);
  for (let i = 2; i < a.length; i += 4) a[i] = -1;
  return a;
}

function hashPair(a: number, b: number): number {
  let h = Math.imul(a ^ 0x5bd1e995, 0x9e3779b1) ^ b;
  h = Math.imul(h ^ (h >>> 15), 0x85ebca6b);
  return (h ^ (h >>> 13)) >>> 0;
}

/**
 * The same characters in a string of their own. A slice of an input line is a view into the string
 * the line was cut from, which is a whole decoded input chunk (a megabyte, an external string off
 * the V8 heap): one kept frame name cut from it keeps the whole chunk alive. On a sorted wide folded
 * file, where new frames turn up in every chunk, that held 823 MB of the 391 MB input to the end.
 * (A JSON round trip: exact for any string, lone surrogates included, and one byte per character
 * where the text allows.)
 */
export function ownCopy(s: string): string {
  return JSON.parse(JSON.stringify(s)) as string;
}

function validPosition(v: number | null | undefined): number | null {
  return typeof v === 'number' && Number.isInteger(v) && v > 0 && v < 2 ** 31 ? v : null;
}

function grow(a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

const RUNTIME_NAMES = /^\((?:program|idle|garbage collector|root)\)$|^runtime\.|^<frozen |^node:/;
/** Installed libraries and toolchain sources of every registry language ("my code only" hides them). */
const LIBRARY_PATH = libraryPathRegex();
const NATIVE_PATH = /\.(?:so(?:\.\d+)*|dylib|dll)$|^\[(?:kernel|vdso|unknown)/;
/** Hotline's own helpers (dist/helpers: the benchmark runner, tracemalloc and leak drivers) run around the user's code: library, not theirs. */
const HOTLINE_HELPER = new RegExp(`[\\\\/]helpers[\\\\/](?:${HELPER_SCRIPTS.map((h) => h.replace(/\./g, '\\.')).join('|')})$`);

/**
 * Default classification from name and path. Importers may pass `kind` explicitly when the
 * format knows better (e.g. V8's "native" URLs, Go's standard library packages).
 */
export function classifyFrame(name: string, file: string | null): FrameKind {
  if (file && NATIVE_PATH.test(file)) return 'native';
  if (RUNTIME_NAMES.test(name) || (file !== null && /^node:|^internal[\\/]|<frozen /.test(file))) return 'runtime';
  if (file && (LIBRARY_PATH.test(file) || HOTLINE_HELPER.test(file))) return 'library';
  if (!file) return name.startsWith('[') ? 'native' : 'user';
  return 'user';
}

/** Sum of all samples' weight of type w. */
export function totalWeight(profile: Profile, w = 0): number {
  const n = profile.weightTypes.length;
  let t = 0;
  for (let j = 0; j < profile.sampleStack.length; j++) t += profile.sampleWeights[j * n + w]!;
  return t;
}
