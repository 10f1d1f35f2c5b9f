// Deterministic generators of the importer bench's big files (issue 14, "Size"): a wide folded file
// whose stacks grow from each other (each new stack extends a random earlier one, so stacks share
// prefixes as real ones do), and a sampled speedscope file with many frames.
import { closeSync, openSync, readSync, writeSync } from 'node:fs';

export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
}

/** A tree of stacks: node i is its parent's stack plus frame[i]; distinct nodes are distinct stacks. */
interface StackTree {
  parent: Int32Array;
  frame: Int32Array;
}

function growStacks(stacks: number, frames: number, rand: () => number): StackTree {
  const parent = new Int32Array(stacks);
  const frame = new Int32Array(stacks);
  const taken = new Set<number>();
  for (let i = 0; i < stacks; i++) {
    // The first `frames` nodes use every frame once; later ones pick frames at random, never a
    // (parent, frame) pair that exists already, so each node is a new stack.
    for (;;) {
      parent[i] = i < 16 ? -1 : Math.floor(rand() * i);
      frame[i] = i < frames ? i : Math.floor(rand() * frames);
      const key = (parent[i]! + 1) * frames + frame[i]!;
      if (i < frames || !taken.has(key)) {
        taken.add(key);
        break;
      }
    }
  }
  return { parent, frame };
}

/** Writes `text` pieces through a 4 MB buffer. */
class ChunkWriter {
  private readonly fd: number;
  private buf = '';
  bytes = 0;
  constructor(path: string) {
    this.fd = openSync(path, 'w');
  }
  write(s: string): void {
    this.buf += s;
    if (this.buf.length > 4 << 20) this.flush();
  }
  flush(): void {
    this.bytes += writeSync(this.fd, this.buf);
    this.buf = '';
  }
  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

const frameName = (f: number): string => `mod${f % 997}::fn_${f}`;

/** Folded stacks, one line per distinct stack (in generation order, not sorted); returns the total count. */
export function generateFolded(path: string, stacks: number, frames: number): number {
  const rand = lcg(777);
  const tree = growStacks(stacks, frames, rand);
  const out = new ChunkWriter(path);
  const path_: string[] = [];
  let total = 0;
  for (let i = 0; i < stacks; i++) {
    path_.length = 0;
    for (let n = i; n !== -1; n = tree.parent[n]!) path_.push(frameName(tree.frame[n]!));
    const count = 1 + Math.floor(1000 * rand() ** 4);
    total += count;
    out.write(`${path_.reverse().join(';')} ${count}\n`);
  }
  out.close();
  return total;
}

/** A sampled speedscope file of about `bytes`: `frames` frames, samples drawn (skewed) from a stack tree. */
export function generateSpeedscope(path: string, bytes: number, frames: number): { samples: number; total: number } {
  const rand = lcg(4242);
  const tree = growStacks(frames * 3, frames, rand);
  const out = new ChunkWriter(path);
  out.write('{"$schema":"https://www.speedscope.app/file-format-schema.json","shared":{"frames":[');
  for (let f = 0; f < frames; f++) out.write(`${f ? ',' : ''}{"name":"${frameName(f)}","file":"src/mod${f % 997}.ts","line":${1 + (f % 500)}}`);
  out.write(`]},"profiles":[{"type":"sampled","name":"bench","unit":"none","startValue":0,"endValue":${END_MARK},"samples":[`);
  const weights: number[] = [];
  const stack: number[] = [];
  let samples = 0;
  // The weights array follows the samples: about 4 bytes of it per sample are kept in reserve.
  while (out.bytes + samples * 4 + 4 * 1024 * 1024 < bytes) {
    stack.length = 0;
    for (let n = Math.floor(tree.parent.length * rand() ** 2); n !== -1; n = tree.parent[n]!) stack.push(tree.frame[n]!);
    out.write(`${samples ? ',' : ''}[${stack.reverse().join(',')}]`);
    weights.push(1 + Math.floor(9 * rand() ** 3));
    samples++;
  }
  const total = weights.reduce((a, b) => a + b, 0);
  out.write(`],"weights":[${weights.join(',')}]}],"name":"bench","exporter":"hotline-bench"}`);
  out.close();
  patchEnd(path, total);
  return { samples, total };
}

const END_MARK = '@@@@END@@@@@@@@';

/** endValue is known only at the end: the placeholder is overwritten in place (same width, padded with JSON whitespace). */
function patchEnd(path: string, total: number): void {
  const fd = openSync(path, 'r+');
  const head = Buffer.alloc(64 * 1024 * 1024);
  const n = readSync(fd, head, 0, head.length, 0);
  const at = head.subarray(0, n).indexOf(END_MARK);
  const text = String(total);
  if (at < 0 || text.length > END_MARK.length) throw new Error('speedscope generator: endValue placeholder not found or too wide');
  writeSync(fd, text.padEnd(END_MARK.length, ' '), at);
  closeSync(fd);
}

/** Deterministic perf-script text: ~3,000 functions in 3 DSOs, 20,000 distinct stacks of depth 4-40. */
export function generatePerfScript(path: string, bytes: number): number {
  let seed = 12345;
  const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const dsos = ['/usr/bin/app', '/usr/lib/x86_64-linux-gnu/libc.so.6', '[kernel.kallsyms]'];
  const fns = Array.from({ length: 3000 }, (_, i) => ({
    name: i % 97 === 0 ? '[unknown]' : `app::module${i % 40}::function_${i}`,
    dso: dsos[i < 2400 ? 0 : i < 2800 ? 1 : 2]!,
  }));
  const stacks: string[] = [];
  for (let s = 0; s < 20000; s++) {
    const depth = 4 + Math.floor(rand() * 37);
    const lines: string[] = [];
    for (let d = 0; d < depth; d++) {
      const f = fns[Math.floor(rand() * fns.length)]!;
      const addr = (0x400000 + Math.floor(rand() * 0xfffff)).toString(16);
      lines.push(`\t${addr.padStart(16)} ${f.name}+0x${Math.floor(rand() * 4096).toString(16)} (${f.dso})\n`);
    }
    stacks.push(lines.join(''));
  }
  const fd = openSync(path, 'w');
  let written = 0;
  let samples = 0;
  let buf = '';
  let t = 1000;
  while (written < bytes) {
    // Skewed choice: some stacks are much hotter than others, as in real profiles.
    const s = stacks[Math.floor(stacks.length * rand() ** 3)]!;
    t += 0.001001;
    buf += `app 4242/4243 [001] ${t.toFixed(6)}:    1001001 cpu-clock:pppH: \n${s}\n`;
    samples++;
    if (buf.length > 4 << 20) {
      written += writeSync(fd, buf);
      buf = '';
    }
  }
  written += writeSync(fd, buf);
  closeSync(fd);
  return samples;
}
