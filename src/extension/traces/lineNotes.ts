/**
 * Inline notes on the source lines that spans name with code.filepath / code.lineno: "⏱ span p50 …
 * p95 … (n spans)" after the line, in every visible editor of that file. One decoration type of
 * its own; cleared when the Traces panel closes or another trace set loads.
 */
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { candidatePaths, codeLineNote, type CodeLineLatency } from '../../core/traces/codeLines';

export interface TraceLineNote {
  /** 0-based, as the editor counts. */
  readonly line: number;
  readonly text: string;
}

export class TraceLineNotes implements vscode.Disposable {
  private readonly type = vscode.window.createTextEditorDecorationType({
    after: { color: new vscode.ThemeColor('editorCodeLens.foreground'), margin: '0 0 0 2em', fontStyle: 'italic' },
    isWholeLine: true,
  });
  /** Notes by the file's fsPath. */
  private notes = new Map<string, TraceLineNote[]>();
  private readonly drawn = new Map<string, TraceLineNote[]>();
  private readonly sub = vscode.window.onDidChangeVisibleTextEditors((editors) => this.draw(editors));

  /** Replaces every note with those of `lines`; lines whose file is not found in the workspace are left out. */
  set(lines: readonly CodeLineLatency[]): { shown: number; missing: string[] } {
    this.clear();
    const roots = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
    const missing = new Set<string>();
    let shown = 0;
    for (const c of lines) {
      const path = candidatePaths(c.file, roots).find((p) => existsSync(p));
      if (!path) {
        missing.add(c.file);
        continue;
      }
      const key = vscode.Uri.file(path).fsPath;
      let list = this.notes.get(key);
      if (!list) this.notes.set(key, (list = []));
      list.push({ line: c.line - 1, text: codeLineNote(c) });
      shown++;
    }
    this.draw(vscode.window.visibleTextEditors);
    return { shown, missing: [...missing] };
  }

  clear(): void {
    this.notes = new Map();
    this.drawn.clear();
    for (const e of vscode.window.visibleTextEditors) e.setDecorations(this.type, []);
  }

  /** The notes last drawn in a visible editor of the file (extension-host tests). */
  drawnFor(uri: vscode.Uri): TraceLineNote[] {
    return this.drawn.get(uri.fsPath) ?? [];
  }

  private draw(editors: readonly vscode.TextEditor[]): void {
    for (const editor of editors) {
      const key = editor.document.uri.fsPath;
      const notes = (this.notes.get(key) ?? []).filter((n) => n.line < editor.document.lineCount);
      editor.setDecorations(
        this.type,
        notes.map((n) => ({ range: editor.document.lineAt(n.line).range, renderOptions: { after: { contentText: n.text } } })),
      );
      if (notes.length) this.drawn.set(key, notes);
    }
  }

  dispose(): void {
    this.sub.dispose();
    this.type.dispose();
  }
}
