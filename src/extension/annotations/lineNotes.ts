/**
 * Inline notes after source lines ("⏱ span p50 …", "⚠ blocks the event loop …"), in every visible
 * editor of the file. Each owner (the Traces panel, the Event-Loop Lag panel) has its own instance
 * and decoration type, and clears it when its panel closes or new results load.
 */
import * as vscode from 'vscode';

export interface LineNote {
  /** 0-based, as the editor counts. */
  readonly line: number;
  readonly text: string;
}

/** A note to draw: the file's absolute path and its 1-based line. */
export interface FileLineNote {
  readonly path: string;
  readonly line: number;
  readonly text: string;
}

export class LineNotes implements vscode.Disposable {
  private readonly type = vscode.window.createTextEditorDecorationType({
    after: { color: new vscode.ThemeColor('editorCodeLens.foreground'), margin: '0 0 0 2em', fontStyle: 'italic' },
    isWholeLine: true,
  });
  /** Notes by the file's fsPath. */
  private notes = new Map<string, LineNote[]>();
  private readonly drawn = new Map<string, LineNote[]>();
  private readonly sub = vscode.window.onDidChangeVisibleTextEditors((editors) => this.draw(editors));

  /** Replaces every note with `notes`. */
  set(notes: readonly FileLineNote[]): void {
    this.clear();
    for (const n of notes) {
      const key = vscode.Uri.file(n.path).fsPath;
      let list = this.notes.get(key);
      if (!list) this.notes.set(key, (list = []));
      list.push({ line: n.line - 1, text: n.text });
    }
    this.draw(vscode.window.visibleTextEditors);
  }

  clear(): void {
    this.notes = new Map();
    this.drawn.clear();
    for (const e of vscode.window.visibleTextEditors) e.setDecorations(this.type, []);
  }

  /** The notes last drawn in a visible editor of the file (extension-host tests). */
  drawnFor(uri: vscode.Uri): LineNote[] {
    return this.drawn.get(uri.fsPath) ?? [];
  }

  private draw(editors: readonly vscode.TextEditor[]): void {
    for (const editor of editors) {
      const key = editor.document.uri.fsPath;
      const notes = (this.notes.get(key) ?? []).filter((n) => n.line >= 0 && n.line < editor.document.lineCount);
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
