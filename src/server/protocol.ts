/**
 * Custom LSP messages between the Hotline extension (client) and the anti-pattern server.
 * This module is imported by both sides: it holds types and method names only, no runtime deps.
 *
 * Standard LSP: textDocument/publishDiagnostics (code = rule id, codeDescription.href = rule page,
 * source "hotline"), textDocument/codeAction (quick fixes + "ignore on this line"),
 * workspace/configuration for the `hotline.lint` section.
 */

/** One profiled line of one file. */
export interface HotLine {
  /** 1-based line number, as profilers report it. */
  line: number;
  /** Samples whose innermost frame is this line. */
  self: number;
  /** Samples with this line anywhere on the stack. */
  total: number;
  /** Fraction (0..1) of all samples of the profile attributed to this line (the extension picks self or total). */
  share: number;
}

export interface HotLinesForFile {
  /** Document URI as the client knows it (file:///…). */
  uri: string;
  lines: HotLine[];
}

/**
 * hotline/setHotLines — notification, client → server.
 * Params: the complete set of hot lines of the active profile, one entry per file; it replaces
 * whatever was sent before (send [] when the profile is closed). Diagnostics of open documents are
 * re-published: an anti-pattern on a line whose share is at least `hotline.lint.hotLineThreshold`
 * becomes at least a warning (hint/info → warning, warning → error) and its message ends with
 * "— 23% of samples are on this line".
 */
// eslint-disable-next-line @typescript-eslint/no-namespace -- one namespace per message (method + types), the LSP convention
export namespace SetHotLinesNotification {
  export const method = 'hotline/setHotLines';
  export type Params = HotLinesForFile[];
}

export interface HotAntiPattern {
  uri: string;
  rule: string;
  message: string;
  severity: 'error' | 'warning' | 'info' | 'hint';
  /** 0-based LSP range of the offending expression. */
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  /** The hottest profiled line inside the range (1-based), or null when no line of it was sampled. */
  hotLine: number | null;
  self: number;
  total: number;
  share: number;
  /** Whether a quick fix is available. */
  fixable: boolean;
}

/**
 * hotline/hotAntiPatterns — request, client → server.
 * Params: { uri?: string; limit?: number } (no uri: every open document and every file with hot lines,
 * read from disk when it is not open). Result: anti-patterns ranked by samples, hottest first
 * (share, then self samples); anti-patterns on unsampled lines follow, by severity.
 */
// eslint-disable-next-line @typescript-eslint/no-namespace -- one namespace per message (method + types), the LSP convention
export namespace HotAntiPatternsRequest {
  export const method = 'hotline/hotAntiPatterns';
  export interface Params {
    uri?: string;
    limit?: number;
  }
  export type Result = HotAntiPattern[];
}

/** The `hotline.lint` settings section (workspace/configuration, or initializationOptions.lint). */
export interface LintSettings {
  enable: boolean;
  /** Rule ids, or family wildcards like "py/*". */
  disabledRules: string[];
  /** Per-rule severity override: "error" | "warning" | "info" | "hint" | "off". */
  severity: Record<string, string>;
  /** Quiet period after the last keystroke before diagnostics are recomputed. */
  debounceMs: number;
  /** Minimum share of samples (0..1) for a line to count as hot. */
  hotLineThreshold: number;
}

export const DEFAULT_LINT_SETTINGS: LintSettings = {
  enable: true,
  disabledRules: [],
  severity: {},
  debounceMs: 150,
  hotLineThreshold: 0.01,
};

/**
 * initializationOptions the client may pass:
 * - lint: Partial<LintSettings> (used when the client has no workspace/configuration support);
 * - docsBaseUrl: where rule pages live (codeDescription.href = docsBaseUrl + "<rule-id>.md");
 * - measureAgainCommand: a command id; quick fixes in files with hot lines then carry it as their
 *   `command`, which the client runs after applying the edit (re-profile, open the diff view).
 */
export interface HotlineInitializationOptions {
  lint?: Partial<LintSettings>;
  docsBaseUrl?: string;
  measureAgainCommand?: string;
}

/** `data` attached to every Hotline diagnostic. */
export interface HotlineDiagnosticData {
  rule: string;
  share: number;
  self: number;
}
