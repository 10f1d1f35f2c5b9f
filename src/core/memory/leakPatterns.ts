/**
 * Matches a leak finder's growth to the common leak patterns of the performance guide:
 * listener not removed, cache without eviction, closures holding large scopes, cycles with __del__.
 * Heuristics over names, retainer paths and runtime warnings; each match states its evidence.
 */
import { LeakKind, LeakPatternMatch, LeakReport } from './leakReport';

const LISTENER_WORDS = /(^|[._\s[('"-])(_events|listeners?|handlers?|callbacks?|subscribers?|observers?|hooks?|on[A-Z]\w*)\b/i;
const LISTENER_ADVICE =
  'Remove the listener when its owner is done (emitter.off / removeListener, AbortSignal, or once()), or subscribe once outside the repeated operation.';
const CACHE_ADVICE =
  'Bound the cache (an LRU such as functools.lru_cache(maxsize=...) or lru-cache), evict on a TTL, or key it weakly (WeakMap / weakref.WeakValueDictionary).';
const CACHE_WORDS = /cache|memo|registry|store|seen|history|pool|lookup|index/i;

export function matchLeakPatterns(report: Omit<LeakReport, 'patterns'>): LeakPatternMatch[] {
  const out: LeakPatternMatch[] = [];
  const seen = new Set<string>();
  const add = (m: LeakPatternMatch) => {
    if (seen.has(m.id)) return;
    seen.add(m.id);
    out.push(m);
  };
  const listenerWarning = report.warnings.find((w) => /MaxListenersExceeded|memory leak detected/i.test(w));
  if (listenerWarning) {
    add({
      id: 'listener-not-removed',
      title: 'Listener not removed',
      evidence: `the runtime warned: ${listenerWarning}`,
      advice: LISTENER_ADVICE,
    });
  }
  // Python: a module-level container that got about one entry longer per run.
  for (const c of report.grew ? (report.containers ?? []) : []) {
    if (c.lenAfter - c.lenBefore < report.runs * 0.5) continue;
    const grew = `${c.name} (${c.type}) grew from ${c.lenBefore} to ${c.lenAfter} entries over ${report.runs} ${report.wholeProgram ? 'intervals, growing in each' : 'runs'}`;
    if (LISTENER_WORDS.test(c.name)) {
      add({ id: 'listener-not-removed', title: 'Listener not removed', evidence: grew, advice: LISTENER_ADVICE, kind: c.name });
    } else {
      add({ id: 'cache-without-eviction', title: 'Cache without eviction', evidence: grew, advice: CACHE_ADVICE, kind: c.name });
    }
  }
  // Object-level patterns only when memory kept growing, and only for kinds that grew with the runs.
  const kinds = report.grew ? report.kinds.filter((k) => k.countDelta >= report.runs * 0.5).slice(0, 8) : [];
  for (const k of kinds) {
    const path = (k.retainerPath ?? []).map((s) => s.text).join(' ');
    if (LISTENER_WORDS.test(path) || (k.name.startsWith('(closure)') && /_events/.test(path))) {
      add({
        id: 'listener-not-removed',
        title: 'Listener not removed',
        evidence: `${k.countDelta} new ${k.name} held through ${describePath(k)}`,
        advice: LISTENER_ADVICE,
        kind: k.name,
      });
    }
    if (isCachePath(k)) {
      add({
        id: 'cache-without-eviction',
        title: 'Cache without eviction',
        evidence: `${k.countDelta} new ${k.name} kept in ${describePath(k)}`,
        advice: CACHE_ADVICE,
        kind: k.name,
      });
    }
    if (k.name.startsWith('(closure)') && (k.retainedDelta ?? 0) > 4 * Math.max(1, k.sizeDelta)) {
      add({
        id: 'closure-holding-scope',
        title: 'Closure holding a large scope',
        evidence: `${k.countDelta} new ${k.name} retain ${Math.round(k.retainedDelta!)} bytes, ${Math.round((k.retainedDelta ?? 0) / Math.max(1, k.sizeDelta))}x their own size: their captured scope keeps data alive`,
        advice: 'Capture only what the function needs (copy the field into a local before creating the closure), and drop the closure when done.',
        kind: k.name,
      });
    }
    // Python: closure cells (captured variables) that grow, held through a function.
    if (k.name === 'cell' && (k.retainerPath ?? []).some((s) => s.kind === 'function' || /^function /.test(s.text))) {
      add({
        id: 'closure-holding-scope',
        title: 'Closure holding a large scope',
        evidence: `${k.countDelta} new closure cells (captured variables) kept alive through ${describePath(k)}`,
        advice: 'Capture only what the function needs (copy the field into a local before creating the closure), and drop the closure when done.',
        kind: k.name,
      });
    }
    if (k.definesDel && k.inCycle) {
      add({
        id: 'cycle-with-del',
        title: 'Reference cycle with __del__',
        evidence: `${k.countDelta} new ${k.name} (defines __del__) sit in reference cycles`,
        advice:
          'Break the cycle (weakref for the back-reference) or replace __del__ with weakref.finalize / a context manager; cycles are only freed by the cycle collector, later and at a cost.',
        kind: k.name,
      });
    }
  }
  return out;
}

function isCachePath(k: LeakKind): boolean {
  const steps = k.retainerPath ?? [];
  if (steps.length === 0) return false;
  // A keyed container (dict/Map/object property bag) on the way, named like a cache or held by a global.
  const keyed = steps.some((s) => s.kind === 'dict' || /^Map\b|^Object\b|\(table\)|\bMap\b/.test(s.text));
  const named = steps.some((s) => CACHE_WORDS.test(s.text));
  const global = steps.some((s) => s.kind === 'global');
  return keyed && (named || global) && !steps.some((s) => LISTENER_WORDS.test(s.text));
}

function describePath(k: LeakKind): string {
  const steps = k.retainerPath ?? [];
  return steps.length ? steps.map((s) => s.text).join(' -> ') : 'an unknown retainer';
}
