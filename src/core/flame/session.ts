/**
 * The host side of the flame graph protocol, shared by the extension's panel and the standalone
 * page: keeps the full tree, answers the webview's requests with pruned views. The webview never
 * holds more than one screen's worth of nodes.
 */
import { threadLabel } from '../importers/threadChoice';
import { totalWeight, type Profile } from '../model/profile';
import type { FirstPaint, FlameDetails, FlameModel, FlameOptions, FromWebviewMessage, ToWebviewMessage } from '../webviewProtocol';
import { quickFirstView } from './quickView';
import { buildDiffTree, biggestChanges, type DiffTree } from './diff';
import { eventLoopBlocks, hasEventLoop } from './eventLoop';
import { buildFlameTree, type FlameTree } from './flameTree';
import { functionStats, heaviestNodeOf, topFunctionRows } from './functions';
import { flameInsights } from './insights';
import { focusView } from './prune';
import { flattenView } from './viewCodec';
import { SearchPatternError, searchTree } from './search';

export interface FlameSessionInput {
  profile: Profile;
  title: string;
  baseline?: Profile;
  baselineTitle?: string;
}

export interface FlameSessionHooks {
  /**
   * Sends a message. May return a promise that settles once the message is on its way (VS Code's
   * webview.postMessage does): the lists then wait for it, so the first view is not held up
   * behind their computation.
   */
  post(message: ToWebviewMessage): unknown;
  /** A frame's "open source" action; `frame` indexes the (new) profile's frames. */
  openSource?(frame: number): void;
  /**
   * The thread picker chose another thread of a multi-thread file (a ProfileThread id of the
   * profile's metadata): the host re-reads the file with it and calls `replaceProfile`. Without
   * this hook (the standalone page holds one thread only) the model offers no picker.
   */
  pickThread?(thread: string): void;
}

const DEFAULT_OPTIONS: FlameOptions = { weight: 0, myCodeOnly: false, inverted: false, diff: false };

export class FlameSession {
  private options: FlameOptions;
  private tree!: FlameTree;
  private diff: DiffTree | null = null;
  private width = 1200;
  /** The lists go out once per tree, after its first view. */
  private detailsSent = false;

  constructor(
    private input: FlameSessionInput,
    private readonly hooks: FlameSessionHooks,
    initial?: Partial<FlameOptions>,
  ) {
    this.options = this.sanitize({ ...DEFAULT_OPTIONS, diff: !!input.baseline, ...initial });
    this.rebuild();
  }

  get currentTree(): FlameTree {
    return this.tree;
  }

  get currentOptions(): FlameOptions {
    return { ...this.options };
  }

  /** Handles one message that has already passed parseFromWebviewMessage. */
  handle(msg: FromWebviewMessage): void {
    try {
      switch (msg.type) {
        case 'ready':
          this.width = msg.width;
          if (msg.state?.options) {
            this.options = this.sanitize(msg.state.options);
            this.rebuild();
          }
          this.hooks.post({ type: 'model', model: { ...this.model(), viewFollows: true } });
          this.postInitialView(msg.state);
          break;
        case 'setOptions':
          this.options = this.sanitize(msg.options);
          this.rebuild();
          this.hooks.post({ type: 'model', model: this.model() });
          break;
        case 'focus': {
          this.width = msg.width;
          const node = msg.node < this.tree.size ? msg.node : 0;
          const small = msg.small && msg.small.parent < this.tree.size ? msg.small : undefined;
          this.postDetailsOnce(this.postView(msg.requestId, small ? small.parent : node, small));
          break;
        }
        case 'focusFunction': {
          this.width = msg.width;
          const node = msg.functionId < this.tree.functions.length ? heaviestNodeOf(this.tree, msg.functionId) : -1;
          this.postDetailsOnce(this.postView(msg.requestId, node > 0 ? node : 0));
          break;
        }
        case 'search': {
          try {
            const r = searchTree(this.tree, msg.pattern);
            this.hooks.post({ type: 'searchResult', requestId: msg.requestId, pattern: msg.pattern, value: r.value, share: r.share, matches: r.matches });
          } catch (err) {
            if (!(err instanceof SearchPatternError)) throw err;
            this.hooks.post({ type: 'searchResult', requestId: msg.requestId, pattern: msg.pattern, value: 0, share: 0, matches: 0, error: err.message });
          }
          break;
        }
        case 'openSource':
          if (msg.frame < this.input.profile.frames.length) this.hooks.openSource?.(msg.frame);
          break;
        case 'pickThread':
          if (this.model().threads?.some((t) => t.id === msg.thread && !t.shown)) this.hooks.pickThread?.(msg.thread);
          break;
        default: {
          const unknown: never = msg;
          this.hooks.post({ type: 'error', message: `unknown request ${JSON.stringify((unknown as { type?: unknown }).type)}` });
        }
      }
    } catch (err) {
      this.hooks.post({ type: 'error', message: (err as Error).message });
    }
  }

  /**
   * Zooms the webview to the heaviest node of a function, matched by name and (when given) by
   * file suffix. Returns false when the profile has no such function.
   */
  reveal(target: { name: string; file?: string | null }): boolean {
    const fns = this.tree.functions;
    const norm = (f: string) => f.replace(/\\/g, '/');
    const want = target.file ? norm(target.file) : null;
    let best = -1;
    let bestScore = -1;
    for (let i = 0; i < fns.length; i++) {
      const f = fns[i]!;
      if (f.name !== target.name) continue;
      const have = f.file ? norm(f.file) : null;
      const score = want && have ? (want === have ? 3 : want.endsWith(have) || have.endsWith(want) ? 2 : 0) : 1;
      if (score > bestScore) [best, bestScore] = [i, score];
    }
    if (best < 0) return false;
    const node = heaviestNodeOf(this.tree, best);
    if (node <= 0) return false;
    this.hooks.post({ type: 'reveal', node });
    return true;
  }

  /**
   * Shows another profile of the same file (another thread): same options where they still apply,
   * a new tree, a new model; the webview starts from the top of the new tree and asks for its view.
   */
  replaceProfile(profile: Profile): void {
    this.input = { ...this.input, profile };
    this.options = this.sanitize(this.options);
    this.rebuild();
    this.hooks.post({ type: 'model', model: this.model() });
  }

  private sanitize(o: FlameOptions): FlameOptions {
    const weight = o.weight < this.input.profile.weightTypes.length ? o.weight : 0;
    return { weight, myCodeOnly: o.myCodeOnly, inverted: o.inverted, diff: o.diff && !!this.input.baseline && !o.inverted };
  }

  /** The lists, once per tree, after `after` (the view's delivery) when the host is asynchronous. */
  private postDetailsOnce(after: unknown): void {
    if (this.detailsSent) return;
    this.detailsSent = true;
    const tree = this.tree;
    const send = () => {
      // Options changed meanwhile: the new tree sends its own lists.
      if (tree !== this.tree) return;
      try {
        this.hooks.post({ type: 'details', details: this.details() });
      } catch (err) {
        this.hooks.post({ type: 'error', message: (err as Error).message });
      }
    };
    const then = (after as PromiseLike<unknown> | null | undefined)?.then;
    if (typeof then === 'function') then.call(after, send, send);
    else send();
  }

  private rebuild(): void {
    this.detailsSent = false;
    const opts = { weight: this.options.weight, myCodeOnly: this.options.myCodeOnly, inverted: this.options.inverted };
    if (this.options.diff && this.input.baseline) {
      this.diff = buildDiffTree(this.input.baseline, this.input.profile, opts);
      this.tree = this.diff.tree;
    } else {
      this.diff = null;
      this.tree = buildFlameTree(this.input.profile, opts);
    }
  }

  /** The first view, unasked: the focus the webview was left at (when it still exists), else the root. */
  private postInitialView(state: { focus?: number; focusSmall?: { parent: number; cutoff: number } } | undefined): void {
    const small = state?.focusSmall && state.focusSmall.parent < this.tree.size ? state.focusSmall : undefined;
    const node = state?.focus !== undefined && state.focus < this.tree.size ? state.focus : 0;
    this.postDetailsOnce(this.postView(0, small ? small.parent : node, small));
  }

  private postView(requestId: number, focus: number, small?: { parent: number; cutoff: number }): unknown {
    const v = focusView(this.tree, focus, { width: this.width, delta: this.diff?.delta }, small);
    return this.hooks.post({
      type: 'view',
      view: {
        requestId,
        ...flattenView(v.root),
        focus,
        ...(small ? { focusSmall: small } : {}),
        total: this.tree.total[0]!,
        drawn: v.drawn,
        merged: v.merged,
        diff: !!this.diff,
      },
    });
  }

  model(): FlameModel {
    return modelOf(this.input, this.options, !!this.hooks.pickThread);
  }

  details(): FlameDetails {
    const p = this.input.profile;
    const w = this.options.weight;
    // Insights read the plain top-down tree, whatever the display options.
    const plain = !this.options.inverted && !this.options.myCodeOnly && !this.diff ? this.tree : buildFlameTree(p, { weight: w });
    // The table reads a top-down tree: in a bottom-up tree "self" would be the outermost caller's.
    // Same profile, same function table, so row ids still address functions of the drawn tree.
    const tableTree = this.options.inverted ? buildFlameTree(p, { weight: w, myCodeOnly: this.options.myCodeOnly }) : this.tree;
    const stats = functionStats(tableTree);
    const plainStats = plain === tableTree ? stats : functionStats(plain);
    return {
      functions: topFunctionRows(tableTree, p, 200, stats),
      insights: flameInsights(p, plain, w, plainStats),
      eventLoopBlocks: hasEventLoop(p) ? eventLoopBlocks(p) : [],
      changes: this.input.baseline ? biggestChanges(this.input.baseline, p, { weight: Math.min(w, this.input.baseline.weightTypes.length - 1) }) : [],
    };
  }
}

/** The panel's header facts, notes, options and units: no tree needed. `pickable`: the host can re-read another thread. */
function modelOf(input: FlameSessionInput, options: FlameOptions, pickable: boolean): FlameModel {
  const p = input.profile;
  const m = p.metadata;
  const w = options.weight;
  const facts = [
    m.profiler && `${m.profiler}${m.profilerVersion ? ` ${m.profilerVersion}` : ''}`,
    m.language,
    m.format,
    m.durationNs ? `${(m.durationNs / 1e9).toFixed(2)} s` : undefined,
    `${p.frames.length} frames`,
  ].filter((x): x is string => !!x);
  return {
    title: input.title,
    weightTypes: p.weightTypes.map((t) => ({ name: t.name, unit: t.unit })),
    options: { ...options },
    total: totalWeight(p, w),
    unit: p.weightTypes[w]!.unit,
    sampleCount: p.timeline?.stacks.length ?? p.sampleStack.length,
    hasBaseline: !!input.baseline,
    ...(input.baselineTitle ? { baselineTitle: input.baselineTitle } : {}),
    ...(m.sourceFile ? { sourceFile: m.sourceFile } : {}),
    ...(input.baseline?.metadata.sourceFile ? { baselineFile: input.baseline.metadata.sourceFile } : {}),
    facts,
    notes: [...(m.notes ?? [])],
    ...(pickable && !input.baseline && m.threads && m.threads.length > 1
      ? { threads: m.threads.map((t) => ({ id: t.id, label: threadLabel(t), shown: t.shown })) }
      : {}),
  };
}

/**
 * What the panel can draw before the host's tree exists, for a big profile: the model and a quick
 * first view (quickView.ts), embedded in the webview's HTML. Null for small profiles and for a
 * differential view (which needs both trees).
 */
export function firstPaint(input: FlameSessionInput, width = 1200): FirstPaint | null {
  if (input.baseline) return null;
  const view = quickFirstView(input.profile, width);
  return view ? { model: { ...modelOf(input, { ...DEFAULT_OPTIONS }, false), viewFollows: true }, view } : null;
}
