/**
 * Hover on an annotated line: self and total with their shares, the function the line belongs to,
 * its top callers and callees, and a link that reveals the function in the flame graph.
 * Names come from the profile (untrusted): they are escaped, and only Hotline's reveal command is trusted.
 */
import * as vscode from 'vscode';
import { describeStaleReason } from '../../core/annotations/contentHash';
import { formatShare, formatWeight } from '../../core/annotations/weightFormat';
import type { ActiveProfile } from '../activeProfile';
import { callNeighbours } from './callNeighbours';
import type { DocumentAnnotationTracker } from './documentAnnotations';

export const REVEAL_COMMAND = 'hotline.revealInFlameGraph';

/** Arguments of hotline.revealInFlameGraph. */
export interface RevealTarget {
  name: string;
  file?: string | null;
  line?: number | null;
}

/** Escapes Markdown so a function named `[x](command:...)` or `<img>` stays text. */
function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~&]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}

function revealLink(target: RevealTarget): string {
  return `command:${REVEAL_COMMAND}?${encodeURIComponent(JSON.stringify([target]))}`;
}

export class HotLineHoverProvider implements vscode.HoverProvider {
  constructor(
    private readonly active: ActiveProfile,
    private readonly tracker: DocumentAnnotationTracker,
    private readonly isVisible: () => boolean,
  ) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    if (!this.isVisible()) return undefined;
    const hit = this.tracker.at(document, position.line);
    const annotator = this.tracker.annotator();
    const loaded = this.active.get();
    if (!hit || !annotator || !loaded) return undefined;
    const { annotation: a, state } = hit;
    const display = annotator.display;
    const amount = (v: number) => formatWeight(v, display) ?? formatShare(v / (annotator.profileTotal || 1));
    const md = new vscode.MarkdownString(undefined, true);
    md.isTrusted = { enabledCommands: [REVEAL_COMMAND] };
    md.appendMarkdown(`**Hotline** · ${escapeMarkdown(loaded.label)}\n\n`);
    md.appendMarkdown(`| on this line | amount | of total |\n|---|---:|---:|\n`);
    md.appendMarkdown(`| self | ${escapeMarkdown(amount(a.self))} | ${formatShare(a.selfShare)} |\n`);
    md.appendMarkdown(`| total | ${escapeMarkdown(amount(a.total))} | ${formatShare(a.totalShare)} |\n\n`);
    const recordedLine = a.line + 1;
    const fn = annotator.enclosingFunction(state.file.recordedFile, recordedLine);
    if (fn) {
      md.appendMarkdown(
        `In \`${fn.name.replace(/`/g, "'")}\` — ${formatShare(fn.total / (annotator.profileTotal || 1))} total, ${formatShare(fn.self / (annotator.profileTotal || 1))} self\n\n`,
      );
      const { callers, callees } = callNeighbours(loaded.profile, fn, 3);
      const list = (title: string, items: { name: string; share: number }[]) => {
        if (items.length === 0) return;
        md.appendMarkdown(`${title}: ${items.map((i) => `\`${i.name.replace(/`/g, "'")}\` ${formatShare(i.share)}`).join(' · ')}\n\n`);
      };
      list('Top callers', callers);
      list('Top callees', callees);
      md.appendMarkdown(`[$(flame) Reveal in flame graph](${revealLink({ name: fn.name, file: fn.file, line: fn.line })})`);
    }
    if (state.stale) md.appendMarkdown(`\n\n$(warning) ${escapeMarkdown(describeStaleReason(state.stale))}`);
    return new vscode.Hover(md, document.lineAt(position.line).range);
  }
}
