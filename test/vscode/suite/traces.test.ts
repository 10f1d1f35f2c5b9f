// Distributed traces inside a real VS Code: the recorded Zipkin file opened through "Open Trace
// File…" and the Traces panel it draws (the endpoint, its percentiles as the core computes them
// from the file, one waterfall row per span, the critical path marked); the OpenTelemetry recording
// whose spans carry code.filepath / code.lineno annotating those lines (paths rewritten to a
// container's, so the workspace suffix match is exercised) until the panel closes; and the same
// Zipkin file posted to a real local Zipkin and shown through "Show Traces from Zipkin…".
import * as assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { codeLineLatencies } from '../../../src/core/traces/codeLines';
import { parseTraceText } from '../../../src/core/traces/importers/index';
import { endpointLatency, treesByEndpoint } from '../../../src/core/traces/latency';
import { formatMicros } from '../../../src/core/traces/report';
import { postSpans, startLocalZipkin, type LocalZipkin } from '../../../src/profilers/tracing/index';
import type { ShownTraces } from '../../../src/extension/traces/index';
import { until } from './until';
import { hotline } from './hotline';

/** The endpoint's section of the panel, with its percentiles as the core computes them from `text`. */
function checkEndpoint(html: string, text: string): void {
  const [[endpoint, trees]] = [...treesByEndpoint(parseTraceText(text).traces)];
  assert.equal(endpoint, 'shop GET /checkout');
  const section = new RegExp(`<section class="endpoint" data-index="0" data-endpoint="shop GET /checkout">([\\s\\S]*?)</section>`).exec(html)?.[1];
  assert.ok(section, 'the endpoint has its section');
  const l = endpointLatency(endpoint!, trees!);
  for (const stat of ['p50', 'p90', 'p95', 'p99', 'max'] as const)
    assert.match(section, new RegExp(`<td data-stat="${stat}">${formatMicros(l[stat])}</td>`), stat);
  assert.match(section, new RegExp(`<td data-stat="count">${l.count}</td>`));
  const waterfalls = [...section.matchAll(/<svg [^>]*class="waterfall" data-trace="(\w+)">([\s\S]*?)<\/svg>/g)];
  const slowest = [...trees!].sort((a, b) => b.root.duration - a.root.duration).slice(0, 5);
  assert.deepEqual(
    waterfalls.map((w) => w[1]),
    slowest.map((t) => t.trace.traceId),
    'the 5 slowest traces, slowest first',
  );
  for (const [i, w] of waterfalls.entries()) {
    const rows = [...w[2]!.matchAll(/<g data-span="(\w+)" data-depth="(\d)"( data-critical="1")?>/g)];
    assert.deepEqual(rows.map((r) => r[1]).sort(), slowest[i]!.trace.spans.map((s) => s.id).sort(), 'one row per span');
    assert.deepEqual(
      rows.map((r) => Number(r[2])),
      [0, 1, 2],
      'indented by depth',
    );
    assert.ok(
      rows.every((r) => r[3]),
      'the chain is on the critical path',
    );
    assert.ok((w[2]!.match(/data-path="/g) ?? []).length >= 3, 'critical path segments drawn');
  }
}

describe('traces', function () {
  this.timeout(60_000);
  let zipkin: LocalZipkin | undefined;
  after(async () => {
    await zipkin?.stop();
    await vscode.workspace.getConfiguration('hotline').update('tracing.zipkinUrl', undefined, vscode.ConfigurationTarget.Global);
  });

  it('opens the recorded Zipkin file in the Traces panel: percentiles, waterfalls, critical path', async () => {
    const { api, root } = await hotline();
    const file = join(root, 'test/fixtures/traces/zipkin-shop.json');
    const shown = await vscode.commands.executeCommand<ShownTraces | undefined>('hotline.traces.openFile', file);
    assert.ok(shown, 'hotline.traces.openFile returned what it showed (undefined: it failed; see the Hotline output)');
    assert.deepEqual([shown.format, shown.traces, shown.spans], ['zipkin', 20, 60]);
    const html = api.tracesHtml();
    assert.ok(html, 'the Traces panel is open');
    checkEndpoint(html, readFileSync(file, 'utf8'));
    assert.match(html, /<h3>Why is p95 slow<\/h3>[\s\S]*?<tr data-label="pricing GET \/price">/);
  });

  it('annotates the lines that spans name with code.filepath / code.lineno, until the panel closes', async () => {
    const { api, root } = await hotline();
    const ws = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(ws, 'a workspace is open');
    mkdirSync(join(ws, 'trace-fixture'), { recursive: true });
    const source = join(ws, 'trace-fixture', 'record-code.cjs');
    copyFileSync(join(root, 'test/fixtures/traces/record-code.cjs'), source);
    const text = readFileSync(join(root, 'test/fixtures/traces/otlp-code.jsonl'), 'utf8').replace(
      /"\/[^"]*\/test\/fixtures\/traces\/record-code\.cjs"/g,
      '"/srv/app/trace-fixture/record-code.cjs"',
    );
    const file = join(mkdtempSync(join(tmpdir(), 'hotline-traces-')), 'otlp-code.jsonl');
    writeFileSync(file, text);
    const expected = codeLineLatencies(parseTraceText(text).traces).sort((a, b) => a.line - b.line);
    assert.equal(expected.length, 2);
    const shown = await vscode.commands.executeCommand<ShownTraces | undefined>('hotline.traces.openFile', file);
    assert.equal(shown?.annotatedLines, 2);
    const doc = await vscode.workspace.openTextDocument(source);
    await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
    const notes = await until(
      'the trace notes',
      () => api.traceLineNotes(doc.uri),
      (n) => n.length === 2,
    );
    assert.deepEqual(
      notes.map((n) => n.line).sort((a, b) => a - b),
      expected.map((e) => e.line - 1),
    );
    for (const e of expected) {
      const note = notes.find((n) => n.line === e.line - 1)!;
      assert.ok(note.text.includes(`${e.labels[0]}: p50 ${formatMicros(e.p50)} · p95 ${formatMicros(e.p95)} (8 spans)`), note.text);
      assert.match(doc.lineAt(e.line - 1).text, new RegExp(`^function ${e.labels[0]!.split(' ')[1]}\\(`));
    }
    const tab = vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && t.label.startsWith('Traces:'));
    assert.ok(tab, 'the Traces panel has a tab');
    await vscode.window.tabGroups.close(tab);
    await until(
      'the notes cleared',
      () => api.traceLineNotes(doc.uri),
      (n) => n.length === 0,
    );
    assert.equal(api.tracesHtml(), undefined);
  });

  it('shows the same traces posted to a real local Zipkin through "Show Traces from Zipkin…"', async function () {
    this.timeout(180_000);
    const { api, root } = await hotline();
    const text = readFileSync(join(root, 'test/fixtures/traces/zipkin-shop.json'), 'utf8');
    const spans = (JSON.parse(text) as { timestamp: number; duration: number }[][]).flat();
    zipkin = await startLocalZipkin();
    await postSpans({ url: zipkin.url }, JSON.stringify(spans));
    await vscode.workspace.getConfiguration('hotline').update('tracing.zipkinUrl', zipkin.url, vscode.ConfigurationTarget.Global);
    // The recording's own time window, whenever the test runs.
    const endTs = Math.ceil(Math.max(...spans.map((s) => s.timestamp + s.duration)) / 1000) + 1000;
    const query = { endTs, lookbackMs: 3_600_000 };
    let shown: ShownTraces | undefined;
    for (const end = Date.now() + 20_000; Date.now() < end && shown?.traces !== 20;) {
      shown = await vscode.commands.executeCommand<ShownTraces | undefined>('hotline.traces.showFromZipkin', 'shop', query);
      if (shown?.traces !== 20) await new Promise((r) => setTimeout(r, 500));
    }
    assert.deepEqual([shown?.format, shown?.traces, shown?.spans], ['zipkin', 20, 60], 'all 20 traces came back from Zipkin');
    assert.equal(shown?.source, `Zipkin ${zipkin.url}, service shop`);
    const html = api.tracesHtml();
    assert.ok(html);
    checkEndpoint(html, text);
  });
});
