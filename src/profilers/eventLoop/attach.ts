/**
 * Event-loop lag of a Node process that is already running: Hotline attaches over its inspector
 * (opened with SIGUSR1 when it has none, see nodeInspector.ts), starts V8's CPU profiler, evaluates
 * src/helpers/event_loop_recorder.cjs inside it (Runtime.evaluate: `require` is not in scope
 * there, so the recorder loads async_hooks and perf_hooks through process.getBuiltinModule, Node
 * >= 20.16, else the CommonJS main module's require), waits `seconds`, then has the recorder
 * remove its hooks and hand back its record, stops the profiler and closes the inspector it
 * opened. The record and profile are the launched mode's, so the report is the same.
 * If Hotline dies meanwhile, the recorder removes its hooks by itself a minute after `seconds`.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importProfileFile } from '../../core/importers';
import { analyseEventLoop, parseEventLoopDocument } from '../../core/eventLoop/eventLoopLag';
import { ProfileCancelledError } from '../errors';
import { helperPath } from '../helperPath';
import { connectInspector, NodeInspectorError, type Session } from '../nodeInspector';
import { sleep } from '../sleep';
import type { EventLoopRun } from '.';

/** The recorder's name in the attached process's stacks (its sourceURL): never the user's frame. */
export const ATTACHED_RECORDER_URL = 'hotline:event_loop_recorder.cjs';
/** Where the recorder keeps itself in the attached process (a registered symbol: no global name taken). */
const KEY = "Symbol.for('hotline.eventLoopRecorder')";
/** The recorder ends itself this long after `seconds` when Hotline never came back. */
const ABANDON_GRACE_S = 60;

export interface EventLoopAttachRequest {
  pid: number;
  seconds: number;
  thresholdMs?: number;
  outDir?: string;
}

export interface EventLoopAttachOptions {
  signal?: AbortSignal;
  log?: (line: string) => void;
}

interface RemoteObject {
  value?: unknown;
}
interface EvaluateResult {
  result: RemoteObject;
  exceptionDetails?: { text?: string; exception?: { description?: string } };
}

async function evaluate(session: Session, expression: string): Promise<unknown> {
  const r = await session.send<EvaluateResult>('Runtime.evaluate', { expression, returnByValue: true });
  if (r.exceptionDetails) {
    const d = r.exceptionDetails;
    throw new NodeInspectorError(`the event-loop recorder failed in the attached process: ${d.exception?.description ?? d.text ?? 'exception'}`);
  }
  return r.result.value;
}

/** The expression that starts the recorder inside the attached process; it answers {started} or {refused}. */
export function recorderInstallExpression(recorderSource: string, thresholdMs: number, seconds: number): string {
  return `(() => {
  const key = ${KEY};
  if (globalThis[key]) return { refused: 'another Hotline event-loop recording is running in this process' };
  const proc = globalThis.process;
  const main = proc.mainModule;
  const load = typeof proc.getBuiltinModule === 'function' ? (id) => proc.getBuiltinModule(id) : main ? (id) => main.require(id) : null;
  if (!load)
    return { refused: 'Node ' + proc.version + ' has no process.getBuiltinModule (Node >= 20.16) and no CommonJS main module, so the recorder cannot load async_hooks in it: run the program with "hotline profile --mode event-loop PROGRAM" instead, or use Node >= 20.16' };
  const module = { exports: {} };
  (function (module, exports) {
${recorderSource}
  })(module, module.exports);
  const recorder = module.exports({ load, thresholdMs: ${JSON.stringify(thresholdMs)}, helpers: [${JSON.stringify(ATTACHED_RECORDER_URL)}] });
  const finish = (reason) => {
    clearTimeout(abandon);
    delete globalThis[key];
    return JSON.stringify(recorder.finish(reason));
  };
  const abandon = setTimeout(() => finish('abandoned: Hotline did not come back'), ${JSON.stringify((seconds + ABANDON_GRACE_S) * 1000)});
  abandon.unref();
  Object.defineProperty(globalThis, key, { value: { finish }, configurable: true, enumerable: false });
  return { started: recorder.result.startedUs, node: proc.version };
})()
//# sourceURL=${ATTACHED_RECORDER_URL}`;
}

/** The expression that removes the recorder's hooks and answers its record (JSON text), or null when none runs. */
export const RECORDER_FINISH_EXPRESSION = `(() => { const r = globalThis[${KEY}]; return r ? r.finish('time limit') : null; })()`;

/** Whether a recorder is installed in the process behind `session` (for tests and checks). */
export const RECORDER_PRESENT_EXPRESSION = `typeof globalThis[${KEY}] !== 'undefined'`;

export async function attachEventLoopProfile(request: EventLoopAttachRequest, options: EventLoopAttachOptions = {}): Promise<EventLoopRun> {
  const thresholdMs = request.thresholdMs ?? 20;
  const outDir = request.outDir ?? mkdtempSync(join(tmpdir(), 'hotline-eventloop-'));
  const out = join(outDir, `event-loop-pid${request.pid}-${Date.now()}.json`);
  const source = readFileSync(helperPath('event_loop_recorder.cjs'), 'utf8');
  const inspector = await connectInspector(request.pid, { signal: options.signal, log: options.log }).catch((e: unknown) => {
    if (e instanceof ProfileCancelledError || e instanceof NodeInspectorError) throw e;
    throw new NodeInspectorError((e as Error).message);
  });
  const { session } = inspector;
  let installed = false;
  try {
    await session.send('Profiler.enable');
    await session.send('Profiler.setSamplingInterval', { interval: 1000 });
    await session.send('Profiler.start');
    const answer = (await evaluate(session, recorderInstallExpression(source, thresholdMs, request.seconds))) as
      { refused?: string; node?: string } | undefined;
    if (answer?.refused) throw new NodeInspectorError(answer.refused);
    installed = true;
    options.log?.(`recording the event loop of pid ${request.pid} (Node ${answer?.node ?? '?'}) for ${request.seconds} s`);
    await sleep(request.seconds * 1000, options.signal);
    const text = await evaluate(session, RECORDER_FINISH_EXPRESSION);
    installed = false;
    if (typeof text !== 'string') throw new NodeInspectorError('the event-loop recorder was gone from the attached process before the end of the recording');
    const { profile } = await session.send<{ profile: { startTime: number } }>('Profiler.stop');
    const doc = parseEventLoopDocument(text, `pid ${request.pid}`);
    const cpuFile = `${out}.cpuprofile`;
    writeFileSync(cpuFile, JSON.stringify(profile));
    doc.cpuProfile = cpuFile;
    doc.cpuProfileStartUs = profile.startTime;
    writeFileSync(out, JSON.stringify(doc));
    const cpuProfile = await importProfileFile(cpuFile);
    return { report: analyseEventLoop(doc, { cpuProfile }), files: [out, cpuFile], exitCode: null, stderrTail: '', argv: [] };
  } finally {
    // On cancel or error too: the process is left as it was (no hooks, no profiler, no inspector Hotline opened).
    if (installed) await evaluate(session, RECORDER_FINISH_EXPRESSION).catch(() => {});
    await session.send('Profiler.disable').catch(() => {});
    await inspector.release();
  }
}
