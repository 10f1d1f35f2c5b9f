/**
 * Distributed traces in the editor: "Show Traces from Zipkin…" (Zipkin's HTTP API at
 * `hotline.tracing.zipkinUrl`, with an optional Authorization header kept in SecretStorage) and
 * "Open Trace File…" (Zipkin v2, OTLP/JSON or Jaeger JSON through the trace importers), both shown
 * in the Traces panel, and the spans' code.* lines annotated with their latency. Reading traces runs
 * no workspace code, so every command works in Restricted Mode. The extension's wiring calls
 * tracesArea() and registers its commands with every other table.
 */
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { candidatePaths, codeLineLatencies, codeLineNote, type CodeLineLatency } from '../../core/traces/codeLines';
import { parseTraceText, type ImportedTraces } from '../../core/traces/importers/index';
import { tracesPageHtml } from '../../core/traces/tracePage';
import { fetchServices, fetchTraces, type TraceQuery, type ZipkinConnection } from '../../profilers/tracing/index';
import type { CommandTable } from '../commandIds';
import { hotlineLog } from '../log';
import { StaticPagePanel } from '../staticPagePanel';
import { LineNotes, type FileLineNote, type LineNote } from '../annotations/lineNotes';

const AUTH_SECRET = 'hotline.tracing.zipkinAuthorization';
const DEFAULT_ZIPKIN = 'http://127.0.0.1:9411';

export interface TracesArea {
  commands: CommandTable<'traces'>;
  /** Shows traces (read elsewhere, e.g. by a traced load) in the Traces panel, with their line notes. */
  show(source: string, imported: ImportedTraces): ShownTraces;
  disposables: vscode.Disposable[];
}

let view: { panel: StaticPagePanel; notes: LineNotes } | undefined;

/** What a command returns to its caller (tests, links): the traces shown and where they came from. */
export interface ShownTraces {
  readonly source: string;
  readonly format: string;
  readonly traces: number;
  readonly spans: number;
  readonly annotatedLines: number;
}

export function tracesArea(secrets: vscode.SecretStorage): TracesArea {
  const notes = new LineNotes();
  const panel = new StaticPagePanel('hotline.traces', 'the traces', () => notes.clear());
  view = { panel, notes };

  function show(source: string, imported: ImportedTraces): ShownTraces {
    const codeLines = codeLineLatencies(imported.traces);
    const { found, missing } = resolveCodeLines(codeLines);
    notes.set(found);
    const shown = found.length;
    if (missing.length) hotlineLog().info(`traces: span source files not in the workspace: ${missing.join(', ')}`);
    const spans = imported.traces.reduce((a, t) => a + t.spans.length, 0);
    hotlineLog().info(`traces from ${source}: ${imported.traces.length} traces, ${spans} spans (${imported.format}), ${shown} source lines annotated`);
    panel.show(`Traces: ${source}`, (nonce, cspSource) =>
      tracesPageHtml({ source, format: imported.format, traces: imported.traces, codeLines }, { nonce, cspSource }),
    );
    return { source, format: imported.format, traces: imported.traces.length, spans, annotatedLines: shown };
  }

  async function connection(): Promise<ZipkinConnection> {
    const url = vscode.workspace.getConfiguration('hotline').get<string>('tracing.zipkinUrl') || DEFAULT_ZIPKIN;
    const auth = await secrets.get(AUTH_SECRET);
    return { url, ...(auth ? { headers: { authorization: auth } } : {}) };
  }

  async function showFromZipkin(service?: unknown, query?: unknown): Promise<ShownTraces | undefined> {
    const conn = await connection();
    let serviceName = typeof service === 'string' ? service : undefined;
    if (serviceName === undefined) {
      const services = await fetchServices(conn);
      if (services.length === 0)
        throw new Error(`Zipkin at ${conn.url} has no spans yet: send it traces (a service run with OpenTelemetry's Zipkin exporter) and try again`);
      serviceName = await vscode.window.showQuickPick(services, { title: `Traces of which service? (Zipkin at ${conn.url})` });
      if (serviceName === undefined) return undefined;
    }
    const q: TraceQuery = { limit: 1000, ...(typeof query === 'object' && query ? (query as TraceQuery) : {}), serviceName };
    const imported = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: `Hotline: reading traces of ${serviceName} from Zipkin` },
      () => fetchTraces(conn, q),
    );
    if (imported.traces.length === 0) throw new Error(`Zipkin at ${conn.url} has no traces of service "${serviceName}" in its lookback window`);
    return show(`Zipkin ${conn.url}, service ${serviceName}`, imported);
  }

  async function openFile(arg?: unknown): Promise<ShownTraces | undefined> {
    let uri = arg instanceof vscode.Uri ? arg : typeof arg === 'string' ? vscode.Uri.file(arg) : undefined;
    if (!uri) {
      const picked = await vscode.window.showOpenDialog({
        title: 'Open a trace file (Zipkin v2 JSON, OTLP/JSON, Jaeger JSON)',
        canSelectMany: false,
        filters: { 'Trace files': ['json', 'jsonl'], 'All files': ['*'] },
      });
      uri = picked?.[0];
      if (!uri) return undefined;
    }
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    return show(basename(uri.fsPath), parseTraceText(text));
  }

  async function setZipkinAuth(): Promise<void> {
    const value = await vscode.window.showInputBox({
      title: 'Authorization header for Zipkin',
      prompt:
        'Sent as the Authorization header with every request to hotline.tracing.zipkinUrl (e.g. "Bearer …" or "Basic …"); kept in VS Code\'s secret storage. Empty removes it.',
      password: true,
      ignoreFocusOut: true,
    });
    if (value === undefined) return;
    if (value.trim()) await secrets.store(AUTH_SECRET, value.trim());
    else await secrets.delete(AUTH_SECRET);
    void vscode.window.showInformationMessage(
      value.trim() ? 'Hotline: the Zipkin Authorization header is stored.' : 'Hotline: the Zipkin Authorization header is removed.',
    );
  }

  return {
    commands: { 'hotline.traces.showFromZipkin': showFromZipkin, 'hotline.traces.openFile': openFile, 'hotline.traces.setZipkinAuth': setZipkinAuth },
    show,
    disposables: [notes],
  };
}

/** The spans' code lines as notes on workspace files; lines whose file is not found are left out. */
function resolveCodeLines(lines: readonly CodeLineLatency[]): { found: FileLineNote[]; missing: string[] } {
  const roots = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
  const missing = new Set<string>();
  const found: FileLineNote[] = [];
  for (const c of lines) {
    const path = candidatePaths(c.file, roots).find((p) => existsSync(p));
    if (path) found.push({ path, line: c.line, text: codeLineNote(c) });
    else missing.add(c.file);
  }
  return { found, missing: [...missing] };
}

/** The Traces panel's HTML, or undefined when it is not open (extension-host tests). */
export function tracesHtml(): string | undefined {
  return view?.panel.html;
}

/** The trace latency notes last drawn in a visible editor of the file (extension-host tests). */
export function traceLineNotes(uri: vscode.Uri): LineNote[] {
  return view?.notes.drawnFor(uri) ?? [];
}
