/**
 * A view of a profile with chosen weight types first (e.g. Go heap profiles carry alloc_objects,
 * alloc_space, inuse_objects, inuse_space; "in-use" puts inuse_space then inuse_objects first).
 * Frames and stacks are shared; only the weight columns are copied.
 */
import { Profile } from '../model/profile';

export function selectWeights(profile: Profile, names: readonly string[]): Profile {
  const idx = names.map((n) => profile.weightTypes.findIndex((w) => w.name === n)).filter((i) => i >= 0);
  if (idx.length === 0) return profile;
  const n = profile.weightTypes.length;
  const m = idx.length;
  const weights = new Float64Array(profile.sampleStack.length * m);
  for (let j = 0; j < profile.sampleStack.length; j++) {
    for (let k = 0; k < m; k++) weights[j * m + k] = profile.sampleWeights[j * n + idx[k]!]!;
  }
  // pprof says "count" for *_objects; in a memory view they are objects.
  const weightTypes = idx
    .map((i) => profile.weightTypes[i]!)
    .map((w) => (/_objects$/.test(w.name) && w.unit !== 'objects' ? { ...w, unit: 'objects' as const } : w));
  return { ...profile, weightTypes, sampleWeights: weights };
}
