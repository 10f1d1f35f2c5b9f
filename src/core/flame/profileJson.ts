/**
 * A Profile as JSON, for embedding in the standalone page (`hotline flamegraph -o out.html`).
 * Typed arrays become plain arrays; frames become tuples. The page builder (webviewPage.ts)
 * embeds it so that no profile string can close its <script> block.
 */
import type { Frame, FrameKind, Profile } from '../model/profile';

export interface ProfileJson {
  v: 1;
  metadata: Profile['metadata'];
  weightTypes: Profile['weightTypes'];
  /** [name, file, line, column, kind] */
  frames: [string, string | null, number | null, number | null, FrameKind][];
  stackFrame: number[];
  stackParent: number[];
  sampleStack: number[];
  sampleWeights: number[];
  timeline?: { stacks: number[]; timesNs: number[]; tasks?: { startNs: number; durationNs: number }[] };
}

export function profileToJson(p: Profile): ProfileJson {
  return {
    v: 1,
    metadata: p.metadata,
    weightTypes: p.weightTypes,
    frames: p.frames.map((f) => [f.name, f.file, f.line, f.column, f.kind]),
    stackFrame: Array.from(p.stackFrame),
    stackParent: Array.from(p.stackParent),
    sampleStack: Array.from(p.sampleStack),
    sampleWeights: Array.from(p.sampleWeights),
    ...(p.timeline
      ? {
          timeline: {
            stacks: Array.from(p.timeline.stacks),
            timesNs: Array.from(p.timeline.timesNs),
            ...(p.timeline.tasks ? { tasks: p.timeline.tasks.map((t) => ({ startNs: t.startNs, durationNs: t.durationNs })) } : {}),
          },
        }
      : {}),
  };
}

const KINDS = new Set<FrameKind>(['user', 'library', 'runtime', 'native']);

/** Rebuilds a Profile, checking shapes and index ranges (the page may have been edited). */
export function profileFromJson(raw: unknown): Profile {
  const j = raw as ProfileJson;
  if (!j || j.v !== 1 || !Array.isArray(j.frames) || !Array.isArray(j.stackFrame) || !Array.isArray(j.weightTypes))
    throw new Error('embedded profile data is malformed');
  const frames: Frame[] = j.frames.map((f) => ({
    name: String(f[0]),
    file: typeof f[1] === 'string' ? f[1] : null,
    line: typeof f[2] === 'number' ? f[2] : null,
    column: typeof f[3] === 'number' ? f[3] : null,
    kind: KINDS.has(f[4]) ? f[4] : 'user',
  }));
  const stackFrame = Int32Array.from(j.stackFrame);
  const stackParent = Int32Array.from(j.stackParent);
  const sampleStack = Int32Array.from(j.sampleStack);
  const n = stackFrame.length;
  if (stackParent.length !== n) throw new Error('embedded profile data is malformed: stack arrays differ in length');
  for (let i = 0; i < n; i++)
    if (stackFrame[i]! < 0 || stackFrame[i]! >= frames.length || stackParent[i]! < -1 || stackParent[i]! >= n)
      throw new Error('embedded profile data is malformed: index out of range');
  for (const s of sampleStack) if (s < 0 || s >= n) throw new Error('embedded profile data is malformed: sample out of range');
  const tl = j.timeline;
  return {
    metadata: j.metadata ?? { format: 'unknown' },
    weightTypes: j.weightTypes,
    frames,
    stackFrame,
    stackParent,
    sampleStack,
    sampleWeights: Float64Array.from(j.sampleWeights),
    ...(tl
      ? {
          timeline: {
            stacks: Int32Array.from(tl.stacks).map((s) => (s >= 0 && s < n ? s : -1)),
            timesNs: Float64Array.from(tl.timesNs),
            ...(Array.isArray(tl.tasks)
              ? {
                  tasks: tl.tasks
                    .filter((t) => t && Number.isFinite(t.startNs) && Number.isFinite(t.durationNs))
                    .map((t) => ({ startNs: t.startNs, durationNs: t.durationNs })),
                }
              : {}),
          },
        }
      : {}),
  };
}
