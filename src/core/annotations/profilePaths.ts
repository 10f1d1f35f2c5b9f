/**
 * Matches the source paths a profile recorded to files open in the editor.
 * Profiles come from this machine (absolute paths), from a run in another folder (paths relative to
 * the run's cwd), or from another machine or a container (`/app/src/x.py` for `~/proj/src/x.py`).
 * Lookups go from a document to the profile, so files the profile does not touch cost one Map miss.
 */

export interface PathIndexOptions {
  /** Absolute paths of the workspace folders (multi-root: several). */
  roots: readonly string[];
  /** Working directory of the profiled run, used to resolve relative recorded paths. */
  cwd?: string;
  /** Compare paths case-insensitively (Windows, macOS default volumes). */
  caseInsensitive?: boolean;
  /** Among equally good suffix matches prefer these (e.g. user code over library copies). */
  preferred?: (recorded: string) => boolean;
}

interface Candidate {
  recorded: string;
  /** Normalized segments of the recorded path. */
  segments: string[];
  relative: boolean;
}

/** Turns `file:///C:/x/y.py`, `C:\x\y.py`, `./a/../b.py` into slash-separated normalized form. */
export function normalizePath(path: string, caseInsensitive = false): string {
  let p = path.trim();
  if (/^file:\/\//i.test(p)) {
    p = p.replace(/^file:\/\/[^/]*/i, '');
    try {
      p = decodeURIComponent(p);
    } catch {
      // a stray % in a recorded path: keep it as written
    }
    if (/^\/[A-Za-z]:/.test(p)) p = p.slice(1);
  }
  p = p.replace(/\\/g, '/');
  const drive = /^[A-Za-z]:/.test(p) ? p.slice(0, 2).toLowerCase() : '';
  if (drive) p = p.slice(2);
  const absolute = p.startsWith('/');
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!absolute) out.push('..');
      continue;
    }
    out.push(seg);
  }
  let result = (absolute || drive ? '/' : '') + out.join('/');
  if (drive) result = drive + result;
  return caseInsensitive ? result.toLowerCase() : result;
}

function isAbsolutePath(normalized: string): boolean {
  return normalized.startsWith('/') || /^[a-z]:\//i.test(normalized);
}

function joinPath(base: string, rel: string): string {
  return `${base.replace(/\/+$/, '')}/${rel}`;
}

function segmentsOf(normalized: string): string[] {
  return normalized
    .replace(/^[a-z]:/i, '')
    .split('/')
    .filter((s) => s !== '' && s !== '..');
}

/** Number of trailing segments two paths share. */
function commonSuffix(a: readonly string[], b: readonly string[]): number {
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  return n;
}

export class ProfilePathIndex {
  private readonly exact = new Map<string, string>();
  private readonly byBaseName = new Map<string, Candidate[]>();
  private readonly roots: string[];
  private readonly cache = new Map<string, string | null>();

  constructor(
    recordedFiles: Iterable<string>,
    private readonly options: PathIndexOptions,
  ) {
    const ci = options.caseInsensitive ?? false;
    this.roots = options.roots.map((r) => normalizePath(r, ci)).sort((a, b) => b.length - a.length);
    const cwd = options.cwd ? normalizePath(options.cwd, ci) : undefined;
    for (const recorded of recordedFiles) {
      if (!recorded || /^<.*>$|^\[/.test(recorded)) continue; // <frozen ...>, [kernel]: not files
      const norm = normalizePath(recorded, ci);
      const relative = !isAbsolutePath(norm);
      if (relative) {
        for (const base of cwd ? [cwd, ...this.roots] : this.roots) this.setExact(normalizePath(joinPath(base, norm), ci), recorded);
      } else {
        this.setExact(norm, recorded);
      }
      const segments = segmentsOf(norm);
      const base = segments[segments.length - 1];
      if (!base) continue;
      let list = this.byBaseName.get(base);
      if (!list) this.byBaseName.set(base, (list = []));
      list.push({ recorded, segments, relative });
    }
  }

  /** Recorded path (a key of the profile's per-file stats) for an editor file, or undefined. */
  match(documentPath: string): string | undefined {
    const cached = this.cache.get(documentPath);
    if (cached !== undefined) return cached ?? undefined;
    const result = this.lookup(documentPath);
    this.cache.set(documentPath, result ?? null);
    return result;
  }

  /** The workspace folder holding a file (the deepest one in nested multi-root setups). */
  rootOf(normalizedPath: string): string | undefined {
    return this.roots.find((r) => normalizedPath === r || normalizedPath.startsWith(r.endsWith('/') ? r : `${r}/`));
  }

  private setExact(key: string, recorded: string): void {
    if (!this.exact.has(key)) this.exact.set(key, recorded);
  }

  private lookup(documentPath: string): string | undefined {
    const norm = normalizePath(documentPath, this.options.caseInsensitive ?? false);
    const hit = this.exact.get(norm);
    if (hit !== undefined) return hit;
    const docSegments = segmentsOf(norm);
    const candidates = this.byBaseName.get(docSegments[docSegments.length - 1] ?? '');
    if (!candidates) return undefined;
    const root = this.rootOf(norm);
    // The suffix must cover the file's workspace-relative path (or the whole relative recorded
    // path): a bare file-name match against some other folder would annotate the wrong file.
    const needed = root ? docSegments.length - segmentsOf(root).length : Infinity;
    let best: Candidate[] = [];
    let bestLength = 0;
    for (const c of candidates) {
      const n = commonSuffix(c.segments, docSegments);
      const ok = n >= needed || (c.relative && n === c.segments.length);
      if (!ok) continue;
      if (n > bestLength) {
        best = [c];
        bestLength = n;
      } else if (n === bestLength) {
        best.push(c);
      }
    }
    if (best.length === 1) return best[0]!.recorded;
    // `./x.py` and `x.py` recorded by the same run are one file.
    if (best.length > 1 && best.every((c) => c.segments.join('/') === best[0]!.segments.join('/'))) return best[0]!.recorded;
    const preferred = this.options.preferred ? best.filter((c) => this.options.preferred!(c.recorded)) : [];
    // Still ambiguous: annotate nothing rather than the wrong copy.
    return preferred.length === 1 ? preferred[0]!.recorded : undefined;
  }
}
