// The language server over a real LSP connection (JSON-RPC over in-process streams).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import type { CodeAction, Diagnostic } from 'vscode-languageserver';
import { applyEdits } from '../../../src/server/engine';
import { HotAntiPatternsRequest, SetHotLinesNotification } from '../../../src/server/protocol';
import { startServer } from '../../../src/server/server';
import { grammars } from './helpers';
import { TestClient } from './lspClient';

const PY_URI = 'file:///work/example/concat.py';
const PY = 'def build(rows):\n    out = ""\n    for r in rows:\n        out += str(r)\n    return out\n';

function start(): TestClient {
  const { client, serverIn, serverOut } = TestClient.pipes();
  startServer(createConnection(ProposedFeatures.all, serverIn, serverOut), { grammars });
  return client;
}

const codes = (d: Diagnostic[]) => d.map((x) => x.code);

describe('language server over LSP', () => {
  let client: TestClient;
  before(async () => {
    client = start();
    client.settings = { debounceMs: 20 };
    const init = (await client.initialize()) as { capabilities: { textDocumentSync: { change: number }; codeActionProvider: unknown } };
    assert.equal(init.capabilities.textDocumentSync.change, 2); // incremental
  });
  after(() => client.shutdown());

  it('publishes a diagnostic on the += with the rule id, its docs page and the source', async () => {
    await client.open(PY_URI, 'python', PY);
    const [d] = await client.waitFor(PY_URI, (ds) => ds.length > 0);
    assert.equal(d.code, 'py/string-concat-in-loop');
    assert.equal(d.source, 'hotline');
    assert.deepEqual(d.range, { start: { line: 3, character: 8 }, end: { line: 3, character: 21 } });
    assert.match(d.codeDescription!.href, /docs\/rules\/py\/string-concat-in-loop\.md$/);
    assert.equal(d.severity, 2);
  });

  it('re-lints incrementally after edits (an edit that removes the loop clears it, undoing restores it)', async () => {
    // Replace `+=` by `=` on line 3: no longer a concatenation.
    await client.change(PY_URI, 2, [{ range: { start: { line: 3, character: 12 }, end: { line: 3, character: 14 } }, text: '=' }]);
    await client.waitFor(PY_URI, (ds, p) => p.version === 2 && ds.length === 0);
    await client.change(PY_URI, 3, [{ range: { start: { line: 3, character: 12 }, end: { line: 3, character: 13 } }, text: '+=' }]);
    await client.waitFor(PY_URI, (ds, p) => p.version === 3 && ds.length === 1);
    // Several edits in one change event, typed at the top: the diagnostic moves down two lines.
    await client.change(PY_URI, 4, [
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'import os\n' },
      { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: '# é😀 comment\n' },
    ]);
    const [d] = await client.waitFor(PY_URI, (ds, p) => p.version === 4 && ds.length === 1);
    assert.deepEqual(d.range.start, { line: 5, character: 8 });
  });

  it('offers the quick fix as a workspace edit that produces the join rewrite, plus an ignore action', async () => {
    const actions = (await client.rpc.sendRequest('textDocument/codeAction', {
      textDocument: { uri: PY_URI },
      range: { start: { line: 5, character: 8 }, end: { line: 5, character: 8 } },
      context: { diagnostics: [] },
    })) as CodeAction[];
    assert.deepEqual(
      actions.map((a) => a.kind),
      ['quickfix', 'quickfix'],
    );
    const fix = actions[0];
    assert.match(fix.title, /join/);
    const change = fix.edit!.documentChanges![0] as {
      edits: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[];
    };
    const text = 'import os\n# é😀 comment\n' + PY;
    const lines = text.split('\n');
    const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
    const fixed = applyEdits(
      text,
      change.edits.map((e) => ({ start: offset(e.range.start), end: offset(e.range.end), newText: e.newText })),
    );
    assert.match(fixed, /out_parts = \[\]\n {4}for r in rows:\n {8}out_parts\.append\(str\(r\)\)\n {4}out = ""\.join\(out_parts\)\n/);
    assert.match(actions[1].title, /Ignore py\/string-concat-in-loop/);
  });

  it('raises severity and appends the share on hot lines (hotline/setHotLines), and ranks hot anti-patterns', async () => {
    const JS_URI = 'file:///work/example/lookup.js';
    await client.open(JS_URI, 'javascript', 'function f(ids, xs) {\n  let n = 0;\n  for (const x of xs) if (ids.includes(x)) n++;\n  return n;\n}\n');
    await client.waitFor(JS_URI, (ds) => ds.length === 1);
    await client.rpc.sendNotification(SetHotLinesNotification.method, [
      { uri: PY_URI, lines: [{ line: 6, self: 230, total: 240, share: 0.23 }] },
      { uri: JS_URI, lines: [{ line: 3, self: 40, total: 41, share: 0.04 }] },
    ] satisfies SetHotLinesNotification.Params);
    const [d] = await client.waitFor(PY_URI, (ds) => ds[0]?.message.endsWith('— 23% of samples are on this line'));
    assert.equal(d.severity, 1); // warning -> error
    const ranked = (await client.rpc.sendRequest(HotAntiPatternsRequest.method, {})) as HotAntiPatternsRequest.Result;
    assert.deepEqual(
      ranked.map((r) => [r.rule, r.share, r.hotLine]),
      [
        ['py/string-concat-in-loop', 0.23, 6],
        ['js/array-lookup-in-loop', 0.04, 3],
      ],
    );
    // Clearing the profile restores the plain diagnostic.
    await client.rpc.sendNotification(SetHotLinesNotification.method, []);
    const [plain] = await client.waitFor(PY_URI, (ds) => ds[0] && !ds[0].message.includes('samples'));
    assert.equal(plain.severity, 2);
  });

  it('shows a low-confidence finding as a hint until the profile says its line is hot, then as a ranked warning', async () => {
    const CACHE_URI = 'file:///work/example/cached.py';
    await client.open(CACHE_URI, 'python', 'import functools\n\n@functools.cache\ndef load(key):\n    return key\n');
    const [quiet] = await client.waitFor(CACHE_URI, (ds) => ds.length === 1);
    assert.deepEqual([quiet.code, quiet.severity], ['py/unbounded-cache', 4]); // hint
    await client.rpc.sendNotification(SetHotLinesNotification.method, [
      { uri: CACHE_URI, lines: [{ line: 3, self: 50, total: 60, share: 0.5 }] },
      { uri: PY_URI, lines: [{ line: 4, self: 1, total: 1, share: 0.01 }] },
    ] satisfies SetHotLinesNotification.Params);
    const [loud] = await client.waitFor(CACHE_URI, (ds) => ds[0]?.message.endsWith('— 50% of samples are on this line'));
    assert.equal(loud.severity, 2); // hint -> warning on a hot line
    const ranked = (await client.rpc.sendRequest(HotAntiPatternsRequest.method, {})) as HotAntiPatternsRequest.Result;
    assert.deepEqual(
      ranked.slice(0, 2).map((r) => [r.rule, r.severity]),
      [
        ['py/unbounded-cache', 'warning'],
        ['py/string-concat-in-loop', 'warning'], // 1% is below the threshold: its own severity
      ],
    );
    await client.rpc.sendNotification(SetHotLinesNotification.method, []);
    const [again] = await client.waitFor(CACHE_URI, (ds) => ds[0] && !ds[0].message.includes('samples'));
    assert.equal(again.severity, 4);
  });

  it('reads hotline.lint settings: disabled rules disappear on configuration change', async () => {
    client.settings = { debounceMs: 20, disabledRules: ['py/*'] };
    await client.rpc.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await client.waitFor(PY_URI, (ds) => ds.length === 0);
    client.settings = { debounceMs: 20 };
    await client.rpc.sendNotification('workspace/didChangeConfiguration', { settings: null });
    assert.deepEqual(codes(await client.waitFor(PY_URI, (ds) => ds.length === 1)), ['py/string-concat-in-loop']);
  });

  it('ranks a hot file that is not open by reading it from disk', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const { pathToFileURL } = await import('node:url');
    const dir = mkdtempSync(join(tmpdir(), 'hotline-lsp-'));
    const file = join(dir, 'slow.go');
    writeFileSync(file, 'package main\nfunc f(xs []string) string {\n\ts := ""\n\tfor _, x := range xs {\n\t\ts += x\n\t}\n\treturn s\n}\n');
    const uri = pathToFileURL(file).href;
    await client.rpc.sendNotification(SetHotLinesNotification.method, [{ uri, lines: [{ line: 5, self: 90, total: 90, share: 0.9 }] }]);
    const ranked = (await client.rpc.sendRequest(HotAntiPatternsRequest.method, { limit: 1 })) as HotAntiPatternsRequest.Result;
    assert.equal(ranked.length, 1);
    assert.equal(ranked[0].rule, 'go/string-concat-in-loop');
    assert.equal(ranked[0].uri, uri);
    assert.match(ranked[0].message, /— 90% of samples are on this line$/);
  });
});

describe('language server without workspace/configuration', () => {
  it('takes settings from initializationOptions and disables linting when asked', async () => {
    const client = start();
    await client.initialize({ lint: { enable: false, debounceMs: 10 } }, false);
    await client.open(PY_URI, 'python', PY);
    await client.waitFor(PY_URI, (ds) => ds.length === 0);
    assert.equal(client.configurationRequests, 0);
    await client.shutdown();
  });
});
