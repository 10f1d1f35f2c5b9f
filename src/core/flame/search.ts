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
  if (pattern !== '') {
    tree.functions.forEach((f, i) => {
      if (re.test(f.name) || (f.file !== null && re.test(f.file))) functions.add(i);
    });
  }
  // Node ids grow from parent to child, so one forward pass knows whether an ancestor matched.
  const covered = new Uint8Array(tree.size);
  let value = 0;
  let matches = 0;
  for (let n = 1; n < tree.size; n++) {
    const hit = functions.has(tree.func[n]!);
    if (hit) matches++;
    const parentCovered = covered[tree.parent[n]!]!;
    if (hit && !parentCovered) value += tree.total[n]!;
    covered[n] = hit || parentCovered ? 1 : 0;
  }
  const total = tree.total[0]!;
  return { value, share: total > 0 ? value / total : 0, matches, functions };
}
