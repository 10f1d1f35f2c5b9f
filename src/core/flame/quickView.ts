/**
 * A first view of a big profile that costs a fraction of the full tree: the profile's own stack
 * trie taken as the tree (frames are not merged into functions, so nothing is interned and nothing
 * hashed), pruned for the screen like any view. The panel embeds it in the webview's HTML so the
 * graph is drawn while the host builds the real tree; the real view replaces it (same picture at
 * this scale, except that frames of one function on different lines are not merged yet). Its node
 * ids are not the real tree's: the webview does not send them back.
 */
import type { FlameFunction, FlameTree } from './flameTree';
import { finishTree, type NodeStore } from './flameTree';
import { focusView } from './prune';
import { flattenView } from './viewCodec';
import type { FlameView } from '../webviewProtocol';
import type { Profile } from '../model/profile';

/** Profiles with at least this many distinct stacks get a quick first view (smaller ones build in a blink). */
export const QUICK_VIEW_MIN_STACKS = 50_000;

/** The profile's stack trie as a flame tree (node = stack + 1; root 0), or null when the trie is not ordered parents-first. */
function trieTree(profile: Profile, weight = 0): FlameTree | null {
  const n = profile.stackParent.length;
  const size = n + 1;
  const parent = new Int32Array(size);
  const func = new Int32Array(size);
  const depth = new Int32Array(size);
  const self = new Float64Array(size);
  parent[0] = -1;
  func[0] = -1;
  for (let s = 0; s < n; s++) {
    const p = profile.stackParent[s]!;
    if (p >= s) return null;
    parent[s + 1] = p + 1;
    func[s + 1] = profile.stackFrame[s]!;
    depth[s + 1] = depth[p + 1]! + 1;
  }
  const wn = profile.weightTypes.length;
  for (let j = 0; j < profile.sampleStack.length; j++) {
    const v = profile.sampleWeights[j * wn + weight]!;
    if (v > 0) self[profile.sampleStack[j]! + 1] += v;
  }
  // A function per frame, made only for the frames a view shows.
  const made = new Map<number, FlameFunction>();
  const functions = new Proxy([] as FlameFunction[], {
    get(target, key, receiver) {
      if (typeof key === 'string' && /^\d+$/.test(key)) {
        const i = Number(key);
        let f = made.get(i);
        if (!f) {
          const fr = profile.frames[i]!;
          made.set(i, (f = { name: fr.name, file: fr.file, line: fr.line, kind: fr.kind, frame: i }));
        }
        return f;
      }
      if (key === 'length') return profile.frames.length;
      return Reflect.get(target, key, receiver);
    },
  });
  const store = { parent, func, depth, self, size } as unknown as NodeStore;
  return finishTree(store, functions, new Int32Array(0));
}

/** The first view (request 0, whole profile) of a big profile, or null when the profile is small or its trie unordered. */
export function quickFirstView(profile: Profile, width: number, weight = 0): (FlameView & { provisional: true }) | null {
  if (profile.stackParent.length < QUICK_VIEW_MIN_STACKS) return null;
  const tree = trieTree(profile, weight);
  if (!tree) return null;
  const v = focusView(tree, 0, { width });
  return { requestId: 0, ...flattenView(v.root), focus: 0, total: tree.total[0]!, drawn: v.drawn, merged: v.merged, diff: false, provisional: true };
}
