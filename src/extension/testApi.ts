/**
 * What activate() returns: a small API for extension-host tests (and other extensions) to load a
 * profile and read back exactly what Hotline drew — not a mock of VS Code.
 */
import * as vscode from 'vscode';
import type { ActiveProfile } from './activeProfile';
import { benchResultsHtml } from './bench/index';
import { loadResultsHtml } from './load/index';
import { pageImportNotes, pageLoadHtml, pageLongTasksHtml } from './page/index';
import { interactionRecording, type InteractionRecording } from './page/recordInteraction';
import { cancelEventLoop, eventLoopHtml, eventLoopLineNotes } from './eventLoop/index';
import { liveTopMessage, liveTopShown } from './liveTop/index';
import type { LiveTopView } from '../core/webviewProtocol';
import { pageMemoryPanelHtml } from './page/pageMemory';
import { traceLineNotes, tracesHtml } from './traces/index';
import type { LineNote } from './annotations/lineNotes';
import { FlameGraphPanel, type FlameGraphShown } from './flameGraphPanel';
import type { DocumentAnnotationTracker } from './annotations/documentAnnotations';
import type { DrawnDecorations, HotLineDecorations } from './annotations/hotLineDecorations';
import type { HotFunctionLensProvider } from './annotations/hotFunctionLenses';
import type { HotLineHoverProvider } from './annotations/hotLineHover';
import type { HotAntiPatternsProvider } from './hotAntiPatternsView';
import type { HotlineLanguageClient } from './languageClient';
import type { ProfileLibrary } from './profileLibrary';
import type { KeptProfile } from './profileStore';
import type { HotAntiPattern, HotLinesForFile } from '../server/protocol';
import { restrictedModeRefusals } from './workspaceTrust';

export interface ActiveProfileInfo {
  label: string;
  format: string;
  profiler?: string;
  language?: string;
  /** Profile file, when it is kept or opened from disk. */
  file?: string;
  frames: number;
  /** Source paths as the profile recorded them. */
  recordedFiles: string[];
}

export interface HotlineApi {
  /** Opens a profile file, lists it and makes it the active profile (no panel unless show). */
  loadProfile(path: string, options?: { show?: boolean }): Promise<ActiveProfileInfo>;
  activeProfile(): ActiveProfileInfo | undefined;
  clearProfile(): void;
  /** Decorations last drawn in a visible editor of the document, or undefined when none. */
  getDecorations(uri: vscode.Uri | string): DrawnDecorations | undefined;
  /** Hotline's CodeLenses for a document (line and title). */
  getCodeLenses(uri: vscode.Uri | string): Promise<{ line: number; title: string; command?: string }[]>;
  /** Hotline's hover Markdown on a 0-based line, or undefined when the line is not annotated. */
  getHover(uri: vscode.Uri | string, line: number): Promise<string | undefined>;
  annotationsVisible(): boolean;
  /** What was last sent to the language server with hotline/setHotLines. */
  sentHotLines(): HotLinesForFile[];
  languageServerRunning(): boolean;
  hotAntiPatterns(): Promise<HotAntiPattern[]>;
  keptProfiles(): Promise<readonly KeptProfile[]>;
  profilesFolder(): string;
  /** Titles of the open flame graph panels. */
  flameGraphTitles(): string[];
  /** What the flame graph panel titled `title` last sent its webview (the model with its notes and thread picker, the lists), or undefined when none is open. */
  flameGraphShown(title: string): FlameGraphShown | undefined;
  /** Hands the flame graph panel titled `title` a message as its webview sends it (validated the same way), e.g. a thread pick. */
  flameGraphMessage(title: string, message: unknown): void;
  /** Messages that refused to run code in Restricted Mode since activation, oldest first. */
  restrictedModeRefusals(): string[];
  /** The HTML of the "Benchmark Results" panel, or undefined when it is not open. */
  benchResultsHtml(): string | undefined;
  /** The HTML of the "Page Load" panel, or undefined when it is not open. */
  pageLoadHtml(): string | undefined;
  /** The HTML of the "Long Tasks" panel of the last page CPU profile, or undefined when it is not open. */
  pageLongTasksHtml(): string | undefined;
  /** The Record Page Interaction under way (its Chromium's DevTools port, and the Stop button's action), or undefined. */
  pageInteractionRecording(): InteractionRecording | undefined;
  /** The HTML of the "Page Memory" panel of the last Find Page Memory Leaks, or undefined when it is not open. */
  pageMemoryHtml(): string | undefined;
  /** The import size notes of the last page audit drawn in a visible editor of the file. */
  pageImportNotes(uri: vscode.Uri | string): LineNote[];
  /** The HTML of the "Load Results" panel, or undefined when it is not open. */
  loadResultsHtml(): string | undefined;
  /** The HTML of the "Traces" panel, or undefined when it is not open. */
  tracesHtml(): string | undefined;
  /** The trace latency notes (code.filepath / code.lineno spans) last drawn in a visible editor of the file. */
  traceLineNotes(uri: vscode.Uri | string): LineNote[];
  /** The HTML of the "Event-Loop Lag" panel, or undefined when it is not open. */
  eventLoopHtml(): string | undefined;
  /** The "blocks the event loop" notes last drawn in a visible editor of the file. */
  eventLoopLineNotes(uri: vscode.Uri | string): LineNote[];
  /** Cancels the Find Event-Loop Blocking run in progress, as its notification's Cancel does; false when none runs. */
  cancelEventLoop(): boolean;
  /** The running Live Top panel's last view, or undefined when none runs. */
  liveTopShown(): LiveTopView | undefined;
  /** Hands the running Live Top panel a message as its webview sends it (`{ type: 'stop' }` is its Stop button); false when none runs. */
  liveTopMessage(message: unknown): boolean;
}

export interface TestApiParts {
  library: ProfileLibrary;
  active: ActiveProfile;
  tracker: DocumentAnnotationTracker;
  decorations: HotLineDecorations;
  lenses: HotFunctionLensProvider;
  hover: HotLineHoverProvider;
  client: HotlineLanguageClient;
  antiPatterns: HotAntiPatternsProvider;
}

const toUri = (u: vscode.Uri | string) =>
  typeof u === 'string' ? (/^[a-z][\w+.-]*:/i.test(u) && !/^[a-z]:\\/i.test(u) ? vscode.Uri.parse(u) : vscode.Uri.file(u)) : u;

function info(active: ActiveProfile): ActiveProfileInfo | undefined {
  const loaded = active.get();
  if (!loaded) return undefined;
  const m = loaded.profile.metadata;
  return {
    label: loaded.label,
    format: m.format,
    profiler: m.profiler,
    language: m.language,
    file: loaded.entry?.file,
    frames: loaded.profile.frames.length,
    recordedFiles: active.recordedFiles(),
  };
}

export function createTestApi(p: TestApiParts): HotlineApi {
  return {
    async loadProfile(path, options) {
      await p.library.openFile(path, { show: options?.show ?? false });
      return info(p.active)!;
    },
    activeProfile: () => info(p.active),
    clearProfile: () => p.active.clear(),
    getDecorations: (uri) => p.decorations.drawnFor(toUri(uri)),
    async getCodeLenses(uri) {
      const doc = await vscode.workspace.openTextDocument(toUri(uri));
      return p.lenses.provideCodeLenses(doc).map((l) => ({ line: l.range.start.line, title: l.command?.title ?? '', command: l.command?.command }));
    },
    async getHover(uri, line) {
      const doc = await vscode.workspace.openTextDocument(toUri(uri));
      const hover = p.hover.provideHover(doc, new vscode.Position(line, 0));
      return hover?.contents.map((c) => (c instanceof vscode.MarkdownString ? c.value : typeof c === 'string' ? c : c.value)).join('\n');
    },
    annotationsVisible: () => p.decorations.isVisible,
    sentHotLines: () => p.client.sentHotLines(),
    languageServerRunning: () => p.client.running,
    hotAntiPatterns: () => p.antiPatterns.refresh(),
    keptProfiles: () => p.library.store.list(),
    profilesFolder: () => p.library.store.folder(),
    flameGraphTitles: () => FlameGraphPanel.all.map((panel) => panel.title),
    flameGraphShown: (title) => FlameGraphPanel.all.find((panel) => panel.title === title)?.shown,
    flameGraphMessage: (title, message) => FlameGraphPanel.all.find((panel) => panel.title === title)?.receive(message),
    restrictedModeRefusals: () => [...restrictedModeRefusals()],
    benchResultsHtml: () => benchResultsHtml(),
    pageLoadHtml: () => pageLoadHtml(),
    pageLongTasksHtml: () => pageLongTasksHtml(),
    pageMemoryHtml: () => pageMemoryPanelHtml(),
    pageImportNotes: (uri) => pageImportNotes(toUri(uri)),
    pageInteractionRecording: () => interactionRecording(),
    loadResultsHtml: () => loadResultsHtml(),
    tracesHtml: () => tracesHtml(),
    traceLineNotes: (uri) => traceLineNotes(toUri(uri)),
    eventLoopHtml: () => eventLoopHtml(),
    eventLoopLineNotes: (uri) => eventLoopLineNotes(toUri(uri)),
    cancelEventLoop: () => cancelEventLoop(),
    liveTopShown: () => liveTopShown(),
    liveTopMessage: (message) => liveTopMessage(message),
  };
}
