/**
 * Finds a plan's tools before anything runs, and explains kernel permission problems of
 * py-spy (ptrace) and perf (perf_event_paranoid) with the command that fixes them.
 */
import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import type { ProfilerPlan, ToolRequirement } from '../core/plan';
import { ProfilerNotFoundError, ProfilerPermissionError } from './errors';

/** Absolute path of an executable (PATH lookup for bare names), or null. */
export function findExecutable(command: string, env: NodeJS.ProcessEnv = process.env): string | null {
  const ok = (p: string) => {
    try {
      accessSync(p, constants.X_OK);
      return statSync(p).isFile();
    } catch {
      return false;
    }
  };
  if (isAbsolute(command) || command.includes('/')) return ok(command) ? command : null;
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir && ok(join(dir, command))) return join(dir, command);
  }
  return null;
}

/** Every tool of the plan that is missing (empty when all are there). */
export function missingTools(plan: Pick<ProfilerPlan, 'tools'>, env?: NodeJS.ProcessEnv): ToolRequirement[] {
  return plan.tools.filter((t) => findExecutable(t.command, env) === null);
}

/**
 * The first missing tool with its install hint, or null when everything is installed.
 * (The contract name the extension's "Install" button uses.)
 */
export async function checkTool(plan: Pick<ProfilerPlan, 'tools'>): Promise<ToolRequirement | null> {
  return missingTools(plan)[0] ?? null;
}

/** Throws ProfilerNotFoundError for the first missing tool. */
export function assertTools(plan: Pick<ProfilerPlan, 'tools'>): void {
  const t = missingTools(plan)[0];
  if (t) throw new ProfilerNotFoundError(t.tool, t.installHint, t.command);
}

function readNumber(path: string): number | null {
  try {
    const n = Number(readFileSync(path, 'utf8').trim());
    return Number.isFinite(n) ? n : null;
  } catch {
    return null;
  }
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/**
 * Known-up-front permission problems: perf with perf_event_paranoid > 2 (Debian/Ubuntu kernels
 * refuse all unprivileged perf events), py-spy attach with yama ptrace_scope > 1 (or 1 for a
 * process that is not our child). Returns null when nothing is known to be wrong.
 */
export function permissionProblem(plan: Pick<ProfilerPlan, 'profiler' | 'mode'>): ProfilerPermissionError | null {
  if (isRoot()) return null;
  if (plan.profiler === 'perf') {
    const paranoid = readNumber('/proc/sys/kernel/perf_event_paranoid');
    if (paranoid !== null && paranoid > 2) {
      return new ProfilerPermissionError(
        'perf',
        `kernel.perf_event_paranoid is ${paranoid}, which refuses perf events to users`,
        'sudo sysctl kernel.perf_event_paranoid=2 (or run with --profiler callgrind)',
      );
    }
  }
  if (plan.profiler === 'py-spy') {
    const scope = readNumber('/proc/sys/kernel/yama/ptrace_scope');
    if (scope !== null && (scope > 1 || (scope === 1 && plan.mode === 'attach'))) {
      return new ProfilerPermissionError(
        'py-spy',
        `kernel.yama.ptrace_scope is ${scope}, which forbids reading another process's memory`,
        plan.mode === 'attach' ? 'sudo py-spy ... or sudo sysctl kernel.yama.ptrace_scope=0' : 'sudo sysctl kernel.yama.ptrace_scope=1',
      );
    }
  }
  return null;
}

/** Recognises a permission refusal in a profiler's stderr after the fact. */
export function permissionFromStderr(tool: string, stderr: string): ProfilerPermissionError | null {
  if (
    tool === 'perf' &&
    /perf_event_paranoid|Permission denied|Operation not permitted|No permission to enable/i.test(stderr) &&
    /perf_event|paranoid|permission/i.test(stderr)
  ) {
    return new ProfilerPermissionError('perf', 'the kernel refused perf events', 'sudo sysctl kernel.perf_event_paranoid=1 (or run with --profiler callgrind)');
  }
  if (tool === 'py-spy' && /Permission denied|Operation not permitted|ptrace/i.test(stderr) && !/Samples: [1-9]/.test(stderr)) {
    return new ProfilerPermissionError('py-spy', 'the kernel refused ptrace', 'sudo sysctl kernel.yama.ptrace_scope=0, or run py-spy with sudo');
  }
  return null;
}
