// Shared by the importer property tests: import that must end in a Profile or a ProfileFormatError
// naming the file (never another exception), and a random-stack generator with awkward names.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { importProfileBytes } from '../../../src/core/importers/index';
import { Profile, ProfileFormatError, totalWeight } from '../../../src/core/model/profile';

export const enc = (s: string) => new TextEncoder().encode(s);

/** A Profile, or null for a clean one-line ProfileFormatError that names the file. */
export async function profileOrNull(name: string, bytes: Uint8Array, format?: string): Promise<Profile | null> {
  try {
    const p = await importProfileBytes(name, bytes, format ? { format } : {});
    for (const v of p.sampleWeights) assert.ok(Number.isFinite(v) && v >= 0, 'weights are finite and not negative');
    for (const s of p.sampleStack) assert.ok(s >= 0 && s < p.stackFrame.length, 'samples point at stacks');
    return p;
  } catch (e) {
    if (!(e instanceof ProfileFormatError)) throw e;
    assert.ok(e.message.startsWith(`${name}: not a valid`) && !/[\r\n]/.test(e.message), e.message);
    return null;
  }
}

/** Total of the weight type called `weight` (0 when the profile has no such weight). */
export function totalOf(p: Profile, weight: string): number {
  const w = p.weightTypes.findIndex((t) => t.name === weight);
  return w < 0 ? 0 : totalWeight(p, w);
}

/** Frame names with characters that must survive as data (no ";", no line breaks, no outer blanks). */
export const frameName = fc.stringMatching(/^[a-z_<>&"'${}()\-:.]{1,10}$/);
export const stacks = fc.array(fc.tuple(fc.array(frameName, { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 5000 })), {
  minLength: 1,
  maxLength: 12,
});

/** A cut point and a few byte flips for `bytes`. */
export const damage = fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }));

export function flipped(bytes: Uint8Array, flips: [number, number][]): Uint8Array {
  const b = Uint8Array.from(bytes);
  for (const [at, v] of flips) if (b.length) b[at % b.length] = v;
  return b;
}

export interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children: number[];
}

/** A V8 CPU profile of the stacks: one node per distinct path; samples name each stack's leaf node, n times (at most 50). */
export function cpuProfileOf(st: [string[], number][]): { nodes: CpuProfileNode[]; samples: number[] } {
  const nodes: CpuProfileNode[] = [{ id: 1, callFrame: { functionName: '(root)', url: '', lineNumber: -1, columnNumber: -1 }, children: [] }];
  const byPath = new Map<string, number>();
  const samples: number[] = [];
  for (const [names, n] of st) {
    let parent = 0;
    let path = '';
    for (const name of names) {
      path += `\u0000${name}`;
      let i = byPath.get(path);
      if (i === undefined) {
        i = nodes.length;
        nodes.push({ id: i + 1, callFrame: { functionName: name, url: 'file:///a.js', lineNumber: 0, columnNumber: 0 }, children: [] });
        nodes[parent]!.children.push(i + 1);
        byPath.set(path, i);
      }
      parent = i;
    }
    for (let k = 0; k < Math.min(n, 50); k++) samples.push(parent + 1);
  }
  return { nodes, samples };
}
