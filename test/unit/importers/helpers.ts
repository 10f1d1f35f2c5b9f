// Shared by the importer tests: fixture paths, the checks every imported fixture passes, and small
// views of a Profile that assertions compare.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { detectFormat, importProfileBytes, importProfileFile, type ImportOptions } from '../../../src/core/importers/index';
import { Profile, ProfileFormatError } from '../../../src/core/model/profile';
import { topFunctions } from '../../../src/core/model/views';

const FIXTURES = join(__dirname, '../../fixtures');

/** A fixture's path; `p` is relative to test/fixtures ("profiles/go/hot.pprof"). */
export const fx = (p: string) => join(FIXTURES, p);
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const expected = (p: string): any => JSON.parse(readFileSync(fx(p), 'utf8'));
/** The bytes detection reads. */
export const head = (p: string) => readFileSync(fx(p)).subarray(0, 65536);
export const enc = (s: string) => new TextEncoder().encode(s);

/**
 * Imports a fixture and checks what every importer promises of it: detection names `format` from
 * the content alone and with the file name, the profile says it is that format, and it is well
 * formed. Returns the profile for the format's own checks.
 */
export async function checkFixture(path: string, want: { format: string }, opts: ImportOptions = {}): Promise<Profile> {
  assert.equal(detectFormat(head(path)), want.format, `${path}: detected from the content`);
  assert.equal(detectFormat(head(path), basename(path)), want.format, `${path}: detected with its name`);
  const p = await importProfileFile(fx(path), opts);
  assert.equal(p.metadata.format, want.format);
  assertWellFormed(p);
  return p;
}

/** The shape every importer promises. */
export function assertWellFormed(p: Profile): void {
  const n = p.weightTypes.length;
  assert.ok(n >= 1);
  assert.equal(p.stackFrame.length, p.stackParent.length);
  for (let i = 0; i < p.stackFrame.length; i++) {
    assert.ok(p.stackFrame[i]! >= 0 && p.stackFrame[i]! < p.frames.length);
    assert.ok(p.stackParent[i]! >= -1 && p.stackParent[i]! < i, 'parents come before children (no cycles)');
  }
  assert.equal(p.sampleWeights.length, p.sampleStack.length * n);
  for (const v of p.sampleWeights) assert.ok(Number.isFinite(v) && v >= 0);
  for (const s of p.sampleStack) assert.ok(s >= 0 && s < p.stackFrame.length);
  for (const f of p.frames) assert.ok(f.line === null || (Number.isInteger(f.line) && f.line > 0));
}

/** A well-formed Profile, or a one-line ProfileFormatError naming the file; anything else fails. */
export async function importOrFormatError(name: string, bytes: Uint8Array, format?: string, extra: object = {}): Promise<Profile | ProfileFormatError> {
  try {
    const p = await importProfileBytes(name, bytes, { format, ...extra });
    assertWellFormed(p);
    return p;
  } catch (e) {
    if (e instanceof ProfileFormatError) {
      assert.ok(e.message.includes(name), `names the file: ${e.message}`);
      assert.ok(!/[\r\n]/.test(e.message), 'one line');
      return e;
    }
    throw e;
  }
}

/** The function named `name` in the top-functions view. */
export const fn = (p: Profile, name: string, weight = 0) => {
  const f = topFunctions(p, { weight, limit: 1e9 }).find((x) => x.name === name);
  assert.ok(f, `function ${name} not found`);
  return f;
};

/** Frames from the root to stack node `node`. */
export const depth = (p: Profile, node: number) => {
  let d = 0;
  for (let n = node; n >= 0; n = p.stackParent[n]!) d++;
  return d;
};

/** 1-based line of the first line containing `text` in a fixture program (tests survive edits). */
export const lineOf = (program: string, text: string) => {
  const i = readFileSync(fx(join('profiles', 'programs', program)), 'utf8')
    .split('\n')
    .findIndex((l) => l.includes(text));
  assert.ok(i >= 0, `${text} not in ${program}`);
  return i + 1;
};

/** Each sample as "root;…;leaf WEIGHT0", sorted. */
export const stacks = (p: Profile) => {
  const out: string[] = [];
  const n = p.weightTypes.length;
  for (let j = 0; j < p.sampleStack.length; j++) {
    const names: string[] = [];
    for (let s = p.sampleStack[j]!; s >= 0; s = p.stackParent[s]!) names.unshift(p.frames[p.stackFrame[s]!]!.name);
    out.push(`${names.join(';')} ${p.sampleWeights[j * n]}`);
  }
  return out.sort();
};

/** Self weight per frame id, highest first. */
export function selfByFrame(p: Profile, w = 0): { frame: Profile['frames'][number]; self: number }[] {
  const n = p.weightTypes.length;
  const m = new Map<number, number>();
  p.sampleStack.forEach((leaf, j) => {
    const f = p.stackFrame[leaf]!;
    m.set(f, (m.get(f) ?? 0) + p.sampleWeights[j * n + w]!);
  });
  return [...m.entries()].sort((a, b) => b[1] - a[1]).map(([f, self]) => ({ frame: p.frames[f]!, self }));
}
