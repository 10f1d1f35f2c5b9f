/**
 * speedscope JSON (https://www.speedscope.app/file-format-schema.json): one "sampled" profile of
 * one weight type (speedscope readers merge or switch between profiles as if they were threads,
 * so several weight types would be double counted), stacks as frame indices root first.
 * Names are data; JSON.stringify escapes them.
 */
import type { Profile } from '../model/profile';

const SCHEMA = 'https://www.speedscope.app/file-format-schema.json';

export interface SpeedscopeFile {
  $schema: string;
  exporter: string;
  name: string;
  activeProfileIndex: number;
  shared: { frames: { name: string; file?: string; line?: number; col?: number }[] };
  profiles: { type: 'sampled'; name: string; unit: string; startValue: number; endValue: number; samples: number[][]; weights: number[] }[];
}

function toSpeedscope(profile: Profile, opts: { name?: string; exporter?: string; weight?: number } = {}): SpeedscopeFile {
  const frames = profile.frames.map((f) => ({
    name: f.name,
    ...(f.file !== null ? { file: f.file } : {}),
    ...(f.line !== null ? { line: f.line } : {}),
    ...(f.column !== null ? { col: f.column } : {}),
  }));
  const n = profile.weightTypes.length;
  // Iterative: stacks may be 50,000 frames deep.
  const stacks: number[][] = [];
  for (let j = 0; j < profile.sampleStack.length; j++) {
    const s: number[] = [];
    for (let node = profile.sampleStack[j]!; node >= 0; node = profile.stackParent[node]!) s.push(profile.stackFrame[node]!);
    stacks.push(s.reverse());
  }
  const w = opts.weight ?? 0;
  const wt = profile.weightTypes[w];
  if (!wt) throw new RangeError(`weight index ${w} out of range`);
  const profiles = [0].map(() => {
    const samples: number[][] = [];
    const weights: number[] = [];
    let total = 0;
    for (let j = 0; j < stacks.length; j++) {
      const v = profile.sampleWeights[j * n + w]!;
      if (!(v > 0)) continue;
      samples.push(stacks[j]!);
      weights.push(v);
      total += v;
    }
    const unit = wt.unit === 'nanoseconds' ? 'nanoseconds' : wt.unit === 'bytes' ? 'bytes' : 'none';
    return {
      type: 'sampled' as const,
      name: `${opts.name ?? profile.metadata.sourceFile ?? 'profile'} (${wt.name})`,
      unit,
      startValue: 0,
      endValue: total,
      samples,
      weights,
    };
  });
  return {
    $schema: SCHEMA,
    exporter: opts.exporter ?? 'hotline',
    name: opts.name ?? profile.metadata.sourceFile ?? 'profile',
    activeProfileIndex: 0,
    shared: { frames },
    profiles,
  };
}

export function exportSpeedscope(profile: Profile, opts: { name?: string; exporter?: string; weight?: number } = {}): string {
  return JSON.stringify(toSpeedscope(profile, opts));
}
