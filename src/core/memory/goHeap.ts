/**
 * Go heap profiles (`/debug/pprof/heap?gc=1`) taken at intervals: live bytes (inuse_space) per
 * allocation site — the innermost line of the program's own code on the allocating stack, else the leaf — in
 * each snapshot, and the sites that grew in every interval. The first-to-last change is
 * `go tool pprof -diff_base first.pb.gz last.pb.gz` (diffProfiles gives the per-function figures);
 * here it is per line. When the site's line stores into a map or appends to a slice declared at
 * package level, the container is named (from the source, when Hotline can read it). Pure.
 */
import type { Profile } from '../model/profile';
import { innermostUserFrame, risesEveryInterval, stackFrames, stackKey } from './goroutines';
import type { LeakFrame } from './leakReport';

export interface GoHeapSite {
  function: string;
  file: string | null;
  line: number | null;
  /** Live bytes (inuse_space) at this site in each snapshot, first to last. */
  bytes: number[];
  /** Live objects (inuse_objects) in each snapshot. */
  objects: number[];
  /** Last minus first: what `-diff_base` shows for this line. */
  sizeDelta: number;
  countDelta: number;
  /** One allocating stack of the last snapshot, root first. */
  stack: LeakFrame[];
  /** The container the line grows, when the source says so. */
  container?: { name: string; kind: 'map' | 'slice'; declaredAt?: number };
}

interface SiteTotals {
  bytes: number;
  objects: number;
  frame: { function: string; file: string | null; line: number | null };
  stack: LeakFrame[];
}

function weightIndex(profile: Profile, name: string): number {
  const w = profile.weightTypes.findIndex((t) => t.name === name);
  if (w < 0) throw new Error(`not a heap profile (no ${name}): its sample types are ${profile.weightTypes.map((t) => t.name).join(', ')}`);
  return w;
}

/** Live bytes and objects per allocation site (innermost user line) of one heap profile. */
export function heapSites(profile: Profile): Map<string, SiteTotals> {
  const space = weightIndex(profile, 'inuse_space');
  const count = weightIndex(profile, 'inuse_objects');
  const stride = profile.weightTypes.length;
  const sites = new Map<string, SiteTotals>();
  for (let j = 0; j < profile.sampleStack.length; j++) {
    const frames = stackFrames(profile, profile.sampleStack[j]!);
    const at = innermostUserFrame(frames) ?? frames[0];
    if (!at) continue;
    const key = stackKey([at]);
    let s = sites.get(key);
    if (!s) {
      s = {
        bytes: 0,
        objects: 0,
        frame: { function: at.name, file: at.file, line: at.line },
        stack: frames.map((f) => ({ name: f.name, file: f.file, line: f.line })).reverse(),
      };
      sites.set(key, s);
    }
    s.bytes += profile.sampleWeights[j * stride + space]!;
    s.objects += profile.sampleWeights[j * stride + count]!;
  }
  return sites;
}

/**
 * Allocation sites whose live bytes rose in every interval across three or more heap snapshots,
 * most grown first; `readSource` (file → text) lets the container the line grows be named.
 */
export function growingHeapSites(snapshots: readonly Profile[], readSource?: (file: string) => string | null): GoHeapSite[] {
  if (snapshots.length < 3) return [];
  const perSnapshot = snapshots.map(heapSites);
  const last = perSnapshot[perSnapshot.length - 1]!;
  const out: GoHeapSite[] = [];
  for (const [key, site] of last) {
    const bytes = perSnapshot.map((m) => m.get(key)?.bytes ?? 0);
    if (!risesEveryInterval(bytes)) continue;
    const objects = perSnapshot.map((m) => m.get(key)?.objects ?? 0);
    const source = site.frame.file && readSource ? readSource(site.frame.file) : null;
    const container = source && site.frame.line ? containerAt(source, site.frame.line) : undefined;
    out.push({
      ...site.frame,
      bytes,
      objects,
      sizeDelta: bytes[bytes.length - 1]! - bytes[0]!,
      countDelta: objects[objects.length - 1]! - objects[0]!,
      stack: site.stack,
      ...(container ? { container } : {}),
    });
  }
  return out.sort((a, b) => b.sizeDelta - a.sizeDelta);
}

/**
 * The package-level map or slice that line `line` (1-based) of a Go source grows: `name[key] = …`
 * into a map, or `name = append(name, …)`, where `name` is declared at the top level of the file.
 */
export function containerAt(source: string, line: number): GoHeapSite['container'] {
  const lines = source.split('\n');
  const text = (lines[line - 1] ?? '').replace(/\/\/.*$/, '');
  const store = /\b([A-Za-z_]\w*)\[[^\]]+\]\s*=[^=]/.exec(text);
  const append = /\b([A-Za-z_]\w*)\s*=\s*append\(\s*\1\b/.exec(text);
  const name = store?.[1] ?? append?.[1];
  if (!name) return undefined;
  // Top level: `var name = map[…`, `var name map[…`, or an entry of a `var ( … )` block (one tab in).
  const decl = new RegExp(`^(?:var\\s+|\\t)${name}\\s+(?:=\\s*)?(?:make\\(\\s*)?(map\\[|\\[\\])`);
  const at = lines.findIndex((l) => decl.test(l));
  if (at < 0) return undefined;
  const kind = decl.exec(lines[at]!)![1] === 'map[' ? 'map' : 'slice';
  if (store && kind !== 'map') return undefined;
  return { name, kind, declaredAt: at + 1 };
}
