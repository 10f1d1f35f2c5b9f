import type { Node } from 'web-tree-sitter';
import type { GrammarId } from './grammars';

export type Severity = 'error' | 'warning' | 'info' | 'hint';

/**
 * How sure a rule is that a finding costs something: 'high' when the code shows the cost (the loop is
 * over data of unbounded size, the listener is added per call), 'low' when it only has the shape.
 * Low-confidence findings are shown as hints.
 */
export type Confidence = 'high' | 'low';

/** A text replacement in UTF-16 offsets of the document (what JS strings and LSP positions use). */
export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
}

/** What a rule's predicate learned about one match. */
export interface RuleContext {
  readonly grammar: GrammarId;
  readonly text: string;
  readonly root: Node;
  /** The file's path or URI ('' when unknown, as for an unsaved buffer). */
  readonly path: string;
}

/** Captures of one query match, by name (the last node wins when a name repeats). */
export type Captures = Record<string, Node>;

/**
 * A rule is data (id, languages, severity, message, docs) plus a tree-sitter query plus a predicate
 * plus an optional fix. The query must capture `@target`: the node the diagnostic sits on.
 */
export interface Rule {
  readonly id: string;
  readonly languages: readonly GrammarId[];
  readonly severity: Severity;
  /** One line: what the code does. */
  readonly title: string;
  /** Why it is slow and what to do instead. */
  readonly message: string;
  readonly query: string | Partial<Record<GrammarId, string>>;
  /** The predicate: true to report at `@target`, false to drop the match (a look-alike). */
  check(c: Captures, ctx: RuleContext): boolean;
  /** For a match that passed `check`: how sure the rule is (omitted: always 'high'). */
  confidence?(c: Captures, ctx: RuleContext): Confidence;
  fix?(c: Captures, ctx: RuleContext): Fix | null;
  /** For the rule's documentation page. */
  readonly example: { bad: string; good: string };
}

export interface Finding {
  rule: string;
  severity: Severity;
  confidence: Confidence;
  message: string;
  /** UTF-16 offsets of the offending node. */
  start: number;
  end: number;
  /** 0-based line/character, as LSP counts them. */
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  /** Possibly computed on first access (LintOptions.lazyFixes). */
  readonly fixes: Fix[];
}
