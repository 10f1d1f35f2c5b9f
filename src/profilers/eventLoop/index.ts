/**
 * Event-loop lag of a Node program: runs it with src/helpers/event_loop_preload.cjs preloaded
 * (node --require), in a process group of its own, for `seconds` (the helper then ends it) or
 * until it exits, and turns the helper's record and CPU profile into an EventLoopReport.
 * A Python program runs under src/helpers/asyncio_slow_callbacks.py instead (asyncio debug mode,
 * slow_callback_duration = the threshold), into the same report.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { importProfileFile } from '../../core/importers';
import { eventLoopRecorderOf } from '../../core/languages';
import { analyseAsyncio, parseAsyncioDocument } from '../../core/eventLoop/asyncioSlow';
import { analyseEventLoop, EventLoopReport, parseEventLoopDocument } from '../../core/eventLoop/eventLoopLag';
import type { Profile } from '../../core/model/profile';
import { ProfileCancelledError, ProfileMissingError } from '../errors';
import { execInGroup } from '../processTree';
import { helperPath } from '../helperPath';

export interface EventLoopRequest {
  /** A program whose language has an event-loop recorder (LANGUAGES: .js/.cjs/.mjs, .py). */
  program: string;
  args?: string[];
  cwd?: string;
  node?: string;
  /** For a .py program (default python3). */
  python?: string;
  /** Shortest synchronous stretch reported, ms (default 20). */
  thresholdMs?: number;
  /** Run this long, then end the program (default: until it exits). */
  seconds?: number;
  outDir?: string;
}

export interface EventLoopRunOptions {
  signal?: AbortSignal;
  /** Hard limit for the whole run (past `seconds`: the helper did not end the program). */
  timeoutMs?: number;
  onOutput?: (line: string, stream: 'stdout' | 'stderr') => void;
}

export interface EventLoopRun {
  report: EventLoopReport;
  /** The helper's record and the CPU profile of the same run. */
  files: string[];
  exitCode: number | null;
  stderrTail: string;
  argv: string[];
}

export async function runEventLoopProfile(request: EventLoopRequest, options: EventLoopRunOptions = {}): Promise<EventLoopRun> {
  const cwd = request.cwd ?? process.cwd();
  const program = resolve(cwd, request.program);
  if (!existsSync(program)) throw new ProfileMissingError(`${request.program} does not exist`, null, '');
  const recorder = eventLoopRecorderOf(program);
  if (!recorder)
    throw new ProfileMissingError(
      `event-loop lag is measured for Node programs (.js, .cjs, .mjs) and Python asyncio programs (.py), not ${request.program}`,
      null,
      '',
    );
  const outDir = request.outDir ?? mkdtempSync(join(tmpdir(), 'hotline-eventloop-'));
  const out = join(outDir, `event-loop-${process.pid}-${Date.now()}.json`);
  const deadline = options.timeoutMs ? Date.now() + options.timeoutMs : undefined;
  if (recorder === 'asyncio-debug') return runAsyncio(request, program, out, { cwd, deadline, options });
  const argv = [request.node ?? process.execPath, '--require', helperPath('event_loop_preload.cjs'), program, ...(request.args ?? [])];
  const env: Record<string, string> = {
    HOTLINE_EVENTLOOP_OUT: out,
    HOTLINE_EVENTLOOP_THRESHOLD_MS: String(request.thresholdMs ?? 20),
    ELECTRON_RUN_AS_NODE: '1',
  };
  if (request.seconds) env.HOTLINE_EVENTLOOP_SECONDS = String(request.seconds);
  // SIGTERM first at the hard limit: the program's own handlers may end it cleanly ('exit' writes).
  const result = await execInGroup(argv, { cwd, env, deadline, signal: options.signal, interruptSignal: 'SIGTERM', onOutput: options.onOutput });
  if (result.cancelled) throw new ProfileCancelledError();
  if (!existsSync(out)) {
    const why = result.timedOut ? 'the time limit was reached' : `the program ended with ${result.exitCode ?? result.signal}`;
    throw new ProfileMissingError(`the event-loop recorder wrote nothing: ${why}`, result.exitCode, result.stderrTail);
  }
  const doc = parseEventLoopDocument(readFileSync(out, 'utf8'), out);
  const files = [out];
  let cpuProfile: Profile | null = null;
  if (doc.cpuProfile && existsSync(doc.cpuProfile)) {
    cpuProfile = await importProfileFile(doc.cpuProfile);
    files.push(doc.cpuProfile);
  }
  return { report: analyseEventLoop(doc, { cpuProfile }), files, exitCode: result.exitCode, stderrTail: result.stderrTail, argv };
}

async function runAsyncio(
  request: EventLoopRequest,
  program: string,
  out: string,
  run: { cwd: string; deadline: number | undefined; options: EventLoopRunOptions },
): Promise<EventLoopRun> {
  const argv = [request.python ?? 'python3', helperPath('asyncio_slow_callbacks.py'), '--out', out, '--threshold-ms', String(request.thresholdMs ?? 20)];
  if (request.seconds) argv.push('--seconds', String(request.seconds));
  argv.push('--', program, ...(request.args ?? []));
  const { options } = run;
  const result = await execInGroup(argv, {
    cwd: run.cwd,
    deadline: run.deadline,
    signal: options.signal,
    interruptSignal: 'SIGTERM',
    onOutput: options.onOutput,
  });
  if (result.cancelled) throw new ProfileCancelledError();
  if (!existsSync(out)) {
    const why = result.timedOut ? 'the time limit was reached' : `the program ended with ${result.exitCode ?? result.signal}`;
    throw new ProfileMissingError(`the asyncio recorder wrote nothing: ${why}`, result.exitCode, result.stderrTail);
  }
  const report = analyseAsyncio(parseAsyncioDocument(readFileSync(out, 'utf8'), out));
  return { report, files: [out], exitCode: result.exitCode, stderrTail: result.stderrTail, argv };
}
