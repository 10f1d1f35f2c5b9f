/**
 * Regex search over the flame tree: which functions match, and what share of the total they hold.
 * A match nested under another match is not counted twice (its time is already inside).
 */
import type { FlameTree } from './flameTree';

export interface SearchResult {
  value: number;
  share: number;
  /** Tree nodes whose function matched. */
  matches: number;
  /** Function ids that matched. */
  functions: Set<number>;
}

export class SearchPatternError extends Error {
  override readonly name = 'SearchPatternError';
}

/** Smart case: a pattern with no upper-case letter matches case-insensitively. */
export function compileSearch(pattern: string): RegExp {
  try {
    return new RegExp(pattern, /[A-Z]/.test(pattern) ? '' : 'i');
  } catch (err) {
    throw new SearchPatternError(`not a valid regular expression: ${(err as Error).message}`);
  }
}

export function searchTree(tree: FlameTree, pattern: string): SearchResult {
  const re = compileSearch(pattern);
  const functions = new Set<number>();
  const hitFunc = new Uint8Array(tree.functions.length);
  if (pattern !== '') {
    // Many functions share a file: test each distinct file once.
    const fileHit = new Map<string, boolean>();
    const fns = tree.functions;
    for (let i = 0; i < fns.length; i++) {
      const f = fns[i]!;
      let hit = re.test(f.name);
      if (!hit && f.file !== null) {
        let h = fileHit.get(f.file);
        if (h === undefined) fileHit.set(f.file, (h = re.test(f.file)));
        hit = h;
      }
      if (hit) {
        functions.add(i);
        hitFunc[i] = 1;
      }
    }
  }
  // Node ids grow from parent to child, so one forward pass knows whether an ancestor matched.
  const covered = new Uint8Array(tree.size);
  let value = 0;
  let matches = 0;
  const { func, parent, total } = tree;
  for (let n = 1; n < tree.size; n++) {
    const hit = hitFunc[func[n]!]!;
    matches += hit;
    const parentCovered = covered[parent[n]!]!;
    if (hit && !parentCovered) value += total[n]!;
    covered[n] = hit | parentCovered;
  }
  const sum = total[0]!;
  return { value, share: sum > 0 ? value / sum : 0, matches, functions };
}
