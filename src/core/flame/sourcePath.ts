/**
 * Where a frame's recorded source file is in this workspace. Profiles often come from elsewhere
 * (CI, a container, another checkout): when the recorded path does not exist, the workspace file
 * sharing the longest trailing run of path segments wins.
 */

function segments(p: string): string[] {
  return p
    .replace(/\\/g, '/')
    .split('/')
    .filter((s) => s && s !== '.');
}

/** Number of trailing path segments two paths share. */
export function sharedSuffix(a: string, b: string): number {
  const x = segments(a);
  const y = segments(b);
  let n = 0;
  while (n < x.length && n < y.length && x[x.length - 1 - n] === y[y.length - 1 - n]) n++;
  return n;
}

/**
 * The candidate sharing the most trailing segments with `recorded` (at least the file name);
 * ties go to the shorter path. Null when none shares the file name.
 */
export function bestSuffixMatch(recorded: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let score = 0;
  for (const c of candidates) {
    const s = sharedSuffix(recorded, c);
    if (s > score || (s === score && s > 0 && best !== null && c.length < best.length)) {
      best = c;
      score = s;
    }
  }
  return score > 0 ? best : null;
}

/** Relative paths to try under each workspace folder for a recorded path (as is, then shorter tails). */
export function relativeTails(recorded: string): string[] {
  const seg = segments(recorded);
  const out: string[] = [];
  for (let i = 0; i < seg.length; i++) out.push(seg.slice(i).join('/'));
  return out;
}
