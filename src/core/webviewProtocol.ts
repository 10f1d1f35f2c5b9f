/**
 * The one contract between Hotline's webviews and whoever serves them: the extension's panels, or
 * the in-page host of the standalone `hotline flamegraph` page. Messages are told apart by `type`.
 * Everything the webview sends is untrusted: the host calls `parseFromWebviewMessage` before
 * acting on it. Strings that come from a profile travel as data and the webview writes them with
 * textContent only. Pages built in the extension (memory chart, benchmark results) send one
 * message, `{ type: 'loaded' }` (webviewPage.ts loadedPingScript), for the load watchdog.
 * Besides the messages: the JSON blocks a page embeds (webviewPage.ts writes them), the element
 * ids and the timing hook that tests and benchmarks read.
 */
import type { ChangeRow } from './flame/diff';
import type { EventLoopBlock } from './flame/eventLoop';
import type { TopFunctionRow } from './flame/functions';
import type { Insight } from './flame/insights';
import type { ProfileJson } from './flame/profileJson';

/** What the graph shows; part of the webview's persisted state. */
export interface FlameOptions {
  /** Index into the profile's weight types. */
  weight: number;
  /** Fold library/runtime/native frames into the first of each run. */
  myCodeOnly: boolean;
  /** Bottom-up tree (callers of each leaf function), drawn as an icicle. */
  inverted: boolean;
  /** Show the differential tree against the baseline, when there is one. */
  diff: boolean;
}

/** A node of the pruned tree in d3-flame-graph's input shape (value = total, inclusive). */
export interface FlameViewNode {
  /** Node id in the host's full tree; -1 for a merged "n small frames" node. */
  id: number;
  name: string;
  value: number;
  /** Self weight of this node in the full tree (merged nodes: the sum of their members). */
  self: number;
  /** Frame id (index into the profile's frames) for source links; -1 when none. */
  frame: number;
  /** File and line as recorded, for the tooltip; untrusted text. */
  file?: string;
  line?: number;
  /** Frame kind: u(ser) l(ibrary) r(untime) n(ative) m(erged). */
  kind: 'u' | 'l' | 'r' | 'n' | 'm';
  /** Differential view: new total minus the (scaled) baseline total. */
  delta?: number;
  /** Merged node: the parent it came from and how many frames it holds. */
  merged?: { parent: number; count: number; cutoff: number };
  children?: FlameViewNode[];
}

export interface FlameView {
  requestId: number;
  /**
   * The view's tree, flat (see viewCodec.ts): the chain of ancestors down to the focused node,
   * then its pruned subtree, in pre-order with parent indexes.
   */
  nodes: Omit<FlameViewNode, 'children'>[];
  parents: number[];
  /** Focused node id (0 = whole profile). */
  focus: number;
  /** When focused on a merged group: its parent and cutoff. */
  focusSmall?: { parent: number; cutoff: number };
  /** Total of the whole tree, for "% of total". */
  total: number;
  /** Nodes in `root` (for the budget) and nodes folded into merged nodes. */
  drawn: number;
  merged: number;
  diff: boolean;
}

export interface FlameDetails {
  functions: TopFunctionRow[];
  insights: Insight[];
  eventLoopBlocks: EventLoopBlock[];
  changes: ChangeRow[];
}

export interface FlameModel {
  title: string;
  weightTypes: { name: string; unit: string }[];
  options: FlameOptions;
  total: number;
  unit: string;
  sampleCount: number;
  hasBaseline: boolean;
  baselineTitle?: string;
  /** Where the profile came from, so a restored panel can reload it. */
  sourceFile?: string;
  baselineFile?: string;
  /** Short facts: profiler, format, language, duration. */
  facts: string[];
  /** The importer's remarks on the profile (metadata.notes): the thread shown, dropped frames, converter output; untrusted text. */
  notes: string[];
  /**
   * A multi-thread file's threads, for the thread picker: only when the host can re-read the file
   * with another thread (the extension's panels, not the standalone page) and there are several.
   */
  threads?: FlameThreadChoice[];
  /**
   * The host sends the first view (requestId 0, the focus of the state the webview was ready
   * with) right after this model, so the webview need not ask for it: one round trip less.
   */
  viewFollows?: boolean;
}

/** One entry of the thread picker: `id` is what `pickThread` sends back (ProfileThread.id). */
export interface FlameThreadChoice {
  id: string;
  label: string;
  shown: boolean;
}

export type ToWebviewMessage =
  | { type: 'model'; model: FlameModel }
  | { type: 'view'; view: FlameView }
  | { type: 'searchResult'; requestId: number; pattern: string; value: number; share: number; matches: number; error?: string }
  | { type: 'error'; message: string }
  /** The lists (top functions, insights, ...), sent after the first view so the graph paints first. */
  | { type: 'details'; details: FlameDetails }
  /** The host asks the webview to zoom to a node (e.g. "reveal this function in the flame graph"). */
  | { type: 'reveal'; node: number };

/** Persisted webview state (vscode.setState): enough to rebuild the same picture. */
export interface FlameWebviewState {
  options?: FlameOptions;
  focus?: number;
  focusSmall?: { parent: number; cutoff: number };
  search?: string;
  colorBy?: 'heat' | 'module';
  sort?: { column: 'name' | 'self' | 'total' | 'calls'; descending: boolean };
  sourceFile?: string;
  baselineFile?: string;
  title?: string;
  /** The thread picked in a multi-thread file (FlameThreadChoice.id), so a restored panel reopens it. */
  thread?: string;
}

export type FromWebviewMessage =
  | { type: 'ready'; width: number; state?: FlameWebviewState }
  | { type: 'setOptions'; options: FlameOptions }
  | { type: 'focus'; requestId: number; node: number; small?: { parent: number; cutoff: number }; width: number }
  | { type: 'focusFunction'; requestId: number; functionId: number; width: number }
  | { type: 'search'; requestId: number; pattern: string }
  | { type: 'openSource'; frame: number }
  /** The thread picker: re-read the file with this thread (a FlameThreadChoice.id of the model). */
  | { type: 'pickThread'; thread: string };

/** What a big profile's page embeds so the graph is drawn before the host's tree exists (session.ts firstPaint). */
export interface FirstPaint {
  model: FlameModel;
  view: FlameView & { provisional: true };
}

/** The standalone page's profiles (profileJson.ts), which its in-page host loads. */
export interface StandaloneData {
  title: string;
  profile: ProfileJson;
  baseline?: ProfileJson;
  baselineTitle?: string;
}

/** The JSON blocks a page may embed (`<script type="application/json" id=…>`), by element id. */
export interface EmbeddedData {
  'hotline-data': StandaloneData;
  'hotline-first-paint': FirstPaint;
}
export type EmbeddedDataId = keyof EmbeddedData;

/** One function in the live top (src/core/liveTop/rollingWindow.ts): its samples and their share of all samples in the span. */
export interface LiveTopRow {
  name: string;
  file: string | null;
  line: number | null;
  selfSamples: number;
  totalSamples: number;
  /** In [0, 1]. */
  selfShare: number;
  totalShare: number;
}

/** What the Live Top panel and `hotline top` show, refreshed every second. */
export interface LiveTopView {
  /** "pid 42 python3 worker.py". */
  target: string;
  /** How the samples were taken: "py-spy record --pid 42, 1 s windows". */
  sampler: string;
  /** The table covers the windows that ended in the last `spanSeconds`… */
  spanSeconds: number;
  /** …of which the sampler actually sampled this long (windowed samplers lose the gap between windows). */
  coveredSeconds: number;
  windows: number;
  samples: number;
  rows: LiveTopRow[];
  /** How far back the recent-profile button can reach. */
  keptSeconds: number;
  /** The N the "Profile the last N seconds" button starts with. */
  recentSeconds: number;
  /** ISO time of the newest window. */
  updatedAt: string;
  /** Set once sampling has ended: why ("sampling stopped", "pid 42 exited", a sampler's error). */
  ended?: string;
}

/** Host → Live Top webview. */
export type ToLiveTopMessage = { type: 'liveTop'; view: LiveTopView };

/** Live Top webview → host: it loaded; turn the last `seconds` into a flame graph; stop sampling. */
export type FromLiveTopMessage = { type: 'loaded' } | { type: 'profileRecent'; seconds: number } | { type: 'stop' };

/**
 * Page Load webview → host (src/core/page/resultsPage.ts): it loaded; open a bundle's source file
 * (as the composition names it; the host opens it only if it is one of the audit's workspace sources).
 */
export type FromPageLoadMessage = { type: 'loaded' } | { type: 'openBundleSource'; source: string };

/** Element ids of the flame graph page: the webview makes them, tests and the benchmark find them. */
export const PAGE_IDS = {
  /** The webview's root element: the page builder writes it, the bundle fills it. */
  app: 'app',
  title: 'title',
  facts: 'facts',
  search: 'search',
  searchInfo: 'search-info',
  reset: 'reset',
  inverted: 'inverted',
  myCode: 'my-code',
  diff: 'diff',
  weight: 'weight',
  thread: 'thread',
  notes: 'notes',
  colorBy: 'color-by',
  breadcrumb: 'breadcrumb',
  graph: 'graph',
  status: 'status',
  insights: 'insights',
  functions: 'functions',
  changes: 'changes',
  changesCard: 'changes-card',
  /** The Live Top page (src/core/liveTop/liveTopPage.ts, webview/liveTop.ts). */
  liveTopRows: 'live-top-rows',
  liveTopStatus: 'live-top-status',
  liveTopSeconds: 'live-top-seconds',
  liveTopProfile: 'live-top-profile',
  liveTopStop: 'live-top-stop',
} as const;

/** Flags the webview sets on `<body data-…>`, which tests and the benchmark wait on. */
export interface PageFlags {
  /** Request id of the view drawn last; a `~` suffix while it is the webview's own quick zoom. */
  rendered?: string;
  /** Present while a quick first view is shown (not interactive yet). */
  provisional?: string;
  /** 'ready' once the lists are drawn. */
  details?: 'ready';
}

/** Moments of the webview's life (performance.now(); 0 = not yet) and the last draw's duration. */
export interface WebviewTimings {
  renderMs: number;
  searchStart: number;
  searchAnswered: number;
  started: number;
  readyPosted: number;
  modelReceived: number;
  firstViewReceived: number;
  firstDrawn: number;
  firstPainted: number;
  quickDrawn: number;
  interactive: number;
}

/** What the flame webview exposes as `window.hotline`: read by the benchmark and the e2e tests only. */
export interface TimingHook {
  readonly timings: WebviewTimings;
  search(pattern: string): void;
}

/** The page's window as the benchmark and the tests see it. */
export interface HookedWindow {
  hotline?: TimingHook;
}

const MAX_PATTERN = 1000;
const MAX_THREAD_ID = 200;
const MAX_WIDTH = 20000;

function isInt(v: unknown, min = 0, max = 2 ** 31 - 1): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function parseOptions(v: unknown): FlameOptions | null {
  if (!isObject(v)) return null;
  if (!isInt(v.weight, 0, 64)) return null;
  for (const k of ['myCodeOnly', 'inverted', 'diff'] as const) if (typeof v[k] !== 'boolean') return null;
  return { weight: v.weight, myCodeOnly: v.myCodeOnly as boolean, inverted: v.inverted as boolean, diff: v.diff as boolean };
}

function parseSmall(v: unknown): { parent: number; cutoff: number } | undefined | null {
  if (v === undefined) return undefined;
  if (!isObject(v) || !isInt(v.parent) || typeof v.cutoff !== 'number' || !Number.isFinite(v.cutoff) || v.cutoff < 0) return null;
  return { parent: v.parent, cutoff: v.cutoff };
}

function parseWidth(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) && v >= 1 && v <= MAX_WIDTH ? Math.round(v) : null;
}

function parseState(v: unknown): FlameWebviewState | undefined {
  if (!isObject(v)) return undefined;
  const s: FlameWebviewState = {};
  const options = parseOptions(v.options);
  if (options) s.options = options;
  if (isInt(v.focus)) s.focus = v.focus;
  const small = parseSmall(v.focusSmall);
  if (small) s.focusSmall = small;
  if (typeof v.search === 'string' && v.search.length <= MAX_PATTERN) s.search = v.search;
  if (v.colorBy === 'heat' || v.colorBy === 'module') s.colorBy = v.colorBy;
  if (typeof v.sourceFile === 'string' && v.sourceFile.length < 4096) s.sourceFile = v.sourceFile;
  if (typeof v.baselineFile === 'string' && v.baselineFile.length < 4096) s.baselineFile = v.baselineFile;
  if (typeof v.title === 'string' && v.title.length < 1000) s.title = v.title;
  if (typeof v.thread === 'string' && v.thread.length <= MAX_THREAD_ID) s.thread = v.thread;
  return s;
}

/**
 * Validates a message from the webview. Returns null for anything malformed: unknown type,
 * wrong field types, out-of-range numbers, oversized strings. Never throws.
 */
export function parseFromWebviewMessage(raw: unknown): FromWebviewMessage | null {
  if (!isObject(raw) || typeof raw.type !== 'string') return null;
  switch (raw.type) {
    case 'ready': {
      const width = parseWidth(raw.width);
      if (width === null) return null;
      return { type: 'ready', width, state: parseState(raw.state) };
    }
    case 'setOptions': {
      const options = parseOptions(raw.options);
      return options ? { type: 'setOptions', options } : null;
    }
    case 'focus': {
      const width = parseWidth(raw.width);
      const small = parseSmall(raw.small);
      if (!isInt(raw.requestId) || !isInt(raw.node) || width === null || small === null) return null;
      return small
        ? { type: 'focus', requestId: raw.requestId, node: raw.node, small, width }
        : { type: 'focus', requestId: raw.requestId, node: raw.node, width };
    }
    case 'focusFunction': {
      const width = parseWidth(raw.width);
      if (!isInt(raw.requestId) || !isInt(raw.functionId) || width === null) return null;
      return { type: 'focusFunction', requestId: raw.requestId, functionId: raw.functionId, width };
    }
    case 'search':
      if (!isInt(raw.requestId) || typeof raw.pattern !== 'string' || raw.pattern.length > MAX_PATTERN) return null;
      return { type: 'search', requestId: raw.requestId, pattern: raw.pattern };
    case 'openSource':
      return isInt(raw.frame) ? { type: 'openSource', frame: raw.frame } : null;
    case 'pickThread':
      return typeof raw.thread === 'string' && raw.thread.length > 0 && raw.thread.length <= MAX_THREAD_ID ? { type: 'pickThread', thread: raw.thread } : null;
    default:
      return null;
  }
}

/** Validates a message from the Live Top webview; null for anything else. `maxSeconds` bounds the recent profile. */
export function parseFromLiveTopMessage(raw: unknown, maxSeconds: number): FromLiveTopMessage | null {
  if (!isObject(raw)) return null;
  if (raw.type === 'loaded' || raw.type === 'stop') return { type: raw.type };
  if (raw.type === 'profileRecent' && isInt(raw.seconds, 1, maxSeconds)) return { type: 'profileRecent', seconds: raw.seconds };
  return null;
}

const MAX_SOURCE = 4096;

/** Validates a message from the Page Load webview; null for anything else. */
export function parseFromPageLoadMessage(raw: unknown): FromPageLoadMessage | null {
  if (!isObject(raw)) return null;
  if (raw.type === 'loaded') return { type: 'loaded' };
  if (raw.type === 'openBundleSource' && typeof raw.source === 'string' && raw.source.length > 0 && raw.source.length <= MAX_SOURCE)
    return { type: 'openBundleSource', source: raw.source };
  return null;
}
