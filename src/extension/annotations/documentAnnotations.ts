/**
 * Annotations attached to open documents: the profile's lines for that file, moved along with the
 * user's edits, and whether the file differs from what was profiled.
 */
import * as vscode from 'vscode';
import { staleReason, type StaleReason } from '../../core/annotations/contentHash';
import { shiftLines } from '../../core/annotations/lineShift';
import type { LineAnnotation } from '../../core/annotations/lineAnnotations';
import type { FileAnnotations, FunctionWeight, ProfileAnnotator } from '../../core/annotations/profileAnnotations';
import type { ActiveProfile } from '../activeProfile';

export interface DocumentAnnotations {
  readonly file: FileAnnotations;
  /** Current 0-based line of file.lines[i]; -1 once the line was deleted. */
  readonly lines: Int32Array;
  /** Current 0-based line of file.hotFunctions[i] (its recorded line), -1 when unknown or deleted. */
  readonly functionLines: Int32Array;
  readonly stale: StaleReason | null;
}

export class DocumentAnnotationTracker implements vscode.Disposable {
  private readonly docs = new Map<string, DocumentAnnotations | null>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri | undefined>();
  /** A document's annotations moved (uri) or all were reset (undefined). */
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly active: ActiveProfile) {
    this.disposables.push(
      active.onDidChangeAnnotator(() => {
        this.docs.clear();
        this.changed.fire(undefined);
      }),
      vscode.workspace.onDidChangeTextDocument((e) => this.onEdit(e)),
      vscode.workspace.onDidCloseTextDocument((d) => this.docs.delete(d.uri.toString())),
    );
  }

  annotator(): ProfileAnnotator | undefined {
    return this.active.annotator();
  }

  /** Annotations for a document, computed on first use; undefined when the profile does not touch it. */
  get(document: vscode.TextDocument): DocumentAnnotations | undefined {
    const key = document.uri.toString();
    const known = this.docs.get(key);
    if (known !== undefined) return known ?? undefined;
    const annotator = this.active.annotator();
    const file = annotator && document.uri.scheme === 'file' ? annotator.forDocument(document.uri.fsPath) : undefined;
    const state = file ? this.attach(document, file) : null;
    this.docs.set(key, state);
    return state ?? undefined;
  }

  /** The annotation on a 0-based line of a document, if any. */
  at(document: vscode.TextDocument, line: number): { annotation: LineAnnotation; state: DocumentAnnotations } | undefined {
    const state = this.get(document);
    if (!state) return undefined;
    for (let i = 0; i < state.lines.length; i++) {
      if (state.lines[i] === line) return { annotation: state.file.lines[i]!, state };
    }
    return undefined;
  }

  /** The 1-based line in the profile's numbering for a current 0-based line (undoes edits), if tracked. */
  recordedLine(state: DocumentAnnotations, line: number): number | undefined {
    for (let i = 0; i < state.lines.length; i++) if (state.lines[i] === line) return state.file.lines[i]!.line + 1;
    return undefined;
  }

  private attach(document: vscode.TextDocument, file: FileAnnotations): DocumentAnnotations {
    const lines = Int32Array.from(file.lines, (l) => l.line);
    const functionLines = Int32Array.from(file.hotFunctions, (f: FunctionWeight) => (f.line !== null ? f.line - 1 : -1));
    const stale = staleReason({
      recordedHash: this.active.get()?.entry?.sourceHashes?.[document.uri.fsPath],
      currentText: document.getText(),
      maxAnnotatedLine: lines.length ? lines[lines.length - 1]! : -1,
      lineCount: document.lineCount,
    });
    return { file, lines, functionLines, stale };
  }

  private onEdit(e: vscode.TextDocumentChangeEvent): void {
    const state = this.docs.get(e.document.uri.toString());
    if (!state || e.contentChanges.length === 0) return;
    const changes = e.contentChanges.map((c) => ({
      startLine: c.range.start.line,
      startCharacter: c.range.start.character,
      endLine: c.range.end.line,
      endCharacter: c.range.end.character,
      text: c.text,
    }));
    shiftLines(state.lines, changes);
    shiftLines(state.functionLines, changes);
    this.changed.fire(e.document.uri);
  }

  dispose(): void {
    this.changed.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
