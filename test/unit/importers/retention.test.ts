// Memory grows with distinct frames, not with the input: a kept frame name must not hold on to the
// decoded chunk of input it was cut from (ownCopy in src/core/model/profile.ts). A sorted wide folded
// file introduces new frames in every chunk, so each would otherwise stay alive to the end.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { importProfileBytes } from '../../../src/core/importers/index';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const offHeap = () => {
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
};

test('a folded file with new frames in every chunk: what stays after import is the frames, not the input', async () => {
  // ~30 MB: 50,000 lines of 20 shared frames and one frame seen nowhere else; the profile needs a few MB.
  const shared = Array.from({ length: 20 }, (_, j) => `package_${j}.module.SomeLongClassName::method_${j}`).join(';');
  const lines: string[] = [];
  for (let i = 0; i < 50_000; i++) lines.push(`${shared};unique_frame_${i} 1`);
  const bytes = Buffer.from(`${lines.join('\n')}\n`);
  lines.length = 0;
  const before = offHeap();
  const p = await importProfileBytes('wide.folded', bytes);
  const kept = offHeap() - before;
  assert.equal(p.frames.length, 50_000 + 20);
  assert.ok(kept < bytes.length * 0.25, `${(kept / 2 ** 20).toFixed(1)} MB kept for a ${(bytes.length / 2 ** 20).toFixed(1)} MB input`);
});
