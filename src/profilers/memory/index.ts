/**
 * Memory profiling for the CLI and the extension:
 *   runMemoryProfile(request, { signal, timeoutMs, onOutput }) -> { profile (bytes + objects), profilePath, series (RSS over time), ... }
 *   runLeakFinder(request, { signal, timeoutMs, onOutput }) -> { report: LeakReport, files, series, ... }
 *   runProgramLeaks(request, ...) -> the same, for a whole Node program snapshotted at intervals
 *   runAttachedLeaks({ pid, ... }) -> the same, for a Node process already running (its inspector)
 */
export { runMemoryProfile, memoryLanguageOf, memorySpec, hasMemray } from './allocationProfile';
export type { MemoryProfileRequest, MemoryProfileRun, MemoryRunOptions, MemoryLanguage } from './allocationProfile';
export { runLeakFinder, LeakFinderError } from './leakFinder';
export type { LeakFinderRequest, LeakFinderRun } from './leakFinder';
export { runProgramLeaks } from './programLeaks';
export { runAttachedLeaks } from './attachedLeaks';
export type { ProgramLeakRequest } from './programLeaks';
export { startRssSampler } from './rssSampler';
export type { LeakReport, LeakKind, LeakSite, LeakPatternMatch } from '../../core/memory/leakReport';
export type { MemorySeries } from '../../core/memory/memorySeries';
export { runGoLeaks, isGoProgram, PPROF_ADDR_ENV } from './goLeaks';
export type { GoLeakRequest, GoLeakRun } from './goLeaks';
