/**
 * A local Zipkin for the session: `java -jar zipkin-server-<v>-exec.jar` with in-memory storage,
 * on the loopback, in a process group of its own (stopped with the whole group), ready once
 * GET /health says UP. The jar comes from scripts/setup.d/71-tracing.sh.
 */
import { existsSync } from 'node:fs';
import { claimPort } from '../ports';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ProfilerNotFoundError } from '../errors';
import { execInGroup, type ExecResult } from '../processTree';
import { findExecutable } from '../toolCheck';
import { zipkinHealthy } from './zipkinClient';

const ZIPKIN_VERSION = '3.5.1';
const SETUP_HINT =
  'bash scripts/setup.sh test (its step scripts/setup.d/71-tracing.sh fetches io.zipkin:zipkin-server:exec from Maven Central), or set HOTLINE_ZIPKIN_JAR';

/** Zipkin exited or never became healthy; its last output is kept. */
export class ZipkinStartError extends Error {
  override readonly name = 'ZipkinStartError';
  constructor(
    message: string,
    readonly outputTail: string,
  ) {
    super(`${message}${outputTail ? `\nLast output of Zipkin:\n${outputTail}` : ''}`);
  }
}

function zipkinJarPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.HOTLINE_ZIPKIN_JAR) return env.HOTLINE_ZIPKIN_JAR;
  const cache = env.HOTLINE_CACHE || join(homedir(), '.cache', 'hotline');
  return join(cache, 'zipkin', `zipkin-server-${ZIPKIN_VERSION}-exec.jar`);
}

function javaExecutable(env: NodeJS.ProcessEnv): string {
  const java = (env.JAVA_HOME && findExecutable(join(env.JAVA_HOME, 'bin', 'java'), env)) || findExecutable('java', env);
  if (!java) throw new ProfilerNotFoundError('Java 17 or later (for Zipkin)', 'sudo apt-get install -y openjdk-17-jre-headless (or set JAVA_HOME)', 'java');
  return java;
}

export interface LocalZipkin {
  readonly url: string;
  readonly port: number;
  /** The process group id (Zipkin's pid). */
  readonly pid: number;
  /** Ends Zipkin's whole process group and waits for it to exit. */
  stop(): Promise<void>;
}

export interface StartZipkinOptions {
  /** 0 (the default) picks a free port; 9411 is Zipkin's usual one. */
  readonly port?: number;
  readonly timeoutMs?: number;
  readonly env?: NodeJS.ProcessEnv;
  readonly signal?: AbortSignal;
}

const OUTPUT_LINES = 40;

export async function startLocalZipkin(opts: StartZipkinOptions = {}): Promise<LocalZipkin> {
  const env = opts.env ?? process.env;
  const jar = zipkinJarPath(env);
  const java = javaExecutable(env);
  if (!existsSync(jar)) throw new ProfilerNotFoundError(`Zipkin server ${ZIPKIN_VERSION}`, SETUP_HINT, jar);
  const port = await claimPort(opts.port ?? 0);
  const url = `http://127.0.0.1:${port}`;
  const output: string[] = [];
  const stopper = new AbortController();
  const onOuterAbort = () => stopper.abort();
  opts.signal?.addEventListener('abort', onOuterAbort, { once: true });
  let pid: number | undefined;
  let exited: ExecResult | undefined;
  const running = execInGroup(
    // In-memory storage; the query port on the loopback only (Armeria's port list).
    [java, '-jar', jar, `--server.port=${port}`, `--armeria.ports[0].port=${port}`, '--armeria.ports[0].ip=127.0.0.1', '--armeria.ports[0].protocols=http'],
    {
      cwd: homedir(),
      env: { STORAGE_TYPE: 'mem', QUERY_PORT: String(port) },
      signal: stopper.signal,
      onSpawn: (p) => (pid = p),
      onOutput: (line) => {
        output.push(line);
        if (output.length > OUTPUT_LINES) output.shift();
      },
    },
  ).then((r) => (exited = r));
  const stop = async () => {
    stopper.abort();
    await running;
    opts.signal?.removeEventListener('abort', onOuterAbort);
  };
  const deadline = Date.now() + (opts.timeoutMs ?? 120_000);
  try {
    for (;;) {
      if (exited) throw new ZipkinStartError(`Zipkin exited during startup (exit code ${exited.exitCode ?? exited.signal})`, output.join('\n'));
      if (stopper.signal.aborted) throw new ZipkinStartError('Zipkin startup was cancelled', '');
      if (await zipkinHealthy({ url }, AbortSignal.timeout(2000))) break;
      if (Date.now() > deadline)
        throw new ZipkinStartError(
          `Zipkin did not report healthy at ${url}/health within ${Math.round((opts.timeoutMs ?? 120_000) / 1000)} s`,
          output.join('\n'),
        );
      await new Promise((r) => setTimeout(r, 250));
    }
  } catch (e) {
    await stop();
    throw e;
  }
  return { url, port, pid: pid!, stop };
}
