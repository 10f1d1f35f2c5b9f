/**
 * runProfile: runs a ProfilerPlan (src/core/plan) step by step with execa, streams the output,
 * ends the whole process tree on Cancel or timeout, keeps a crashed program's partial profile
 * and stderr, removes temporary files, saves the profile and imports it with the core importers.
 */
import { copyFileSync, mkdirSync, readFileSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Arg, ExecStep, ProfilerPlan } from '../core/plan';
import { importProfileFile, SUPPORTED_FORMATS } from '../core/importers';
import type { Profile } from '../core/model/profile';
import { ProfileBuildError, ProfileCancelledError, ProfileMissingError } from './errors';
import { fetchToFile } from './fetchToFile';
import { goTraceConverterHook } from './goTraceConverter';
import { stripGoMainWrapper } from './goWrapper';
import { pstatsConverterHook } from './pstatsConverter';
import { execInGroup, type ExecResult } from './processTree';
import { recordNodeInspector } from './nodeInspector';
import { normalizePerfScriptFile, remapTypescriptProfile, stripPythonLauncherFile } from './postprocess';
import { permissionFromStderr } from './toolCheck';
import { transpileProgram } from './typescriptBuild';

export * from './errors';
export { checkTool, missingTools, findExecutable, permissionProblem } from './toolCheck';
export { liveProcessGroups } from './processTree';

export interface RunOptions {
  signal?: AbortSignal;
  /** Each line the tools and the program print (stdout and stderr), as it comes. */
  onOutput?: (line: string) => void;
  /** Overrides plan.timeoutMs. */
  timeoutMs?: number;
  /** Progress messages ("building…", "recording…", "importing…"). */
  onStep?: (label: string) => void;
}

export interface ProfileRun {
  profile: Profile;
  /** Where the profile was saved (plan.profilePath). */
  profilePath: string;
  /** The program's own exit code (not the profiler's); null when it was killed by a signal. */
  exitCode: number | null;
  /** Last lines of the program's stderr (shown when it failed). */
  stderrTail: string;
  plan: ProfilerPlan;
  /** The run hit its time limit and what was recorded until then was kept. */
  timedOut: boolean;
  durationMs: number;
  /** Plan notes plus what happened (crash kept partial profile, fallbacks). */
  notes: string[];
}

/** Side file `<profile>.run.json` the Profiles view reads: language, command, when, duration, samples. */
export interface RunInfo {
  language: string;
  profiler: string;
  command: readonly string[];
  startedAt: string;
  durationMs: number;
  exitCode: number | null;
  samples: number;
  format: string;
  target: string;
}

function runInfoPath(profilePath: string): string {
  return `${profilePath}.run.json`;
}

export function readRunInfo(profilePath: string): RunInfo | null {
  try {
    return JSON.parse(readFileSync(runInfoPath(profilePath), 'utf8')) as RunInfo;
  } catch {
    return null;
  }
}

export { preparePlan, prepareAttach, prepareGoPprof, type PlanFallback, type PreparedPlan } from './preparePlan';
export { attachKindOf, attachKindOfCommand, type AttachKind } from './attachKind';

function resolveArgv(argv: readonly Arg[], executable: string | null, step: string): string[] {
  return argv.map((a) => {
    if (typeof a === 'string') return a;
    if (!executable) throw new ProfileBuildError(step, null, 'the build did not report an executable');
    return executable;
  });
}

/** The executable cargo built, from its JSON messages (`compiler-artifact` with `executable`). */
export function cargoExecutable(stdout: string, want: NonNullable<ExecStep['cargoArtifact']>): string | null {
  let found: string | null = null;
  for (const line of stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const msg = JSON.parse(line) as { reason?: string; executable?: string | null; target?: { name?: string; kind?: string[] } };
      if (msg.reason !== 'compiler-artifact' || !msg.executable) continue;
      if (!msg.target?.kind?.includes(want.kind)) continue;
      if (want.name && msg.target.name !== want.name && msg.target.name !== want.name.replace(/-/g, '_')) continue;
      found = msg.executable;
    } catch {
      // Not a JSON message (cargo prints rendered diagnostics to stderr; stdout is JSON only).
    }
  }
  return found;
}

function removeTemp(plan: ProfilerPlan): void {
  for (const p of [plan.tempDir, ...plan.tempPaths]) {
    try {
      rmSync(p, { recursive: true, force: true });
    } catch {
      // Best effort: a file still open on an odd filesystem is not worth failing the run.
    }
  }
  // The TypeScript mirror lives in <project>/.hotline/build/<run>: drop the folders we created
  // when they are empty now (rmdir refuses a folder that holds anything, e.g. saved profiles).
  for (const p of plan.tempPaths) {
    for (const dir of [dirname(p), dirname(dirname(p))]) {
      try {
        rmdirSync(dir);
      } catch {
        break;
      }
    }
  }
}

function nonEmpty(path: string): boolean {
  try {
    return statSync(path).size > 0;
  } catch {
    return false;
  }
}

export async function runProfile(plan: ProfilerPlan, opts: RunOptions = {}): Promise<ProfileRun> {
  const started = Date.now();
  const deadline = started + (opts.timeoutMs ?? plan.timeoutMs);
  const notes = [...plan.notes];
  const log = (line: string) => opts.onOutput?.(line);
  let executable: string | null = null;
  let generated: ReadonlyMap<string, string> = new Map();
  let program: ExecResult | null = null;
  let timedOut = false;
  mkdirSync(plan.tempDir, { recursive: true });
  try {
    for (const step of plan.steps) {
      if (opts.signal?.aborted) throw new ProfileCancelledError();
      opts.onStep?.(step.label);
      if (step.kind === 'write-file') {
        mkdirSync(dirname(step.path), { recursive: true });
        writeFileSync(step.path, step.content);
        continue;
      }
      if (step.kind === 'transpile-ts') {
        try {
          generated = transpileProgram(step).files;
        } catch (e) {
          throw new ProfileBuildError(step.label, null, (e as Error).message);
        }
        continue;
      }
      if (step.kind === 'fetch') {
        await fetchToFile(step.url, step.outputFile, Math.min(step.timeoutMs, deadline - Date.now()), opts.signal);
        continue;
      }
      if (step.kind === 'node-inspector') {
        try {
          await recordNodeInspector(step, { signal: opts.signal, log });
        } catch (err) {
          if (err instanceof ProfileCancelledError) throw err;
          throw new ProfileBuildError(step.label, null, (err as Error).message);
        }
        continue;
      }
      const argv = resolveArgv(step.argv, executable, step.label);
      log(`$ ${argv.map((a) => (a.includes('\n') ? '<launcher>' : a)).join(' ')}`);
      const r = await execInGroup(argv, {
        cwd: step.cwd,
        env: step.env,
        signal: opts.signal,
        deadline: step.role === 'convert' ? undefined : deadline,
        interruptSignal: plan.interruptSignal,
        onOutput: (line) => log(line),
        stdoutFile: step.stdoutFile,
        captureStdout: !!step.cargoArtifact,
      });
      if (r.cancelled || opts.signal?.aborted) throw new ProfileCancelledError();
      if (r.exitCode === null && r.signal === null && !r.timedOut) {
        throw new ProfileBuildError(step.label, null, r.stderrTail || `could not start ${argv[0]}`);
      }
      if (step.role === 'build') {
        if (r.timedOut) throw new ProfileBuildError(step.label, null, `timed out; ${r.stderrTail}`);
        if (r.exitCode !== 0) throw new ProfileBuildError(step.label, r.exitCode, r.stderrTail);
        if (step.cargoArtifact) {
          executable = cargoExecutable(r.stdout, step.cargoArtifact);
          if (!executable)
            throw new ProfileBuildError(
              step.label,
              r.exitCode,
              `cargo built no ${step.cargoArtifact.kind} target${step.cargoArtifact.name ? ` named ${step.cargoArtifact.name}` : ''}`,
            );
        }
        continue;
      }
      if (step.role === 'record') {
        program = r;
        timedOut = r.timedOut;
        const tool = plan.profiler === 'perf' ? 'perf' : plan.profiler === 'py-spy' ? 'py-spy' : '';
        const refused = tool ? permissionFromStderr(tool, r.stderrTail) : null;
        if (refused && !nonEmpty(plan.rawOutput)) throw refused;
        continue;
      }
      // convert (perf script): its failure means no readable profile.
      if (r.exitCode !== 0 && !nonEmpty(plan.rawOutput)) throw new ProfileMissingError(`${step.label} failed`, program?.exitCode ?? null, r.stderrTail);
    }

    const exitCode = programExitCode(plan, program);
    const stderrTail = program?.stderrTail ?? '';
    if (!nonEmpty(plan.rawOutput)) {
      const why = timedOut
        ? `the run hit its time limit (${Math.round((opts.timeoutMs ?? plan.timeoutMs) / 1000)} s) before ${plan.profilerLabel} wrote a profile`
        : `${plan.profilerLabel} wrote no profile${exitCode !== 0 ? ` (the program exited with ${exitCode === null ? 'a signal' : `code ${exitCode}`})` : ''}`;
      const hint =
        plan.profiler === 'go-main'
          ? '; a Go program that exits through log.Fatal, or os.Exit under another name, skips the code that writes its runtime/pprof profile — profile it with --profiler perf instead'
          : '';
      throw new ProfileMissingError(why + hint, exitCode, stderrTail);
    }
    opts.onStep?.('importing the profile');
    if (plan.transform.kind === 'strip-python-launcher') {
      stripPythonLauncherFile(plan.rawOutput);
    } else if (plan.transform.kind === 'remap-typescript') {
      const moved = remapTypescriptProfile(plan.rawOutput, generated);
      if (moved === 0) notes.push('No frame of the transpiled files was found in the profile; lines are those of the JavaScript.');
    }
    if (plan.transform.kind === 'strip-go-wrapper') {
      writeFileSync(plan.rawOutput, stripGoMainWrapper(readFileSync(plan.rawOutput), plan.transform.wrapperFile).bytes);
    }
    if (plan.format === 'perf-script') await normalizePerfScriptFile(plan.rawOutput);
    mkdirSync(dirname(plan.profilePath), { recursive: true });
    copyFileSync(plan.rawOutput, plan.profilePath);
    const format = (SUPPORTED_FORMATS as readonly string[]).includes(plan.format) ? plan.format : undefined;
    const python = plan.programCommand[0] ?? 'python3';
    const profile = await importProfileFile(plan.profilePath, {
      format,
      ...(plan.transform.kind === 'pstats' ? { convertPstats: pstatsConverterHook({ python }) } : {}),
      ...(plan.format === 'go-trace' ? { convertGoTrace: goTraceConverterHook() } : {}),
    });
    const durationMs = Date.now() - started;
    Object.assign(profile.metadata, {
      language: plan.language,
      profiler: plan.profilerLabel,
      command: [...plan.programCommand],
      cwd: plan.cwd,
      exitCode,
      capturedAt: new Date(started).toISOString(),
    });
    if (exitCode !== 0)
      notes.push(`The program exited with ${exitCode === null ? 'a signal' : `code ${exitCode}`}; the profile holds what was recorded until then.`);
    if (timedOut) notes.push('The run hit its time limit; the profile holds what was recorded until then.');
    const info: RunInfo = {
      language: plan.language,
      profiler: plan.profilerLabel,
      command: plan.programCommand,
      startedAt: new Date(started).toISOString(),
      durationMs,
      exitCode,
      samples: profile.sampleStack.length === 0 ? 0 : sumFirstWeight(profile),
      format: plan.format,
      target: plan.target,
    };
    writeFileSync(runInfoPath(plan.profilePath), JSON.stringify(info, null, 2));
    return { profile, profilePath: plan.profilePath, exitCode, stderrTail, plan, timedOut, durationMs, notes };
  } finally {
    removeTemp(plan);
  }
}

function sumFirstWeight(p: Profile): number {
  const n = p.weightTypes.length;
  let t = 0;
  for (let j = 0; j < p.sampleStack.length; j++) t += p.sampleWeights[j * n]!;
  return t;
}

function programExitCode(plan: ProfilerPlan, r: ExecResult | null): number | null {
  if (plan.exitCodeFile) {
    try {
      const v = Number(readFileSync(plan.exitCodeFile, 'utf8').trim());
      if (Number.isInteger(v)) return v;
    } catch {
      // The launcher did not get to write it (killed by a signal): no exit code of its own.
      return null;
    }
  }
  // Attached by inspector or fetched over HTTP: no process of ours ran, and the recording ended well.
  if (!r) return plan.mode === 'attach' ? 0 : null;
  if (r.signal) return null;
  // perf re-raises the program's fatal signal, which shows as 128 + n from a shell; keep the number.
  return r.exitCode;
}
