/**
 * pprof protobuf (profile.proto, gzipped as Go writes it) of a Profile, so it opens in `go tool
 * pprof`, pprof's web UI and the tools that read pprof: every weight type a sample type (weight 0
 * the default, so pprof shows what Hotline shows), one Function per name/file/function line, one
 * Location per frame (its line; leaf first in each sample), samples merged per stack. pprof's
 * values are int64: fractional weights (scalene's CPU shares) are rounded.
 */
import { gzipSync } from 'node:zlib';
import { Function as PprofFunction, Line, Location, Profile as PprofProfile, Sample, StringTable, ValueType } from 'pprof-format';
import type { Profile, WeightUnit } from '../model/profile';

/** pprof's unit names: the ones `go tool pprof` scales (nanoseconds, bytes) and "count" for the rest. */
const UNITS: Record<WeightUnit, string> = {
  nanoseconds: 'nanoseconds',
  bytes: 'bytes',
  samples: 'count',
  objects: 'count',
  instructions: 'count',
  count: 'count',
};

export function exportPprof(profile: Profile): Uint8Array {
  const strings = new StringTable();
  const n = profile.weightTypes.length;
  const sampleType = profile.weightTypes.map((w) => new ValueType({ type: strings.dedup(w.name), unit: strings.dedup(UNITS[w.unit]) }));
  const functions: PprofFunction[] = [];
  const functionIds = new Map<string, number>();
  const locations = profile.frames.map((f, i) => {
    const key = `${f.name}\u0000${f.file ?? ''}\u0000${f.functionLine ?? ''}`;
    let id = functionIds.get(key);
    if (id === undefined) {
      id = functions.length + 1;
      functionIds.set(key, id);
      functions.push(new PprofFunction({ id, name: strings.dedup(f.name), filename: strings.dedup(f.file ?? ''), startLine: f.functionLine ?? 0 }));
    }
    return new Location({ id: i + 1, line: [new Line({ functionId: id, line: f.line ?? 0, column: f.column ?? 0 })] });
  });
  // One pprof sample per stack node: the weights of the samples that end there, summed.
  const sums = new Map<number, Float64Array>();
  for (let j = 0; j < profile.sampleStack.length; j++) {
    const node = profile.sampleStack[j]!;
    let v = sums.get(node);
    if (!v) sums.set(node, (v = new Float64Array(n)));
    for (let w = 0; w < n; w++) v[w]! += profile.sampleWeights[j * n + w]!;
  }
  const samples: Sample[] = [];
  for (const [node, v] of sums) {
    const locationId: number[] = [];
    for (let s = node; s >= 0; s = profile.stackParent[s]!) locationId.push(profile.stackFrame[s]! + 1);
    samples.push(new Sample({ locationId, value: [...v].map((x) => Math.round(x)) }));
  }
  const p = new PprofProfile({
    sampleType,
    sample: samples,
    location: locations,
    function: functions,
    stringTable: strings,
    defaultSampleType: sampleType[0]!.type,
    durationNanos: Math.round(profile.metadata.durationNs ?? 0),
    comment: [strings.dedup(`exported by hotline from ${profile.metadata.format} ${profile.metadata.sourceFile ?? ''}`.trim())],
  });
  return gzipSync(p.encode());
}
