/**
 * Live top's memory: the sampler hands in one short profile per window (about a second of
 * samples), the rolling window keeps the last few minutes of them and answers two questions —
 * which functions are hottest over the last S seconds (self and total share of the samples, as
 * `py-spy top` shows them) and what the last N seconds look like as one full profile (the
 * flame graph). Pure: no processes, no clock of its own (times come with the windows).
 */
import { Profile, ProfileBuilder, type Frame, type ProfileMetadata } from '../model/profile';
import { topFunctions } from '../model/views';
import type { LiveTopRow, LiveTopView } from '../webviewProtocol';

/** One window of samples from the sampler: when it sampled (Date.now() ms) and what it saw (weight 0 = samples). */
export interface SampleWindow {
  readonly startMs: number;
  readonly endMs: number;
  readonly profile: Profile;
}

/** V8 writes (idle) for samples where the thread waited: not time a function spent, as py-spy leaves idle threads out. */
const IDLE = (f: Frame) => f.kind === 'runtime' && f.name === '(idle)';

/**
 * One profile of the samples of `profiles` (weight 0 of each, the sample count), frames and stacks
 * interned again; samples whose leaf `dropLeaf` matches are left out.
 */
export function mergeSamples(profiles: readonly Profile[], metadata: ProfileMetadata, dropLeaf?: (f: Frame) => boolean): Profile {
  const builder = new ProfileBuilder(metadata, [{ name: 'samples', unit: 'samples' }]);
  const weight = [0];
  for (const p of profiles) {
    const frameIds = p.frames.map((f) => builder.frame(f));
    // A stack node's parent always comes before it (the builder appends parents first).
    const nodes = new Int32Array(p.stackFrame.length);
    for (let i = 0; i < nodes.length; i++) {
      const parent = p.stackParent[i]!;
      nodes[i] = builder.stack(parent < 0 ? -1 : nodes[parent]!, frameIds[p.stackFrame[i]!]!);
    }
    const n = p.weightTypes.length;
    for (let j = 0; j < p.sampleStack.length; j++) {
      const leaf = p.sampleStack[j]!;
      if (dropLeaf?.(p.frames[p.stackFrame[leaf]!]!)) continue;
      weight[0] = p.sampleWeights[j * n]!;
      builder.addSampleAt(nodes[leaf]!, weight);
    }
  }
  return builder.build();
}

/** A window's samples without V8's (idle) ones: what the top and the recent profile count. */
export function activeSamples(profile: Profile): Profile {
  return mergeSamples([profile], profile.metadata, IDLE);
}

export interface RollingWindowOptions {
  /** What the samples came from, shown above the table: "py-spy record --pid 42 (1 s windows)". */
  sampler: string;
  /** The process, e.g. "pid 42 python3 worker.py". */
  target: string;
  /** Windows older than this are forgotten (default 300 s), the longest "last N seconds" profile. */
  keepSeconds?: number;
}

export class RollingWindow {
  private windows: SampleWindow[] = [];
  readonly keepSeconds: number;

  constructor(private readonly options: RollingWindowOptions) {
    this.keepSeconds = options.keepSeconds ?? 300;
  }

  add(window: SampleWindow): void {
    this.windows.push(window);
    const oldest = window.endMs - this.keepSeconds * 1000;
    while (this.windows.length > 0 && this.windows[0]!.endMs <= oldest) this.windows.shift();
  }

  get windowCount(): number {
    return this.windows.length;
  }

  /** The windows that ended within `seconds` of the last one. */
  private recent(seconds: number): SampleWindow[] {
    const last = this.windows.at(-1);
    if (!last) return [];
    const since = last.endMs - seconds * 1000;
    return this.windows.filter((w) => w.endMs > since);
  }

  /** The last `seconds` as one profile (samples only), or null before the first window. */
  profile(seconds: number): Profile | null {
    const windows = this.recent(seconds);
    if (windows.length === 0) return null;
    const first = windows[0]!;
    const last = windows.at(-1)!;
    const base = first.profile.metadata;
    return mergeSamples(
      windows.map((w) => w.profile),
      {
        format: base.format,
        profiler: base.profiler,
        language: base.language,
        command: [this.options.target],
        capturedAt: new Date(first.startMs).toISOString(),
        durationNs: (last.endMs - first.startMs) * 1e6,
        sampleIntervalNs: base.sampleIntervalNs,
        notes: [`live top of ${this.options.target}: the last ${seconds} s, ${windows.length} window(s) of ${this.options.sampler}`],
      },
    );
  }

  /** The hottest functions over the last `seconds`, by self share then total share. */
  view(seconds: number, opts: { limit?: number; recentSeconds?: number; nowMs?: number } = {}): LiveTopView {
    const windows = this.recent(seconds);
    const merged = this.profile(seconds);
    const stats = merged ? topFunctions(merged, { limit: opts.limit ?? 30 }) : [];
    let samples = 0;
    if (merged) for (let j = 0; j < merged.sampleStack.length; j++) samples += merged.sampleWeights[j]!;
    const rows: LiveTopRow[] = stats.map((s) => ({
      name: s.name,
      file: s.file,
      line: s.line,
      selfSamples: s.self,
      totalSamples: s.total,
      selfShare: samples > 0 ? s.self / samples : 0,
      totalShare: samples > 0 ? s.total / samples : 0,
    }));
    const covered = windows.reduce((t, w) => t + (w.endMs - w.startMs), 0) / 1000;
    return {
      target: this.options.target,
      sampler: this.options.sampler,
      spanSeconds: seconds,
      coveredSeconds: covered,
      windows: windows.length,
      samples,
      rows,
      keptSeconds: this.windows.length ? (this.windows.at(-1)!.endMs - this.windows[0]!.startMs) / 1000 : 0,
      recentSeconds: opts.recentSeconds ?? 10,
      updatedAt: new Date(opts.nowMs ?? this.windows.at(-1)?.endMs ?? 0).toISOString(),
    };
  }
}
