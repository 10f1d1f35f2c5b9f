/**
 * Plans a run with the checks that need the machine, once for the extension and the CLI: a missing
 * py-spy (auto) re-plans with cProfile, a missing or refused perf (auto) with callgrind, and the
 * fallback says which better tool was missing and how to install it. Any other missing tool throws
 * ProfilerNotFoundError, a known permission problem ProfilerPermissionError — before anything runs.
 */
import {
  planAttach,
  planGoPprof,
  planProfile,
  type AttachRequest,
  type GoPprofRequest,
  type ProfilerPlan,
  type ProfileRequest,
  type ToolRequirement,
} from '../core/plan';
import { withNodeBenchRunner } from './bench/runners';
import { assertTools, missingTools, permissionProblem } from './toolCheck';

/** Why a lesser profiler runs: the better tool is missing (with its install hint), or perf is refused. */
export interface PlanFallback {
  /** The missing better tool; null when it is there but the kernel refuses it (perf). */
  missing: ToolRequirement | null;
  /** "py-spy is not installed", "perf is not permitted here". */
  reason: string;
}

export interface PreparedPlan {
  plan: ProfilerPlan;
  fallback: PlanFallback | null;
}

export function preparePlan(request: ProfileRequest): PreparedPlan {
  // A Node benchmark file runs through Hotline's runner, found next to this bundle.
  const withRunner = request.node?.benchRunner ? request : withNodeBenchRunner(request);
  const first = planProfile(withRunner);
  const missing = missingTools(first);
  const refusedPerf = first.profiler === 'perf' && permissionProblem(first) !== null;
  let prepared: PreparedPlan = { plan: first, fallback: null };
  if (missing.length > 0 || refusedPerf) {
    // Planners fall back only under auto; an explicit profiler re-plans to itself.
    const replanned = planProfile({ ...withRunner, missingTools: [...missing.map((m) => m.tool), ...(refusedPerf ? ['perf'] : [])] });
    if (replanned.profiler !== first.profiler && missingTools(replanned).length === 0) {
      const better = missing[0] ?? null;
      prepared = { plan: replanned, fallback: { missing: better, reason: better ? `${better.tool} is not installed` : 'perf is not permitted here' } };
    } else {
      assertTools(replanned);
      assertTools(first);
    }
  }
  return checked(prepared);
}

/** An attach plan with its tools checked, as preparePlan does for launches (no fallback). */
export function prepareAttach(request: AttachRequest): PreparedPlan {
  return checked({ plan: planAttach(request), fallback: null });
}

/** A fetch from a Go program's net/http/pprof endpoint, checked the same way. */
export function prepareGoPprof(request: GoPprofRequest): PreparedPlan {
  return checked({ plan: planGoPprof(request), fallback: null });
}

function checked(prepared: PreparedPlan): PreparedPlan {
  assertTools(prepared.plan);
  const problem = permissionProblem(prepared.plan);
  if (problem) throw problem;
  return prepared;
}
