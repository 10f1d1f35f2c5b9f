/**
 * `hotline load`: start a service, drive it with autocannon on the loopback, profile the server during
 * the load, print the latency percentiles. Exit 1 on a p95 regression against --baseline, 2 on bad input
 * or a failed run (a service that never answers or crashes under load).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { compareLoad, loadResultJson, loadResultText, parseLoadResult, parseLoadTargets, type LoadComparison, type LoadResult } from '../../core/load';
import { importProfileFile } from '../../core/importers';
import { buildReport } from '../../core/report';
import { buildTraceReport, formatTraceReport } from '../../core/traces/report';
import type { CollectedTraces } from '../../profilers/load/traced';
import type { LocalZipkin } from '../../profilers/tracing/index';
import type { LoadOptions } from '../../profilers/load/autocannon';
import type { LoadSession } from '../../profilers/load/runLoad';
import { parseCliArgs, positiveNumber, wholeNumber } from '../args';
import { CliUsageError, type CliCommand, type CliIO } from '../command';
import { parseThreshold } from './bench';

const USAGE = `Usage: hotline load [--server "CMD" | --pid N [--pprof URL]] --url http://127.0.0.1:PORT/PATH [--connections N] [--duration S | --amount N]
                    [--method M] [--header "K: V"]... [--body TEXT] [--timeout S] [--ready-timeout S]
                    [--profile FILE | --no-profile] [--save FILE] [--baseline FILE [--threshold PCT]] [--json] [--allow-remote]
                    [--trace [--zipkin URL] [--service-name NAME] [--save-traces FILE]]

Starts the service (CMD, run by sh in a process group of its own), waits until the URL answers, drives it with autocannon and, during exactly the load window,
records a CPU profile of the process listening on the URL's port: py-spy record --pid --gil for Python,
the Node inspector for Node, a Go service's net/http/pprof CPU profile (the service is given HOTLINE_PPROF_ADDR,
a free loopback host:port, to serve it on), else perf record -p (a Go service without pprof, or a load by
--amount; Rust, C and other native services). Then stops the service and everything it started.
Without --server the service already runs: only its URL is loaded, or with --pid N that process is also
profiled during the load (and left running).
  --pid N           the running service's process (Python, Node, Go or native) to profile during the load
  --pprof URL       with --pid of a Go service: its net/http/pprof address (http://127.0.0.1:6060); without it, perf
  --url [METHOD] URL   the address to load, e.g. "POST http://127.0.0.1:8080/items"; repeat it for a mix on one
                    host and port: each connection sends the requests in turn (--method, --header, --body apply
                    to all; a method written before a URL is that request's own)
  --connections, -c N  concurrent connections (default 10)
  --duration, -d S  seconds of load (default 10); --amount, -a N sends N requests instead
  --timeout S       seconds before a request counts as a timeout (default 10)
  --ready-timeout S seconds to wait for the service to answer (default 15)
  --profile FILE    where the profile goes (.speedscope.json or .cpuprofile is added;
                    default .hotline/profiles/load-<time>)
  --save FILE       keep the result with every response's latency (a baseline for --baseline)
  --baseline FILE   compare with a saved result: exit 1 when p95 is slower beyond --threshold
                    (percent, default 10) and the Mann–Whitney U test says it is not noise
  --allow-remote    allow a URL that is not a loopback address (127.0.0.1, ::1, localhost)
  --trace           run the service (Python or Node) under OpenTelemetry with the Zipkin exporter, then print
                    why its slow requests are slow (as "hotline traces" does). Zipkin: a local one started for
                    the session (scripts/setup.d/71-tracing.sh), or --zipkin URL
  --service-name NAME  the service's OTEL_SERVICE_NAME (default hotline-load)
  --save-traces FILE   keep the traces as Zipkin v2 JSON (hotline traces FILE, Open Trace File… read it)
autocannon comes from HOTLINE_AUTOCANNON (its folder) or $HOTLINE_CACHE/autocannon (scripts/setup.sh);
opentelemetry-instrument from HOTLINE_OTEL_PYTHON (a venv) or $HOTLINE_CACHE/otel-python;
@opentelemetry/auto-instrumentations-node from HOTLINE_OTEL_NODE or $HOTLINE_CACHE/otel-node.

Exit codes: 0 done, 1 p95 regression against the baseline, 2 bad input or a failed run.`;

const PROFILE_EXTENSIONS = /\.(speedscope\.json|cpuprofile|pprof|perf-script\.txt)$/;

function parse(argv: string[], cwd: string) {
  const { values, positionals } = parseCliArgs('load', argv, {
    server: { type: 'string' },
    pid: { type: 'string' },
    pprof: { type: 'string' },
    url: { type: 'string', multiple: true },
    connections: { type: 'string', short: 'c' },
    duration: { type: 'string', short: 'd' },
    amount: { type: 'string', short: 'a' },
    method: { type: 'string' },
    header: { type: 'string', multiple: true },
    body: { type: 'string' },
    timeout: { type: 'string' },
    'ready-timeout': { type: 'string' },
    profile: { type: 'string' },
    'no-profile': { type: 'boolean' },
    save: { type: 'string' },
    baseline: { type: 'string' },
    threshold: { type: 'string' },
    json: { type: 'boolean' },
    'allow-remote': { type: 'boolean' },
    trace: { type: 'boolean' },
    zipkin: { type: 'string' },
    'service-name': { type: 'string' },
    'save-traces': { type: 'string' },
  });
  if (positionals.length) throw new CliUsageError(`unexpected argument "${positionals[0]}"; see "hotline load --help"`);
  if (!values.url) throw new CliUsageError('--url is needed: the address to load, e.g. --url http://127.0.0.1:8080/');
  if (values.server !== undefined && !values.server.trim()) throw new CliUsageError('--server is empty');
  if (values.server !== undefined && values.pid !== undefined) throw new CliUsageError('give --server (start the service) or --pid (a running one), not both');
  if (values.trace && values.server === undefined) throw new CliUsageError('--trace needs --server: the service is started under OpenTelemetry');
  if (values.server === undefined && values.pid === undefined && values.profile)
    throw new CliUsageError('--profile needs --server or --pid: without them only the URL is loaded');
  if (values.pid !== undefined && values['no-profile'])
    throw new CliUsageError('--pid names the process to profile; leave out --no-profile to load the URL only');
  const pid = values.pid === undefined ? undefined : wholeNumber(values.pid, '--pid', { min: 1 });
  if (values.pprof !== undefined && pid === undefined)
    throw new CliUsageError('--pprof goes with --pid (a running Go service); a service started with --server is given HOTLINE_PPROF_ADDR');
  if (values.pprof !== undefined && values['no-profile']) throw new CliUsageError('give --pprof or --no-profile, not both');
  const targets = parseLoadTargets(values.url, !!values['allow-remote']);
  if (typeof targets === 'string') throw new CliUsageError(targets);
  if (values.duration && values.amount) throw new CliUsageError('give --duration or --amount, not both');
  if (values.profile && values['no-profile']) throw new CliUsageError('give --profile or --no-profile, not both');
  if (values.threshold && !values.baseline) throw new CliUsageError('--threshold goes with --baseline');
  for (const opt of ['zipkin', 'service-name', 'save-traces'] as const) {
    if (values[opt] !== undefined && !values.trace) throw new CliUsageError(`--${opt} goes with --trace`);
  }
  if (values['service-name'] !== undefined && !values['service-name'].trim()) throw new CliUsageError('--service-name is empty');
  if (values.zipkin !== undefined && !/^https?:\/\/[^/]/.test(values.zipkin))
    throw new CliUsageError(`--zipkin takes Zipkin's base URL, e.g. http://127.0.0.1:9411; got "${values.zipkin}"`);
  const headers: Record<string, string> = {};
  for (const h of values.header ?? []) {
    const m = /^([^:]+):\s*(.*)$/.exec(h);
    if (!m) throw new CliUsageError(`--header takes "Name: value", got ${JSON.stringify(h)}`);
    headers[m[1]!.trim()] = m[2]!;
  }
  const amount = values.amount === undefined ? undefined : wholeNumber(values.amount, '--amount', { min: 1, max: 100_000_000 });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  return {
    // Through sh, as `hotline page --server` does: "PORT=8080 npm start" works as typed.
    server: values.server === undefined ? undefined : ['sh', '-c', values.server],
    pid,
    pprof: values.pprof,
    load: {
      url: targets.url,
      ...(targets.requests ? { requests: targets.requests } : {}),
      connections: values.connections === undefined ? 10 : wholeNumber(values.connections, '--connections', { min: 1, max: 10_000 }),
      ...(amount ? { amount } : { duration: values.duration === undefined ? 10 : positiveNumber(values.duration, '--duration') }),
      ...(values.method || targets.method ? { method: (values.method ?? targets.method)!.toUpperCase() } : {}),
      ...(Object.keys(headers).length ? { headers } : {}),
      ...(values.body !== undefined ? { body: values.body } : {}),
      timeout: values.timeout === undefined ? 10 : positiveNumber(values.timeout, '--timeout'),
    },
    readyTimeoutMs: (values['ready-timeout'] === undefined ? 15 : positiveNumber(values['ready-timeout'], '--ready-timeout')) * 1000,
    profileBase:
      values['no-profile'] || (values.server === undefined && pid === undefined)
        ? null
        : values.profile
          ? resolve(cwd, values.profile).replace(PROFILE_EXTENSIONS, '')
          : join(cwd, '.hotline', 'profiles', `load-${stamp}`),
    save: values.save ? resolve(cwd, values.save) : undefined,
    baseline: values.baseline ? readBaseline(resolve(cwd, values.baseline)) : null,
    threshold: parseThreshold(values.threshold),
    json: !!values.json,
    allowRemote: !!values['allow-remote'],
    trace: values.trace
      ? {
          zipkin: values.zipkin,
          serviceName: values['service-name']?.trim() || 'hotline-load',
          save: values['save-traces'] && resolve(cwd, values['save-traces']),
        }
      : null,
  };
}

function readBaseline(path: string): LoadResult {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new CliUsageError(`cannot read the baseline ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  try {
    return parseLoadResult(text);
  } catch (err) {
    throw new CliUsageError(`${path}: ${(err as Error).message}`);
  }
}

async function hotLinesText(file: string): Promise<string> {
  const report = buildReport(await importProfileFile(file), { top: 5 });
  const pct = (v: number) => (report.total > 0 ? `${((100 * v) / report.total).toFixed(1)}%` : '-');
  return ['hot lines during the load (self):', ...report.lines.map((l) => `  ${pct(l.self).padStart(6)}  ${l.file}:${l.line}`)].join('\n') + '\n';
}

function tracesSummary(t: CollectedTraces, saved: string | undefined) {
  return { zipkin: t.zipkinUrl, service: t.serviceName, count: t.traces.length, file: saved ?? null, ...buildTraceReport(t.traces) };
}

function tracesText(t: CollectedTraces, saved: string | undefined): string {
  const head = `traces: ${t.traces.length} of service ${t.serviceName} in Zipkin ${t.zipkinUrl}${saved ? ` (saved to ${saved})` : ''}\n`;
  return t.traces.length ? `${head}${formatTraceReport(buildTraceReport(t.traces))}\n` : head;
}

async function printSession(
  session: LoadSession,
  comparison: LoadComparison | null,
  opts: { json: boolean; savedTraces?: string; load: LoadOptions },
  io: CliIO,
) {
  const mix = opts.load.requests;
  const method = opts.load.method ?? 'GET';
  const p = session.profile;
  const t = session.traces;
  if (opts.json) {
    const out = { ...loadResultJson(session.result, { profile: p?.file ?? null, comparison }), ...(t ? { traces: tracesSummary(t, opts.savedTraces) } : {}) };
    io.stdout(JSON.stringify(out, null, 2) + '\n');
  } else {
    io.stdout(loadResultText(session.result));
    if (mix) io.stdout(`mix, in turn on each connection: ${mix.map((r) => `${r.method ?? method} ${r.path}`).join(' · ')}\n`);
    if (p?.file) io.stdout(`profile: ${p.file} (${p.profiler}, pid ${session.serverPid})\n${p.note ? `  (${p.note})\n` : ''}${await hotLinesText(p.file)}`);
    if (t) io.stdout(tracesText(t, opts.savedTraces));
    if (comparison) io.stdout(`against the baseline: ${comparison.reason}\n`);
  }
  if (t && t.traces.length === 0)
    io.stderr(`hotline: no traces of service ${t.serviceName} reached Zipkin at ${t.zipkinUrl} (is the service Python, run by python3 in --server?)\n`);
  if (p?.problem) io.stderr(`hotline: ${p.problem}\n`);
}

export const loadCommand: CliCommand = {
  name: 'load',
  summary: 'start a service, load it with autocannon, profile it under load, print latency percentiles',
  usage: USAGE,
  async run(argv, io) {
    const opts = parse(argv, io.cwd);
    // Loaded lazily: it pulls in execa (ESM), which only the bundle loads eagerly.
    const { runLoadSession, ServiceCrashedError } = await import('../../profilers/load/runLoad');
    const { startLocalZipkin } = await import('../../profilers/tracing/index');
    const abort = new AbortController();
    const onSignal = () => abort.abort();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    let zipkin: LocalZipkin | null = null;
    try {
      // --trace without --zipkin: a local Zipkin for the session, stopped with it.
      if (opts.trace && !opts.trace.zipkin) zipkin = await startLocalZipkin({ signal: abort.signal });
      const trace = opts.trace ? { zipkin: { url: opts.trace.zipkin ?? zipkin!.url }, serviceName: opts.trace.serviceName } : undefined;
      const session = await runLoadSession({
        ...(opts.server ? { server: opts.server } : {}),
        ...(opts.pid !== undefined ? { pid: opts.pid } : {}),
        ...(opts.pprof !== undefined ? { pprof: opts.pprof } : {}),
        load: opts.load,
        cwd: io.cwd,
        allowRemote: opts.allowRemote,
        profileBase: opts.profileBase,
        saveResult: opts.save,
        readyTimeoutMs: opts.readyTimeoutMs,
        signal: abort.signal,
        ...(trace ? { trace } : {}),
      }).catch(async (err: unknown) => {
        if (err instanceof ServiceCrashedError) await printSession(err.partial, null, opts, io);
        throw err;
      });
      const savedTraces = opts.trace?.save;
      if (savedTraces && session.traces) {
        mkdirSync(dirname(savedTraces), { recursive: true });
        writeFileSync(savedTraces, session.traces.text);
      }
      const comparison = opts.baseline ? compareLoad(opts.baseline, session.result, { threshold: opts.threshold }) : null;
      await printSession(session, comparison, { json: opts.json, load: opts.load, ...(savedTraces ? { savedTraces } : {}) }, io);
      if (comparison?.regression) {
        io.stderr(`hotline: p95 regression: ${comparison.reason}\n`);
        return 1;
      }
      return 0;
    } finally {
      await zipkin?.stop();
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  },
};
