import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import type { Parser, Point, Tree } from 'web-tree-sitter';
import { Edit } from './treeSitter';
import type { GrammarId, GrammarSet } from './grammars';

/** An open document with its syntax tree, kept in step with edits so re-parsing is incremental. */
export interface ParsedDocument {
  doc: TextDocument;
  grammar: GrammarId;
  /** The last parsed tree, already edited (tree.edit) for changes since; null before the first parse. */
  tree: Tree | null;
  /** True when `tree` lags the text (edited, not yet re-parsed). */
  stale: boolean;
}

/** The end point of `text` inserted at `start`, in tree-sitter rows and UTF-16 columns. */
function endPoint(start: Point, text: string): Point {
  const lastNl = text.lastIndexOf('\n');
  if (lastNl === -1) return { row: start.row, column: start.column + text.length };
  let rows = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) rows++;
  return { row: start.row + rows, column: text.length - lastNl - 1 };
}

export class DocumentStore {
  private readonly docs = new Map<string, ParsedDocument>();
  private readonly parsers = new Map<GrammarId, Promise<Parser>>();

  constructor(private readonly grammars: GrammarSet) {}

  get(uri: string): ParsedDocument | undefined {
    return this.docs.get(uri);
  }

  all(): ParsedDocument[] {
    return [...this.docs.values()];
  }

  open(uri: string, languageId: string, version: number, text: string, grammar: GrammarId): ParsedDocument {
    this.close(uri);
    const entry: ParsedDocument = { doc: TextDocument.create(uri, languageId, version, text), grammar, tree: null, stale: true };
    this.docs.set(uri, entry);
    return entry;
  }

  /** Applies LSP content changes in order; each incremental change is mirrored onto the old tree. */
  change(uri: string, version: number, changes: readonly TextDocumentContentChangeEvent[]): ParsedDocument | undefined {
    const entry = this.docs.get(uri);
    if (!entry) return undefined;
    for (const change of changes) {
      if (!('range' in change) || !change.range) {
        entry.tree?.delete();
        entry.tree = null;
        entry.doc = TextDocument.update(entry.doc, [change], version);
        continue;
      }
      const startIndex = entry.doc.offsetAt(change.range.start);
      const oldEndIndex = entry.doc.offsetAt(change.range.end);
      // offsetAt clamps; positions are rebuilt from offsets so a client's out-of-range column cannot desync.
      const startPosition = toPoint(entry.doc, startIndex);
      const oldEndPosition = toPoint(entry.doc, oldEndIndex);
      entry.tree?.edit(
        new Edit({
          startIndex,
          oldEndIndex,
          newEndIndex: startIndex + change.text.length,
          startPosition,
          oldEndPosition,
          newEndPosition: endPoint(startPosition, change.text),
        }),
      );
      entry.doc = TextDocument.update(entry.doc, [change], version);
    }
    entry.stale = true;
    return entry;
  }

  close(uri: string): void {
    const entry = this.docs.get(uri);
    entry?.tree?.delete();
    this.docs.delete(uri);
  }

  /** Re-parses when the text moved on, reusing the edited old tree. */
  async parse(entry: ParsedDocument): Promise<Tree> {
    if (entry.tree && !entry.stale) return entry.tree;
    let parser = this.parsers.get(entry.grammar);
    if (!parser) this.parsers.set(entry.grammar, (parser = this.grammars.parser(entry.grammar)));
    const p = await parser;
    const old = entry.tree;
    const text = entry.doc.getText();
    const tree = p.parse(text, old);
    if (!tree) throw new Error(`the ${entry.grammar} parser returned no tree for ${entry.doc.uri}`);
    old?.delete();
    entry.tree = tree;
    entry.stale = false; // parse is synchronous: no change can land between reading the text and here
    return tree;
  }
}

function toPoint(doc: TextDocument, offset: number): Point {
  const p = doc.positionAt(offset);
  return { row: p.line, column: p.character };
}
