/** Leak warnings on source lines (the "Hotline leaks" diagnostics): one per line, the first said wins. */
import * as vscode from 'vscode';

export interface LineWarning {
  file: string | null;
  /** 1-based. */
  line: number | null;
  text: string;
}

/** Replaces the collection's warnings with these; entries without an absolute file or a line are left out. */
export function showLineWarnings(collection: vscode.DiagnosticCollection, warnings: readonly LineWarning[]): void {
  collection.clear();
  const byFile = new Map<string, vscode.Diagnostic[]>();
  for (const { file, line, text } of warnings) {
    if (!file || !line || !file.startsWith('/') || line < 1) continue;
    const list = byFile.get(file) ?? [];
    if (list.some((d) => d.range.start.line === line - 1)) continue;
    const d = new vscode.Diagnostic(new vscode.Range(line - 1, 0, line - 1, 1000), text, vscode.DiagnosticSeverity.Warning);
    d.source = 'Hotline leaks';
    list.push(d);
    byFile.set(file, list);
  }
  for (const [file, list] of byFile) collection.set(vscode.Uri.file(file), list);
}
