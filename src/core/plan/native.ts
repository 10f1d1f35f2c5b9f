/**
 * Native plans: Rust crates and single C/C++ files, recorded with perf (or callgrind).
 *
 * perf: only the software `cpu-clock` event (hardware events are "not supported" on VMs and
 * containers), and DWARF call graphs: Rust's standard library and -O2 C code have no frame
 * pointers, so frame-pointer unwinding loses the caller of every leaf in libc (strlen, malloc),
 * which is exactly where the time goes. `perf script` then writes the stacks with inlined
 * frames and full source paths (srcline), which the perf-script importer reads.
 *
 * Rust: `cargo build --release` with CARGO_PROFILE_RELEASE_DEBUG=line-tables-only (line tables
 * without editing Cargo.toml) into target/hotline, a target folder of its own so the user's
 * release artifacts are not rebuilt every time. The executable comes from cargo's JSON messages.
 *
 * callgrind: valgrind's instruction counts, repeatable and needing no kernel permission, but
 * 20-50x slower and counting instructions, not time.
 */
import { readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { PlanContext, profileFileName } from './context';
import { cargoTargets } from './detect';
import { executable, requirement } from './tools';
import { Arg, Language, PlanError, PlanStep, ProfilerPlan, ToolRequirement } from './types';

/** perf record + perf script steps for a command; perf's exit status is the program's. */
function perfSteps(ctx: PlanContext, command: readonly Arg[]): { steps: PlanStep[]; rawOutput: string } {
  const perf = executable('perf', ctx.exes);
  const data = join(ctx.tempDir, 'perf.data');
  const script = join(ctx.tempDir, 'perf-script.txt');
  const rate = Math.max(1, Math.round(ctx.request.rateHz ?? 999));
  return {
    steps: [
      {
        kind: 'exec',
        role: 'record',
        label: 'perf record',
        argv: [perf, 'record', '-e', 'cpu-clock', '-F', String(rate), '--call-graph', 'dwarf', '-q', '-o', data, '--', ...command],
        cwd: ctx.cwd,
        env: ctx.env,
        runsProgram: true,
      },
      {
        kind: 'exec',
        role: 'convert',
        label: 'perf script (stacks with source lines)',
        argv: [perf, 'script', '-i', data, '-F', 'comm,pid,tid,time,event,ip,sym,dso,srcline', '--full-source-path'],
        cwd: ctx.tempDir,
        stdoutFile: script,
      },
    ],
    rawOutput: script,
  };
}

function callgrindSteps(ctx: PlanContext, command: readonly Arg[]): { steps: PlanStep[]; rawOutput: string } {
  const out = join(ctx.tempDir, 'callgrind.out');
  return {
    steps: [
      {
        kind: 'exec',
        role: 'record',
        label: 'valgrind --tool=callgrind',
        argv: [executable('valgrind', ctx.exes), '--tool=callgrind', `--callgrind-out-file=${out}`, '--', ...command],
        cwd: ctx.cwd,
        env: ctx.env,
        runsProgram: true,
      },
    ],
    rawOutput: out,
  };
}

/** perf unless asked otherwise or perf is missing, then callgrind (with a note). */
function nativeProfiler(ctx: PlanContext): 'perf' | 'callgrind' {
  const asked = ctx.requested;
  if (asked === 'perf' || asked === 'callgrind') return asked;
  if (asked !== 'auto') throw new PlanError(`profiler ${asked} does not profile ${ctx.language}; use perf or callgrind`);
  return ctx.missing.has('perf') && !ctx.missing.has('valgrind') ? 'callgrind' : 'perf';
}

/** The perf or callgrind recording of a built program's command, and what it produces. */
export function recorded(ctx: PlanContext, profiler: 'perf' | 'callgrind', command: readonly Arg[]) {
  const rec = profiler === 'perf' ? perfSteps(ctx, command) : callgrindSteps(ctx, command);
  const notes: string[] = [];
  if (profiler === 'callgrind') {
    notes.push('callgrind counts instructions (repeatable, no kernel permission needed) and runs the program 20-50x slower; it is a proxy for time.');
    if (ctx.requested === 'auto') notes.push(`perf is not available, so callgrind is used. Install perf: ${requirement('perf', ctx.exes).installHint}`);
  }
  return {
    ...rec,
    profiler,
    profilerLabel: profiler === 'perf' ? 'perf' : 'valgrind --tool=callgrind',
    profilePath: profiler === 'perf' ? profileFileName(ctx, 'perf', 'perf-script.txt') : profileFileName(ctx, 'callgrind', 'callgrind.out'),
    format: profiler === 'perf' ? 'perf-script' : 'callgrind',
    tool: requirement(profiler === 'perf' ? 'perf' : 'valgrind', ctx.exes),
    notes,
  };
}

/**
 * The plan that builds a program (one step with its tool) and runs it under a recording from
 * recorded(); `notes` come before the recording's own.
 */
export function launchPlan(
  ctx: PlanContext,
  rec: ReturnType<typeof recorded>,
  p: { language: Language; target: string; programCommand: readonly string[]; build: PlanStep; buildTool: ToolRequirement; notes?: readonly string[] },
): ProfilerPlan {
  return {
    language: p.language,
    profiler: rec.profiler,
    profilerLabel: rec.profilerLabel,
    mode: 'launch',
    target: p.target,
    cwd: ctx.cwd,
    workspaceRoot: ctx.workspaceRoot,
    programCommand: p.programCommand,
    steps: [p.build, ...rec.steps],
    rawOutput: rec.rawOutput,
    transform: { kind: 'none' },
    profilePath: rec.profilePath,
    format: rec.format,
    tempDir: ctx.tempDir,
    tempPaths: [],
    tools: [p.buildTool, rec.tool],
    timeoutMs: ctx.timeoutMs,
    notes: [...(p.notes ?? []), ...rec.notes],
    interruptSignal: 'SIGINT',
  };
}

export function planRust(ctx: PlanContext): ProfilerPlan {
  const crate = ctx.detected.projectRoot;
  const profiler = nativeProfiler(ctx);
  const cargo = executable('cargo', ctx.exes);
  const toml = readFileSync(join(crate, 'Cargo.toml'), 'utf8');
  const targets = cargoTargets(toml);
  const file = ctx.detected.file;
  const rel = file ? relative(crate, file) : '';
  let bench = ctx.request.rust?.bench;
  if (!bench && /^benches[\\/]/.test(rel)) bench = basename(rel, '.rs');
  let bin = ctx.request.rust?.bin;
  if (!bench && !bin) {
    const m = /^src[\\/]bin[\\/]([^\\/]+?)(?:\.rs|[\\/]main\.rs)$/.exec(rel);
    bin = m ? m[1] : (targets.bins[0] ?? targets.packageName ?? undefined);
  }
  const targetDir = join(crate, 'target', 'hotline');
  const env = { CARGO_PROFILE_RELEASE_DEBUG: 'line-tables-only', CARGO_PROFILE_BENCH_DEBUG: 'line-tables-only' };
  const build: PlanStep = bench
    ? {
        kind: 'exec',
        role: 'build',
        label: `cargo bench --no-run --bench ${bench}`,
        argv: [cargo, 'bench', '--no-run', '--bench', bench, '--message-format=json-render-diagnostics', '--target-dir', targetDir],
        cwd: crate,
        env,
        cargoArtifact: { kind: 'bench', name: bench },
      }
    : {
        kind: 'exec',
        role: 'build',
        label: `cargo build --release${bin ? ` --bin ${bin}` : ''}`,
        argv: [cargo, 'build', '--release', ...(bin ? ['--bin', bin] : []), '--message-format=json-render-diagnostics', '--target-dir', targetDir],
        cwd: crate,
        env,
        cargoArtifact: { kind: 'bin', name: bin },
      };
  const command: Arg[] = [{ artifact: 'executable' }, ...(bench ? ['--bench'] : []), ...ctx.args];
  return launchPlan(ctx, recorded(ctx, profiler, command), {
    language: 'rust',
    target: file ?? crate,
    programCommand: bench ? [cargo, 'bench', '--bench', bench] : [cargo, 'run', '--release', ...(bin ? ['--bin', bin] : []), '--', ...ctx.args],
    build,
    buildTool: requirement('cargo', ctx.exes),
    notes: [
      `Built in release mode with line tables (CARGO_PROFILE_RELEASE_DEBUG=line-tables-only) into ${relative(crate, targetDir)}; Cargo.toml is not changed.`,
    ],
  });
}

export function planC(ctx: PlanContext): ProfilerPlan {
  const file = ctx.detected.file;
  if (!file) throw new PlanError(`no C/C++ file to build in ${ctx.detected.projectRoot}`);
  const profiler = nativeProfiler(ctx);
  const cpp = ctx.language === 'cpp';
  const compiler = executable(cpp ? 'g++' : 'gcc', ctx.exes);
  const exe = join(
    ctx.tempDir,
    basename(file)
      .replace(/\.[^.]+$/, '')
      .replace(/[^A-Za-z0-9_-]/g, '_') || 'program',
  );
  // -fno-omit-frame-pointer keeps perf's fallback unwinding usable; -g gives the line tables.
  const build: PlanStep = {
    kind: 'exec',
    role: 'build',
    label: `${cpp ? 'g++' : 'gcc'} -O2 -g ${basename(file)}`,
    argv: [compiler, '-O2', '-g', '-fno-omit-frame-pointer', '-o', exe, file, ...(cpp ? [] : ['-lm'])],
    cwd: ctx.detected.projectRoot,
  };
  return launchPlan(ctx, recorded(ctx, profiler, [exe, ...ctx.args]), {
    language: ctx.language,
    target: file,
    programCommand: [exe, ...ctx.args],
    build,
    buildTool: requirement(cpp ? 'g++' : 'gcc', ctx.exes),
  });
}
