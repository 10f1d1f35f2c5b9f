/**
 * Draws the annotations into visible editors: a heat bar at the start of each hot line (theme colors
 * hotline.heat.level1..5), the inline `● 1,234 samples · 12.3%` text, and overview ruler marks.
 * What was last drawn per document is kept for the extension-host tests (the test API reads it).
 */
import * as vscode from 'vscode';
import { describeStaleReason } from '../../core/annotations/contentHash';
import { HEAT_LEVELS } from '../../core/annotations/lineAnnotations';
import { annotationSettings } from '../settings';
import type { DocumentAnnotationTracker } from './documentAnnotations';

export interface DrawnDecorations {
  /** 0-based line and heat level 1..5 of each gutter bar. */
  gutter: { line: number; level: number }[];
  /** 0-based line and text after the line. */
  inline: { line: number; text: string }[];
  /** 0-based lines marked in the overview ruler, with their heat level. */
  ruler: { line: number; level: number }[];
  /** Why the annotations may be stale, or null. */
  stale: string | null;
  /** The profile's spelling of this file's path. */
  recordedFile: string;
}

const STALE_SUFFIX = ' · may be stale';

export class HotLineDecorations implements vscode.Disposable {
  private readonly gutterTypes: vscode.TextEditorDecorationType[] = [];
  private readonly rulerTypes: vscode.TextEditorDecorationType[] = [];
  private readonly inlineType: vscode.TextEditorDecorationType;
  private readonly staleInlineType: vscode.TextEditorDecorationType;
  private readonly drawn = new Map<string, DrawnDecorations>();
  private visible = true;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly tracker: DocumentAnnotationTracker) {
    for (let level = 1; level <= HEAT_LEVELS; level++) {
      const color = new vscode.ThemeColor(`hotline.heat.level${level}`);
      this.gutterTypes.push(
        vscode.window.createTextEditorDecorationType({
          isWholeLine: true,
          borderStyle: 'solid',
          borderWidth: '0 0 0 4px',
          borderColor: color,
          rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
        }),
      );
      this.rulerTypes.push(vscode.window.createTextEditorDecorationType({ overviewRulerColor: color, overviewRulerLane: vscode.OverviewRulerLane.Right }));
    }
    this.inlineType = vscode.window.createTextEditorDecorationType({
      after: { color: new vscode.ThemeColor('hotline.inlineForeground'), margin: '0 0 0 2.5em', fontStyle: 'normal' },
      rangeBehavior: vscode.DecorationRangeBehavior.ClosedOpen,
    });
    this.staleInlineType = vscode.window.createTextEditorDecorationType({
      after: { color: new vscode.ThemeColor('hotline.staleForeground'), margin: '0 0 0 2.5em', fontStyle: 'italic' },
      rangeBehavior: vscode.DecorationRangeBehavior.ClosedOpen,
    });
    this.visible = annotationSettings().enabled;
    this.disposables.push(
      vscode.window.onDidChangeVisibleTextEditors(() => this.renderAll()),
      tracker.onDidChange((uri) => (uri ? this.renderDocument(uri) : this.renderAll())),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('hotline.annotations.enabled')) this.visible = annotationSettings().enabled;
      }),
    );
    void vscode.commands.executeCommand('setContext', 'hotline.annotationsVisible', this.visible);
  }

  get isVisible(): boolean {
    return this.visible;
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    void vscode.commands.executeCommand('setContext', 'hotline.annotationsVisible', visible);
    this.renderAll();
  }

  /** What was last drawn for a document (undefined when nothing is drawn). */
  drawnFor(uri: vscode.Uri): DrawnDecorations | undefined {
    return this.drawn.get(uri.toString());
  }

  renderAll(): void {
    this.drawn.clear();
    for (const editor of vscode.window.visibleTextEditors) this.render(editor);
  }

  private renderDocument(uri: vscode.Uri): void {
    const key = uri.toString();
    this.drawn.delete(key);
    for (const editor of vscode.window.visibleTextEditors) if (editor.document.uri.toString() === key) this.render(editor);
  }

  private render(editor: vscode.TextEditor): void {
    const settings = annotationSettings();
    const state = this.visible ? this.tracker.get(editor.document) : undefined;
    const gutter: vscode.Range[][] = this.gutterTypes.map(() => []);
    const ruler: vscode.Range[][] = this.rulerTypes.map(() => []);
    const inline: vscode.DecorationOptions[] = [];
    const drawn: DrawnDecorations | undefined = state
      ? { gutter: [], inline: [], ruler: [], stale: state.stale ? describeStaleReason(state.stale) : null, recordedFile: state.file.recordedFile }
      : undefined;
    if (state && drawn) {
      const lineCount = editor.document.lineCount;
      for (let i = 0; i < state.lines.length; i++) {
        const line = state.lines[i]!;
        if (line < 0 || line >= lineCount) continue;
        const a = state.file.lines[i]!;
        const whole = new vscode.Range(line, 0, line, 0);
        if (settings.gutter && a.heat > 0) {
          gutter[a.heat - 1]!.push(whole);
          drawn.gutter.push({ line, level: a.heat });
        }
        if (settings.overviewRuler && a.heat > 0) {
          ruler[a.heat - 1]!.push(whole);
          drawn.ruler.push({ line, level: a.heat });
        }
        if (settings.inline) {
          const text = state.stale ? a.text + STALE_SUFFIX : a.text;
          const end = editor.document.lineAt(line).range.end;
          inline.push({ range: new vscode.Range(end, end), renderOptions: { after: { contentText: text } } });
          drawn.inline.push({ line, text });
        }
      }
    }
    this.gutterTypes.forEach((t, i) => editor.setDecorations(t, gutter[i]!));
    this.rulerTypes.forEach((t, i) => editor.setDecorations(t, ruler[i]!));
    editor.setDecorations(state?.stale ? this.staleInlineType : this.inlineType, inline);
    editor.setDecorations(state?.stale ? this.inlineType : this.staleInlineType, []);
    if (drawn) this.drawn.set(editor.document.uri.toString(), drawn);
  }

  dispose(): void {
    for (const t of [...this.gutterTypes, ...this.rulerTypes, this.inlineType, this.staleInlineType]) t.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
