/**
 * The leak patterns of a web page, named from Chromium heap snapshots: DOM nodes removed from the
 * document but still retained by JavaScript (detached), and event listeners added on every repetition
 * of an interaction and never removed. Each match states its evidence (counts per snapshot, the
 * retainer path, the listener's closure and line).
 */
import { LeakKind, LeakPatternMatch, RetainerStep } from './leakReport';

/** A kind of detached DOM node that grew in every interval between the snapshots. */
export interface DetachedGrowth {
  /** "Detached <div>" (Chromium's tag names) or "Detached HTMLDivElement" (older snapshots). */
  name: string;
  /** Detached instances in each snapshot, first to last. */
  counts: number[];
  /** The node's own name in the last snapshot, e.g. `<div class="panel">`. */
  example: string;
  retainerPath?: RetainerStep[];
}

/** JavaScript event listeners (Chromium's V8EventListener nodes) and the closures they call. */
export interface ListenerGrowth {
  /** V8EventListener nodes in each snapshot, first to last. */
  counts: number[];
  /** Listener closures (by source-mapped definition) whose count grew in every interval. */
  closures: { name: string; counts: number[]; definedAt?: { file: string; line: number }; retainerPath?: RetainerStep[] }[];
}

const DETACHED_ADVICE =
  'Drop the references to a removed element when it leaves the document (splice it out of the array or Map, null the variable), or hold it weakly (WeakRef, WeakMap); a listener or closure that captures the element keeps it alive too.';
const LISTENER_ADVICE =
  'Remove the listener when its element or component goes away (removeEventListener with the same function, or addEventListener(type, fn, { signal }) and abort the controller), or add it once outside the repeated interaction.';

const path = (steps: RetainerStep[] | undefined) => (steps?.length ? steps.map((s) => s.text).join(' -> ') : 'an unknown retainer');
const series = (counts: number[]) => counts.join(' -> ');

export function matchPageLeakPatterns(detached: readonly DetachedGrowth[], listeners: ListenerGrowth, clicks: number): LeakPatternMatch[] {
  const out: LeakPatternMatch[] = [];
  const grownDetached = detached.filter((d) => d.counts[d.counts.length - 1]! - d.counts[0]! >= clicks * 0.5);
  if (grownDetached.length) {
    const top = grownDetached[0]!;
    const others = grownDetached.slice(1, 4).map((d) => `${d.name} ${series(d.counts)}`);
    out.push({
      id: 'detached-dom-retained',
      title: 'Detached DOM nodes retained by JS',
      evidence: `${top.name} (e.g. ${top.example}) grew ${series(top.counts)} over ${clicks} clicks, held by ${path(top.retainerPath)}${others.length ? `; also ${others.join(', ')}` : ''}`,
      advice: DETACHED_ADVICE,
      kind: top.name,
    });
  }
  const added = listeners.counts[listeners.counts.length - 1]! - listeners.counts[0]!;
  const closure = listeners.closures[0];
  if (added >= clicks * 0.5) {
    const where = closure?.definedAt ? ` defined at ${closure.definedAt.file}:${closure.definedAt.line}` : '';
    out.push({
      id: 'listener-not-removed',
      title: 'Event listener added per action and never removed',
      evidence: `JS event listeners grew ${series(listeners.counts)} over ${clicks} clicks${closure ? `; their function ${closure.name}${where} (${series(closure.counts)})` : ''}`,
      advice: LISTENER_ADVICE,
      ...(closure ? { kind: closure.name } : {}),
    });
  }
  return out;
}

/** The kinds listed first in the report: detached nodes, then listener closures, then the rest. */
export function pageKindOrder(k: LeakKind): number {
  return k.name.startsWith('Detached ') ? 0 : k.name.startsWith('(closure)') ? 1 : 2;
}
