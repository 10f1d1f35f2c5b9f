// A tiny Node benchmark suite for Hotline's runner (src/helpers/benchNode.mjs, tinybench).
// Each entry is one benchmark; HOTLINE_BENCH_SLOW=1 makes `join` slower to demo a regression.
const words = Array.from({ length: 2000 }, (_, i) => `w${i}`);
const slow = process.env.HOTLINE_BENCH_SLOW === '1';

export default {
  join() {
    const out = words.join('');
    if (slow) words.slice(0, words.length / 6).join('');
    return out;
  },
  concat() {
    let out = '';
    for (const w of words) out += w;
    return out;
  },
  sort() {
    return [...words].sort();
  },
};
