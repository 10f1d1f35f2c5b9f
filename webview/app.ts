/**
 * The panel: the profile's notes, toolbar (search, reset, inverted, my code only, differential,
 * weight, thread, color), the flame graph, and the lists. State lives in the host's state API so a hidden or reloaded panel
 * comes back with the same options, zoom and search.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import {
  PAGE_IDS,
  type FlameDetails,
  type FlameModel,
  type FlameOptions,
  type FlameViewNode,
  type FlameWebviewState,
  type PageFlags,
  type TimingHook,
  type ToWebviewMessage,
  type WebviewTimings,
} from '../src/core/webviewProtocol';
import { compileSearch } from '../src/core/flame/search';
import { FlameChart, type DrawnView } from './chart';
import { unflattenView } from '../src/core/flame/viewCodec';
import type { ColorBy } from './colors';
import { clear, el, embeddedData, formatValue, percent } from './dom';
import type { Host } from './host';
import { renderChanges, renderFunctions, renderInsights, renderNotes, renderThreadPicker, type SortState } from './panels';

interface Checkbox extends HTMLElement {
  checked: boolean;
}
interface ValueElement extends HTMLElement {
  value: string;
}

export class FlameApp implements TimingHook {
  private model: FlameModel | null = null;
  private details: FlameDetails | null = null;
  private view: DrawnView | null = null;
  private state: FlameWebviewState;
  private requestId = 0;
  /** Views the host sent for this tree, by focus and width: "reset" and going back need no round trip. */
  private readonly views = new Map<string, DrawnView>();
  private searchId = 0;
  private searchRe: RegExp | null = null;
  /** A quick first view is drawn and the host's tree is not there yet: zooming waits. */
  private provisional = false;
  private readonly chart: FlameChart;
  private readonly ui: ReturnType<FlameApp['layout']>;
  private readonly flags = document.body.dataset as PageFlags;
  /** Timings of the last view drawn and the last search answered (performance.now()); read by the benchmark. */
  readonly timings: WebviewTimings = {
    renderMs: 0,
    searchStart: 0,
    searchAnswered: 0,
    started: performance.now(),
    readyPosted: 0,
    modelReceived: 0,
    firstViewReceived: 0,
    firstDrawn: 0,
    firstPainted: 0,
    quickDrawn: 0,
    interactive: 0,
  };

  constructor(
    private readonly host: Host,
    root: HTMLElement,
  ) {
    this.state = host.getState() ?? {};
    this.ui = this.layout(root);
    this.chart = new FlameChart(this.ui.graph, {
      zoom: (n) => this.zoom(n),
      openSource: (n) => n.frame >= 0 && this.host.post({ type: 'openSource', frame: n.frame }),
      reset: () => this.focus(0),
    });
    host.onMessage((m) => this.onMessage(m));
    let resize = 0;
    window.addEventListener('resize', () => {
      clearTimeout(resize);
      resize = window.setTimeout(() => this.refocus(), 150);
    });
    host.post({ type: 'ready', width: this.width(), ...(Object.keys(this.state).length ? { state: this.state } : {}) });
    this.timings.readyPosted = performance.now();
    // After "ready": the state it carries is the saved one, not the first paint's.
    this.drawFirstPaint();
  }

  /**
   * A big profile's quick first view, embedded in the page by the host (session.ts firstPaint): drawn
   * at once, before the host's tree exists; not interactive (its node ids are not the tree's) until
   * the host's own model and view replace it. Skipped when the saved state asks for another view.
   */
  private drawFirstPaint(): void {
    if (this.state.focus || this.state.focusSmall || this.state.options) return;
    let data;
    try {
      data = embeddedData('hotline-first-paint');
    } catch {
      return;
    }
    if (!data) return;
    this.applyModel(data.model);
    this.provisional = true;
    this.flags.provisional = '';
    const { nodes, parents, ...rest } = data.view;
    this.draw({ ...rest, root: unflattenView({ nodes, parents }) });
    this.timings.quickDrawn = performance.now();
    this.notify('Reading the whole profile… (zoom answers in a moment)');
  }

  private layout(root: HTMLElement) {
    const search = el('vscode-textfield', {
      attrs: { id: PAGE_IDS.search, placeholder: 'Search functions or files (regex)', 'aria-label': 'Search functions or files, regular expression' },
    }) as ValueElement;
    const checkbox = (id: string, label: string, title: string) => el('vscode-checkbox', { attrs: { id, label, title } }) as Checkbox;
    const inverted = checkbox(PAGE_IDS.inverted, 'Inverted', 'Bottom-up icicle: the functions that spent the time on top, their callers below');
    const myCode = checkbox(PAGE_IDS.myCode, 'My code only', 'Fold library, runtime and native frames');
    const diff = checkbox(PAGE_IDS.diff, 'Differential', 'Color by change against the baseline (red grew, blue shrank)');
    const weight = el('vscode-single-select', { attrs: { id: PAGE_IDS.weight, 'aria-label': 'Weight' } }) as ValueElement;
    const thread = el('vscode-single-select', { attrs: { id: PAGE_IDS.thread, 'aria-label': 'Profiled thread', hidden: '' } }) as ValueElement;
    const notes = el('details', { class: 'notes', attrs: { id: PAGE_IDS.notes, open: '', hidden: '' } });
    const colorBy = el(
      'vscode-single-select',
      { attrs: { id: PAGE_IDS.colorBy, 'aria-label': 'Color frames by' } },
      el('vscode-option', { text: 'Color: heat', attrs: { value: 'heat' } }),
      el('vscode-option', { text: 'Color: module', attrs: { value: 'module' } }),
    ) as ValueElement;
    const reset = el('vscode-button', {
      text: 'Reset zoom',
      attrs: { id: PAGE_IDS.reset, secondary: '', title: 'Show the whole profile (Escape in the graph)' },
    });
    const searchInfo = el('span', { class: 'search-info', attrs: { id: PAGE_IDS.searchInfo, 'aria-live': 'polite' } });
    const title = el('h1', { class: 'title', attrs: { id: PAGE_IDS.title } });
    const facts = el('span', { class: 'facts', attrs: { id: PAGE_IDS.facts } });
    const status = el('div', { class: 'status', attrs: { id: PAGE_IDS.status, 'aria-live': 'polite' } });
    const breadcrumb = el('div', { class: 'breadcrumb', attrs: { id: PAGE_IDS.breadcrumb } });
    const graph = el('div', { class: 'graph', attrs: { id: PAGE_IDS.graph } });
    const insights = el('section', { attrs: { id: PAGE_IDS.insights, 'aria-labelledby': 'insights-h' } });
    const functions = el('section', { attrs: { id: PAGE_IDS.functions, 'aria-labelledby': 'functions-h' } });
    const changes = el('section', { attrs: { id: PAGE_IDS.changes, 'aria-labelledby': 'changes-h' } });
    const changesWrap = el(
      'div',
      { class: 'card', attrs: { id: PAGE_IDS.changesCard, hidden: '' } },
      el('h2', { text: 'Biggest changes', attrs: { id: 'changes-h' } }),
      changes,
    );
    root.append(
      el('header', { class: 'top' }, title, facts),
      notes,
      el(
        'div',
        { class: 'toolbar', attrs: { role: 'toolbar', 'aria-label': 'Flame graph controls' } },
        search,
        reset,
        inverted,
        myCode,
        diff,
        weight,
        thread,
        colorBy,
      ),
      el('div', { class: 'subbar' }, breadcrumb, searchInfo),
      graph,
      status,
      el(
        'div',
        { class: 'lists' },
        el('div', { class: 'card' }, el('h2', { text: 'Insights', attrs: { id: 'insights-h' } }), insights),
        el('div', { class: 'card' }, el('h2', { text: 'Top functions', attrs: { id: 'functions-h' } }), functions),
      ),
      changesWrap,
    );
    let debounce = 0;
    search.addEventListener('input', () => {
      clearTimeout(debounce);
      debounce = window.setTimeout(() => this.search(search.value), 120);
    });
    reset.addEventListener('click', () => this.focus(0));
    for (const box of [inverted, myCode, diff]) box.addEventListener('change', () => this.setOptions());
    weight.addEventListener('change', () => this.setOptions());
    thread.addEventListener('change', () => this.pickThread(thread.value));
    colorBy.addEventListener('change', () => {
      this.state.colorBy = colorBy.value as ColorBy;
      this.save();
      if (this.view) this.draw(this.view);
    });
    return {
      search,
      inverted,
      myCode,
      diff,
      weight,
      thread,
      notes,
      colorBy,
      searchInfo,
      title,
      facts,
      status,
      breadcrumb,
      graph,
      insights,
      functions,
      changes,
      changesWrap,
    };
  }

  private width(): number {
    return Math.max(100, Math.round(this.ui?.graph.clientWidth || document.body.clientWidth || 1000));
  }

  private save(): void {
    this.host.setState(this.state);
  }

  notify(text: string): void {
    this.ui.status.textContent = text;
  }

  private onMessage(m: ToWebviewMessage): void {
    switch (m.type) {
      case 'model':
        this.timings.modelReceived ||= performance.now();
        this.applyModel(m.model);
        break;
      case 'view':
        if (m.view.requestId === this.requestId) {
          this.timings.firstViewReceived ||= performance.now();
          if (this.provisional) {
            this.provisional = false;
            delete this.flags.provisional;
            this.timings.interactive = performance.now();
          }
          const { nodes, parents, ...rest } = m.view;
          const view = { ...rest, root: unflattenView({ nodes, parents }) };
          this.remember(view);
          this.draw(view);
        }
        break;
      case 'searchResult':
        if (m.requestId !== this.searchId) break;
        this.timings.searchAnswered = performance.now();
        this.ui.searchInfo.textContent = m.error
          ? m.error
          : m.pattern
            ? `${m.matches === 1 ? '1 frame matches' : `${m.matches.toLocaleString('en-US')} frames match`}, ${percent(m.share)} of the total (${formatValue(m.value, this.model?.unit ?? 'samples')})`
            : '';
        this.ui.searchInfo.classList.toggle('error', !!m.error);
        break;
      case 'error':
        this.notify(m.message);
        break;
      case 'details': {
        // After the graph's next paint: the lists are not what the user looks at first.
        const details = m.details;
        requestAnimationFrame(() => setTimeout(() => this.details === null && this.model && this.applyDetails(details)));
        break;
      }
      case 'reveal':
        this.focus(m.node);
        break;
      default:
        console.warn('hotline: unknown message', m);
    }
  }

  private applyModel(model: FlameModel): void {
    // The host's first model after a provisional first paint is still the first one.
    const first = !this.model || this.provisional;
    this.model = model;
    this.state.options = model.options;
    if (model.sourceFile) this.state.sourceFile = model.sourceFile;
    if (model.baselineFile) this.state.baselineFile = model.baselineFile;
    this.state.title = model.title;
    const ui = this.ui;
    ui.title.textContent = model.title;
    ui.facts.textContent = [...model.facts, `total ${formatValue(model.total, model.unit)}`].join(' · ');
    ui.inverted.checked = model.options.inverted;
    ui.myCode.checked = model.options.myCodeOnly;
    ui.diff.checked = model.options.diff;
    ui.diff.style.display = model.hasBaseline ? '' : 'none';
    clear(ui.weight);
    model.weightTypes.forEach((w, i) =>
      ui.weight.append(
        el('vscode-option', { text: `Weight: ${w.name} (${w.unit})`, attrs: { value: String(i), ...(i === model.options.weight ? { selected: '' } : {}) } }),
      ),
    );
    ui.weight.style.display = model.weightTypes.length < 2 ? 'none' : '';
    this.applyThreads(model);
    ui.colorBy.value = this.state.colorBy ?? 'heat';
    ui.changesWrap.hidden = !model.hasBaseline;
    this.details = null;
    // A new tree: node ids changed.
    this.views.clear();
    for (const host of [ui.insights, ui.functions, ui.changes]) {
      clear(host);
      host.append(el('p', { class: 'muted', text: 'Reading the profile…' }));
    }
    if (first) {
      // The host's first view (requestId 0) is on its way when it says so.
      if (!model.viewFollows) this.focus(this.state.focus ?? 0, this.state.focusSmall);
      if (this.state.search) {
        ui.search.value = this.state.search;
        this.search(this.state.search);
      }
    } else {
      // New options mean a new tree: node ids changed, start from the top.
      this.focus(0);
      if (this.state.search) this.search(this.state.search);
    }
  }

  /** The notes area and the thread picker (shown only for a file with several threads the host can re-read). */
  private applyThreads(model: FlameModel): void {
    renderNotes(this.ui.notes, model.notes);
    const shown = renderThreadPicker(this.ui.thread, model.threads);
    if (shown) this.state.thread = shown;
    else delete this.state.thread;
  }

  private pickThread(id: string): void {
    if (!this.model?.threads?.some((t) => t.id === id && !t.shown)) return;
    this.state.focus = 0;
    delete this.state.focusSmall;
    this.save();
    this.notify('Reading the thread…');
    this.host.post({ type: 'pickThread', thread: id });
  }

  private applyDetails(details: FlameDetails): void {
    this.details = details;
    const handlers = { focusFunction: (id: number) => this.focusFunction(id), openSource: (frame: number) => this.host.post({ type: 'openSource', frame }) };
    renderInsights(this.ui.insights, details.insights, details.eventLoopBlocks, handlers);
    this.renderFunctions();
    if (this.model?.hasBaseline) renderChanges(this.ui.changes, details.changes, this.model.baselineTitle ?? 'baseline');
    this.flags.details = 'ready';
  }

  private renderFunctions(): void {
    if (!this.model || !this.details) return;
    const sort: SortState = this.state.sort ?? { column: 'self', descending: true };
    renderFunctions(
      this.ui.functions,
      this.model,
      this.details.functions,
      sort,
      (s) => {
        this.state.sort = s;
        this.save();
        this.renderFunctions();
      },
      { focusFunction: (id) => this.focusFunction(id), openSource: (frame) => this.host.post({ type: 'openSource', frame }) },
    );
  }

  private setOptions(): void {
    if (!this.model) return;
    const options: FlameOptions = {
      weight: Number(this.ui.weight.value || this.model.options.weight) || 0,
      myCodeOnly: this.ui.myCode.checked,
      inverted: this.ui.inverted.checked,
      diff: this.ui.diff.checked,
    };
    this.state.focus = 0;
    delete this.state.focusSmall;
    this.save();
    this.host.post({ type: 'setOptions', options });
  }

  private zoom(n: FlameViewNode): void {
    if (this.provisional) {
      this.notify('Still reading the whole profile: zoom in a moment.');
      return;
    }
    if (n.kind === 'm' && n.merged) this.focus(n.merged.parent, { parent: n.merged.parent, cutoff: n.merged.cutoff });
    else if (n.id >= 0) this.focus(n.id, undefined, n);
  }

  private viewKey(focus: number, small: { parent: number; cutoff: number } | undefined, width: number): string {
    return `${focus}|${small ? `${small.parent}|${small.cutoff}` : ''}|${width}`;
  }

  private remember(view: DrawnView): void {
    // A handful: each holds at most one screen of nodes.
    const key = this.viewKey(view.focus, view.focusSmall, this.width());
    this.views.delete(key);
    this.views.set(key, view);
    if (this.views.size > 8) this.views.delete(this.views.keys().next().value!);
  }

  /**
   * `from` is the drawn frame that was clicked: its part of the current view is drawn at once,
   * rescaled, while the host prunes the view at the new scale (finer detail follows in one round
   * trip). A view the host already sent is drawn from memory without asking again.
   */
  private focus(node: number, small?: { parent: number; cutoff: number }, from?: FlameViewNode): void {
    this.state.focus = node;
    if (small) this.state.focusSmall = small;
    else delete this.state.focusSmall;
    this.save();
    const requestId = ++this.requestId;
    const width = this.width();
    const known = this.views.get(this.viewKey(node, small, width));
    if (known) {
      this.draw({ ...known, requestId });
      return;
    }
    // In the standalone page the host answers synchronously: nothing to bridge.
    const preview = from && !this.host.standalone ? this.localZoom(from) : null;
    if (preview) this.draw({ ...preview, requestId }, true);
    this.host.post({ type: 'focus', requestId, node, width, ...(small ? { small } : {}) });
  }

  /** The current view refocused on one of its frames: ancestors at full width, then its drawn subtree. */
  private localZoom(target: FlameViewNode): DrawnView | null {
    const view = this.view;
    // A full-width frame (the focus or one of its ancestors) has nothing new to show at once.
    if (!view || view.focusSmall || target.value >= view.root.value) return null;
    // Path from the root to the target, by identity (a view holds at most a screen of nodes).
    const path: FlameViewNode[] = [];
    const walk: [FlameViewNode, number][] = [[view.root, 0]];
    while (walk.length) {
      const [n, depth] = walk.pop()!;
      path.length = depth;
      path.push(n);
      if (n === target) break;
      if (n.children) for (const c of n.children) walk.push([c, depth + 1]);
    }
    if (path[path.length - 1] !== target) return null;
    let root: FlameViewNode = target;
    for (let i = path.length - 2; i >= 0; i--) root = { ...path[i]!, value: target.value, children: [root] };
    let drawn = 0;
    let merged = 0;
    const count: FlameViewNode[] = [root];
    while (count.length) {
      const n = count.pop()!;
      drawn++;
      if (n.merged) merged += n.merged.count;
      if (n.children) count.push(...n.children);
    }
    return { ...view, root, focus: target.id, drawn: drawn - 1, merged };
  }

  private refocus(): void {
    if (this.view) this.focus(this.view.focus, this.view.focusSmall);
  }

  private focusFunction(id: number): void {
    this.host.post({ type: 'focusFunction', requestId: ++this.requestId, functionId: id, width: this.width() });
    this.ui.graph.scrollIntoView?.({ block: 'nearest' });
  }

  search(pattern: string): void {
    this.timings.searchStart = performance.now();
    this.state.search = pattern;
    this.save();
    try {
      this.searchRe = pattern ? compileSearch(pattern) : null;
    } catch {
      this.searchRe = null;
    }
    // The host first: it sums the share while the webview recolors the drawn frames.
    this.host.post({ type: 'search', requestId: ++this.searchId, pattern });
    this.chart.setSearch(this.searchRe);
  }

  /** `preview`: a local zoom the host's view will replace. */
  private draw(view: DrawnView, preview = false): void {
    const t0 = performance.now();
    this.view = view;
    if (view.focus !== this.state.focus) {
      this.state.focus = view.focus;
      this.save();
    }
    const model = this.model;
    this.chart.render(view, {
      inverted: model?.options.inverted ?? false,
      colorBy: this.state.colorBy ?? 'heat',
      unit: model?.unit ?? 'samples',
      search: this.searchRe,
    });
    this.renderBreadcrumb(view);
    this.notify(
      view.merged
        ? `${view.drawn.toLocaleString('en-US')} frames drawn; ${view.merged.toLocaleString('en-US')} narrower than half a pixel are grouped as "small frames" (click one to expand).`
        : `${view.drawn.toLocaleString('en-US')} frames drawn.`,
    );
    this.timings.renderMs = performance.now() - t0;
    if (!this.timings.firstDrawn) {
      this.timings.firstDrawn = performance.now();
      // The second animation frame after the draw runs once the frame holding it was painted.
      requestAnimationFrame(() => requestAnimationFrame(() => (this.timings.firstPainted = performance.now())));
    }
    this.flags.rendered = preview ? `${view.requestId}~` : String(view.requestId);
  }

  private renderBreadcrumb(view: DrawnView): void {
    const bc = this.ui.breadcrumb;
    clear(bc);
    const anchor = view.focusSmall ? view.focusSmall.parent : view.focus;
    const chain: FlameViewNode[] = [];
    for (let n: FlameViewNode | undefined = view.root; n; n = n.id === anchor ? undefined : n.children?.[0]) chain.push(n);
    if (view.focus === 0 && !view.focusSmall) {
      bc.textContent = 'Whole profile. Click a frame to zoom in; right-click (or Shift+F10) to open its source.';
      return;
    }
    bc.append(el('span', { text: 'Zoomed: ' }));
    chain.slice(1).forEach((n, i) => {
      if (i) bc.append(el('span', { class: 'sep', text: ' › ' }));
      bc.append(el('button', { class: 'link', text: n.name, attrs: { type: 'button' }, on: { click: () => this.focus(n.id) } }));
    });
    if (view.focusSmall) bc.append(el('span', { class: 'sep', text: ' › small frames' }));
  }
}
