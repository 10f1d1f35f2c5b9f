/**
 * Records a CPU profile of a running Node process through its inspector, as VS Code's "Attach to
 * Node Process" reaches it: a process started without --inspect gets SIGUSR1, which makes Node
 * open its inspector on 127.0.0.1:9229 (or its --inspect-port; taken in turns, see inspectorPort.ts); the port is the one the process
 * itself listens on (found through /proc, so another process's inspector is never used). Over the
 * DevTools protocol: Profiler.enable, setSamplingInterval, start, wait, stop — V8's own sampler,
 * the same .cpuprofile `node --cpu-prof` writes. An inspector Hotline opened is closed again.
 * Linux only (/proc); elsewhere the step fails with a clear message.
 */
import { readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import WebSocket from 'ws';
import { NodeInspectorError, ProfileCancelledError } from './errors';
import { inTurnForPort, inspectorPortOf } from './inspectorPort';
import { sleep } from './sleep';

export { NodeInspectorError };

/** The TCP ports process `pid` listens on (IPv4 and IPv6), from /proc. */
export function listeningPorts(pid: number): number[] {
  const inodes = new Set<string>();
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch (err) {
    throw new NodeInspectorError(
      `cannot read the open files of pid ${pid} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}): is it running, and yours?`,
    );
  }
  for (const fd of fds) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) inodes.add(m[1]!);
    } catch {
      // closed meanwhile
    }
  }
  const ports: number[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      // local_address rem_address st ... inode (10th field); 0A = LISTEN.
      if (f.length > 9 && f[3] === '0A' && inodes.has(f[9]!)) ports.push(parseInt(f[1]!.split(':')[1]!, 16));
    }
  }
  return [...new Set(ports)];
}

interface Target {
  webSocketDebuggerUrl?: string;
  type?: string;
}

async function inspectorTarget(port: number): Promise<string | null> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/json/list`, { signal: AbortSignal.timeout(1000) });
    if (!res.ok) return null;
    const list = (await res.json()) as Target[];
    return list.find((t) => t.type === 'node' && t.webSocketDebuggerUrl)?.webSocketDebuggerUrl ?? null;
  } catch {
    return null;
  }
}

/** The inspector WebSocket URL of `pid`: among the ports it listens on, the one answering /json/list. */
async function findInspector(pid: number): Promise<string | null> {
  for (const port of listeningPorts(pid)) {
    const url = await inspectorTarget(port);
    if (url) return url;
  }
  return null;
}

export { sleep } from './sleep';

/** A minimal DevTools protocol client (Node's inspector, Chromium's pages): numbered requests, answers matched by id, events by method. */
export class Session {
  private next = 1;
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  private readonly listeners = new Map<string, ((params: unknown) => void)[]>();
  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data)) as { id?: number; method?: string; params?: unknown; result?: unknown; error?: { message?: string } };
      if (msg.id === undefined) {
        if (msg.method) for (const l of this.listeners.get(msg.method) ?? []) l(msg.params);
        return;
      }
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (msg.error) p.reject(new NodeInspectorError(`inspector: ${msg.error.message ?? 'error'}`));
      else p.resolve(msg.result);
    });
    ws.on('close', () => {
      for (const p of this.pending.values()) p.reject(new NodeInspectorError('the inspector connection closed (did the process exit?)'));
      this.pending.clear();
    });
  }

  static open(url: string): Promise<Session> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { perMessageDeflate: false, handshakeTimeout: 5000 });
      ws.once('open', () => resolve(new Session(ws)));
      ws.once('error', (e) => reject(new NodeInspectorError(`cannot connect to the inspector at ${url}: ${e.message}`)));
    });
  }

  send<T>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    const id = this.next++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.ws.send(JSON.stringify({ id, method, params }));
    });
  }

  /** Calls `listener` with the params of every `method` event (e.g. Page.loadEventFired). */
  on(method: string, listener: (params: unknown) => void): void {
    this.listeners.set(method, [...(this.listeners.get(method) ?? []), listener]);
  }

  close(): void {
    this.ws.close();
  }
}

export interface InspectOptions {
  signal?: AbortSignal;
  log?: (line: string) => void;
  /** Called once the profiler is sampling. */
  onStarted?: () => void;
  /** Ends the recording before `seconds` are up when it settles (a load window). */
  stop?: Promise<unknown>;
}

/** A DevTools session on `pid`'s inspector; `release` closes it and, when Hotline opened the inspector, the inspector too. */
export interface InspectorConnection {
  readonly session: Session;
  readonly url: string;
  release(): Promise<void>;
}

/** Connects to the inspector of `pid`, opening it with SIGUSR1 when the process has none. */
export async function connectInspector(pid: number, opts: { signal?: AbortSignal; log?: (line: string) => void } = {}): Promise<InspectorConnection> {
  let url = await findInspector(pid);
  const opened = !url;
  if (!url) {
    const port = inspectorPortOf(pid);
    url = await inTurnForPort(port, opts, async () => {
      opts.log?.(`kill -USR1 ${pid}  (opens the Node inspector on 127.0.0.1:${port})`);
      try {
        process.kill(pid, 'SIGUSR1');
      } catch (err) {
        throw new NodeInspectorError(`cannot signal pid ${pid} (${(err as NodeJS.ErrnoException).code}): it must be a Node process of yours`);
      }
      for (let waited = 0; waited < 5000; waited += 100) {
        await sleep(100, opts.signal);
        const found = await findInspector(pid);
        if (found) return found;
      }
      throw new NodeInspectorError(`pid ${pid} opened no inspector after SIGUSR1: is it a Node process (not started with --disable-sigusr1)?`);
    });
  }
  opts.log?.(`inspector ${url}`);
  const session = await Session.open(url);
  return {
    session,
    url,
    async release() {
      // Leave the process as it was: close the inspector this connection opened.
      if (opened) await session.send('Runtime.evaluate', { expression: 'process._debugEnd()' }).catch(() => {});
      session.close();
    },
  };
}

/** Records `seconds` of V8 CPU profile from `pid` into `outputFile` (.cpuprofile JSON), or until `opts.stop`. */
export async function recordNodeInspector(
  step: { pid: number; seconds: number; samplingIntervalMicros: number; outputFile: string },
  opts: InspectOptions = {},
): Promise<void> {
  const inspector = await connectInspector(step.pid, opts);
  const { session } = inspector;
  try {
    await session.send('Profiler.enable');
    await session.send('Profiler.setSamplingInterval', { interval: step.samplingIntervalMicros });
    await session.send('Profiler.start');
    opts.onStarted?.();
    // The recording ends after `seconds`, when `opts.stop` settles, or on cancel (then nothing is written).
    const windowEnd = new AbortController();
    const end = () => windowEnd.abort();
    opts.stop?.then(end, end);
    let cancelled = false;
    try {
      await sleep(step.seconds * 1000, opts.signal ? AbortSignal.any([opts.signal, windowEnd.signal]) : windowEnd.signal);
    } catch (err) {
      if (!(err instanceof ProfileCancelledError)) throw err;
      cancelled = !windowEnd.signal.aborted || !!opts.signal?.aborted;
    }
    const { profile } = await session.send<{ profile: unknown }>('Profiler.stop');
    await session.send('Profiler.disable');
    if (cancelled) throw new ProfileCancelledError();
    writeFileSync(step.outputFile, JSON.stringify(profile));
  } finally {
    await inspector.release();
  }
}
