/** Top callers and callees of a function for the hover, from core's call relations. */
import type { Profile } from '../../core/model/profile';
import { totalWeight } from '../../core/model/profile';
import { calleesOf, callersOf } from '../../core/model/views';
import type { FunctionWeight } from '../../core/annotations/profileAnnotations';

export interface Neighbour {
  name: string;
  /** Share of the profile's total weight on this caller→callee edge. */
  share: number;
}

export function callNeighbours(profile: Profile, fn: FunctionWeight, limit: number): { callers: Neighbour[]; callees: Neighbour[] } {
  const target = fn.frameIds && fn.frameIds.length > 0 ? fn.frameIds : fn.name;
  const total = totalWeight(profile, 0) || 1;
  const pick = (list: { name: string; weight: number }[]) =>
    list
      .filter((r) => r.name !== fn.name) // recursion is not a neighbour
      .slice(0, limit)
      .map((r) => ({ name: r.name, share: r.weight / total }));
  return { callers: pick(callersOf(profile, target)), callees: pick(calleesOf(profile, target)) };
}
