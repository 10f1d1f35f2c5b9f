import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  TextDocumentSyncKind,
  type CodeAction,
  type Connection,
  type InitializeResult,
} from 'vscode-languageserver';
import { defaultDocsBaseUrl, SOURCE, toDiagnostic } from './diagnostics';
import { DocumentStore, type ParsedDocument } from './documents';
import { lintTree } from './engine';
import { GrammarSet, grammarForLanguageId, grammarForPath, type GrammarId } from './grammars';
import { HotLineIndex, uriKey, withHeat } from './hotLines';
import { lintText } from './lint';
import {
  DEFAULT_LINT_SETTINGS,
  HotAntiPatternsRequest,
  SetHotLinesNotification,
  type HotAntiPattern,
  type HotlineInitializationOptions,
  type LintSettings,
} from './protocol';
import type { Finding } from './rule';
import { ALL_RULES } from './rules/index';
import { lintOptions, normaliseSettings } from './settings';

export interface ServerOptions {
  grammars?: GrammarSet;
}

const SEVERITY_RANK = { error: 0, warning: 1, info: 2, hint: 3 } as const;

/** Wires the anti-pattern linter to an LSP connection (stdio/IPC in dist/server.js, streams in tests). */
export function startServer(connection: Connection, options: ServerOptions = {}): void {
  const grammars = options.grammars ?? new GrammarSet();
  const store = new DocumentStore(grammars);
  const hot = new HotLineIndex();
  const findings = new Map<string, Finding[]>();
  const timers = new Map<string, NodeJS.Timeout>();
  let settings: LintSettings = DEFAULT_LINT_SETTINGS;
  let pullConfiguration = false;
  let docsBase = defaultDocsBaseUrl();
  let measureAgainCommand: string | undefined;

  connection.onInitialize((params): InitializeResult => {
    const init = (params.initializationOptions ?? {}) as HotlineInitializationOptions;
    if (init.lint) settings = normaliseSettings({ ...DEFAULT_LINT_SETTINGS, ...init.lint });
    if (typeof init.docsBaseUrl === 'string') docsBase = init.docsBaseUrl;
    if (typeof init.measureAgainCommand === 'string') measureAgainCommand = init.measureAgainCommand;
    pullConfiguration = !!params.capabilities.workspace?.configuration;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      },
      serverInfo: { name: 'hotline-lint' },
    };
  });

  connection.onInitialized(async () => {
    if (pullConfiguration) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'hotline' }).catch(() => undefined);
      await refreshSettings();
    }
  });

  async function refreshSettings(): Promise<void> {
    if (!pullConfiguration) return;
    try {
      settings = normaliseSettings(await connection.workspace.getConfiguration('hotline.lint'));
    } catch (err) {
      connection.console.warn(`hotline: could not read hotline.lint settings: ${(err as Error).message}`);
    }
  }

  connection.onDidChangeConfiguration(async (change) => {
    const pushed = (change.settings as { hotline?: { lint?: unknown } } | undefined)?.hotline?.lint;
    if (pullConfiguration) await refreshSettings();
    else if (pushed) settings = normaliseSettings(pushed);
    for (const entry of store.all()) schedule(entry.doc.uri, 0);
  });

  /** Lints now; publishes diagnostics decorated with the profile's hot lines. */
  async function validate(uri: string): Promise<void> {
    const entry = store.get(uri);
    if (!entry) return;
    if (!settings.enable) {
      findings.delete(uri);
      await connection.sendDiagnostics({ uri, diagnostics: [] });
      return;
    }
    const version = entry.doc.version;
    let list: Finding[];
    try {
      const tree = await store.parse(entry);
      list = lintTree(tree, entry.doc.getText(), entry.grammar, ALL_RULES, { ...lintOptions(settings), lazyFixes: true, path: uri });
    } catch (err) {
      connection.console.error(`hotline: linting ${uri} failed: ${(err as Error).stack ?? err}`);
      return;
    }
    if (store.get(uri) !== entry || entry.doc.version !== version) {
      findings.delete(uri); // superseded; lazy fixes must not outlive their tree
      return;
    }
    findings.set(uri, list);
    publish(entry, list);
  }

  function publish(entry: ParsedDocument, list: Finding[]): void {
    const uri = entry.doc.uri;
    const diagnostics = list.map((f) => toDiagnostic(f, hot.hottest(uri, f.range.start.line, f.range.end.line), settings.hotLineThreshold, docsBase));
    void connection.sendDiagnostics({ uri, version: entry.doc.version, diagnostics });
  }

  function schedule(uri: string, delay = settings.debounceMs): void {
    clearTimeout(timers.get(uri));
    timers.set(
      uri,
      setTimeout(() => {
        timers.delete(uri);
        void validate(uri);
      }, delay),
    );
  }

  connection.onDidOpenTextDocument(({ textDocument: t }) => {
    const grammar = grammarForLanguageId(t.languageId, t.uri);
    if (!grammar) return;
    store.open(t.uri, t.languageId, t.version, t.text, grammar);
    schedule(t.uri, 0);
  });

  connection.onDidChangeTextDocument(({ textDocument, contentChanges }) => {
    if (store.change(textDocument.uri, textDocument.version, contentChanges)) schedule(textDocument.uri);
  });

  connection.onDidCloseTextDocument(({ textDocument }) => {
    clearTimeout(timers.get(textDocument.uri));
    timers.delete(textDocument.uri);
    store.close(textDocument.uri);
    findings.delete(textDocument.uri);
    void connection.sendDiagnostics({ uri: textDocument.uri, diagnostics: [] });
  });

  connection.onCodeAction(async ({ textDocument, range }) => {
    const entry = store.get(textDocument.uri);
    // Fixes are computed from the current tree: re-lint first when the text moved on.
    if (entry && (entry.stale || !findings.has(textDocument.uri))) await validate(textDocument.uri);
    const list = findings.get(textDocument.uri);
    if (!entry || !list) return [];
    const actions: CodeAction[] = [];
    const inRange = list.filter((f) => f.range.start.line <= range.end.line && f.range.end.line >= range.start.line);
    for (const f of inRange) {
      const heat = hot.hottest(textDocument.uri, f.range.start.line, f.range.end.line);
      const diagnostic = toDiagnostic(f, heat, settings.hotLineThreshold, docsBase);
      for (const fix of f.fixes) {
        const action: CodeAction = {
          title: fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          isPreferred: true,
          edit: {
            documentChanges: [
              {
                textDocument: { uri: textDocument.uri, version: entry.doc.version },
                edits: fix.edits.map((e) => ({ range: { start: entry.doc.positionAt(e.start), end: entry.doc.positionAt(e.end) }, newText: e.newText })),
              },
            ],
          },
        };
        if (measureAgainCommand && heat) action.command = { title: 'Measure again', command: measureAgainCommand, arguments: [textDocument.uri, f.rule] };
        actions.push(action);
      }
      actions.push(ignoreAction(entry, f, diagnostic));
    }
    return actions;
  });

  function ignoreAction(entry: ParsedDocument, f: Finding, diagnostic: ReturnType<typeof toDiagnostic>): CodeAction {
    const line = f.range.start.line;
    const text = entry.doc.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).replace(/\r?\n$/, '');
    const comment = entry.grammar === 'python' ? `  # hotline: ignore[${f.rule}]` : ` // hotline-ignore ${f.rule}`;
    return {
      title: `Ignore ${f.rule} on this line`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      edit: {
        documentChanges: [
          {
            textDocument: { uri: entry.doc.uri, version: entry.doc.version },
            edits: [{ range: { start: { line, character: text.length }, end: { line, character: text.length } }, newText: comment }],
          },
        ],
      },
    };
  }

  connection.onNotification(SetHotLinesNotification.method, (params: SetHotLinesNotification.Params) => {
    const changed = new Set(hot.replace(Array.isArray(params) ? params : []).map(uriKey));
    for (const entry of store.all()) {
      const list = findings.get(entry.doc.uri);
      if (list && changed.has(uriKey(entry.doc.uri))) publish(entry, list);
    }
  });

  connection.onRequest(HotAntiPatternsRequest.method, async (params: HotAntiPatternsRequest.Params = {}): Promise<HotAntiPatternsRequest.Result> => {
    const uris = new Set<string>(params.uri ? [params.uri] : [...store.all().map((e) => e.doc.uri), ...hot.uris()]);
    const seen = new Set<string>();
    const out: HotAntiPattern[] = [];
    for (const uri of uris) {
      if (seen.has(uriKey(uri))) continue;
      seen.add(uriKey(uri));
      for (const f of await findingsForUri(uri)) {
        const heat = hot.hottest(uri, f.range.start.line, f.range.end.line);
        const shown = withHeat(f, heat, settings.hotLineThreshold);
        out.push({
          uri,
          rule: f.rule,
          message: shown.message,
          severity: shown.severity,
          range: f.range,
          hotLine: heat?.line ?? null,
          self: heat?.self ?? 0,
          total: heat?.total ?? 0,
          share: heat?.share ?? 0,
          fixable: f.fixes.length > 0,
        });
      }
    }
    out.sort(
      (a, b) =>
        b.share - a.share ||
        b.self - a.self ||
        SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
        a.uri.localeCompare(b.uri) ||
        a.range.start.line - b.range.start.line,
    );
    return typeof params.limit === 'number' && params.limit >= 0 ? out.slice(0, params.limit) : out;
  });

  /** Findings of an open document (fresh), or of a file on disk that the profile names. */
  async function findingsForUri(uri: string): Promise<Finding[]> {
    const entry = store.get(uri) ?? store.all().find((e) => uriKey(e.doc.uri) === uriKey(uri));
    if (entry) {
      if (entry.stale || !findings.has(entry.doc.uri)) await validate(entry.doc.uri);
      if (entry.stale || !findings.has(entry.doc.uri)) await validate(entry.doc.uri); // superseded once: retry
      return findings.get(entry.doc.uri) ?? [];
    }
    if (!uri.startsWith('file:') || !settings.enable) return [];
    const path = fileURLToPath(uri);
    const grammar: GrammarId | null = grammarForPath(path);
    if (!grammar) return [];
    try {
      return await lintText(grammars, await readFile(path, 'utf8'), grammar, { ...lintOptions(settings), path });
    } catch {
      return []; // a profiled file that no longer exists has nothing to rank
    }
  }

  connection.onShutdown(() => {
    for (const t of timers.values()) clearTimeout(t);
    timers.clear();
  });

  connection.listen();
}

export { SOURCE };
