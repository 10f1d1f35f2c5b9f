/**
 * The flame graph itself: d3-flame-graph drawing one pruned view at a time. Zoom is a request to
 * the host for a new view (so hidden detail comes back at the new scale), not d3-flame-graph's
 * local zoom. Tooltips, the context menu and keyboard navigation are ours and write text only.
 */
import { select, selection } from 'd3-selection';
import flamegraph from 'd3-flame-graph';
import type { FlameView, FlameViewNode } from '../src/core/webviewProtocol';
import { diffColor, heatColor, HIGHLIGHT, moduleColor, moduleOf, type ColorBy } from './colors';
import { clear, el, formatValue, percent, shortLocation } from './dom';

interface HNode {
  data: FlameViewNode;
  value: number;
  depth: number;
  parent: HNode | null;
  children?: HNode[];
  highlight?: boolean;
}

/** A view as drawn: the flat message rebuilt into a tree. */
export interface DrawnView extends Omit<FlameView, 'nodes' | 'parents'> {
  root: FlameViewNode;
}

export interface ChartHandlers {
  zoom(node: FlameViewNode): void;
  openSource(node: FlameViewNode): void;
  reset(): void;
}

export interface ChartOptions {
  inverted: boolean;
  colorBy: ColorBy;
  unit: string;
  search: RegExp | null;
}

type FlameChartApi = ReturnType<typeof flamegraph>;

/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * d3-flame-graph's update() sets positions, widths and labels through d3 transitions even with
 * transitionDuration(0): thousands of scheduled tweens per redraw (~100 ms on a big view). For our
 * redraws this stand-in applies the same attributes at once; it covers the transition methods
 * d3-flame-graph 5.0.0 calls (duration, ease, delay, attr, style, text).
 */
function instantTransition(this: any): unknown {
  return immediately(this);
}

function immediately(sel: any): unknown {
  const t: any = {
    duration: () => t,
    ease: () => t,
    delay: () => t,
    attr: (name: string, value: unknown) => (sel.attr(name, value), t),
    style: (name: string, value: unknown, priority?: string) => (sel.style(name, value, priority), t),
    text: (value: unknown) => (sel.text(value), t),
  };
  return t;
}

/**
 * d3-flame-graph gives every frame a foreignObject label and hides only the div inside it on
 * narrow frames; the empty foreignObjects still cost layout and paint (most of a big view's draw).
 * Frames too narrow for a label (its own 35 px rule) get theirs taken out of rendering.
 */
function hideEmptyLabels(container: HTMLElement): void {
  for (const fo of container.querySelectorAll<SVGForeignObjectElement>('g.frame > foreignObject')) {
    const hide = Number(fo.getAttribute('width')) < 35;
    if (hide !== (fo.style.display === 'none')) fo.style.display = hide ? 'none' : '';
  }
}

function withoutTransitions(run: () => void): void {
  const proto = selection.prototype as any;
  const saved = proto.transition;
  proto.transition = instantTransition;
  try {
    run();
  } finally {
    proto.transition = saved;
  }
}
/* eslint-enable @typescript-eslint/no-explicit-any */

export class FlameChart {
  private chart: FlameChartApi | null = null;
  private chartInverted = false;
  private view: DrawnView | null = null;
  private opts: ChartOptions = { inverted: false, colorBy: 'heat', unit: 'samples', search: null };
  private maxSelf = 1;
  private selected: HNode | null = null;
  private readonly tooltip: HTMLElement;
  private readonly menu: HTMLElement;
  private readonly live: HTMLElement;

  constructor(
    private readonly container: HTMLElement,
    private readonly handlers: ChartHandlers,
  ) {
    this.tooltip = el('div', { class: 'tooltip', attrs: { role: 'tooltip', id: 'frame-tooltip' } });
    this.menu = el('div', { class: 'context-menu', attrs: { role: 'menu', hidden: '' } });
    this.live = el('div', { class: 'sr-only', attrs: { 'aria-live': 'polite' } });
    document.body.append(this.tooltip, this.menu, this.live);
    container.tabIndex = 0;
    container.setAttribute('role', 'application');
    container.setAttribute('aria-label', 'Flame graph. Arrow keys move between frames, Enter zooms, Escape resets, Shift+F10 opens the frame menu.');
    // Capture phase: our click handling replaces d3-flame-graph's local zoom.
    container.addEventListener('click', (e) => this.onClick(e), true);
    container.addEventListener('contextmenu', (e) => this.onContextMenu(e));
    container.addEventListener('mousemove', (e) => this.onHover(e));
    container.addEventListener('mouseleave', () => this.hideTooltip());
    container.addEventListener('keydown', (e) => this.onKey(e));
    document.addEventListener('click', (e) => {
      if (!this.menu.contains(e.target as Node)) this.hideMenu();
    });
  }

  render(view: DrawnView, opts: ChartOptions): void {
    this.view = view;
    this.opts = opts;
    this.maxSelf = 1;
    const stack = [view.root];
    while (stack.length) {
      const n = stack.pop()!;
      if (n.kind !== 'm' && n.self > this.maxSelf) this.maxSelf = n.self;
      if (n.children) for (const c of n.children) stack.push(c);
    }
    this.selected = null;
    // Search highlighting is part of the color mapper, so one update draws the whole frame.
    withoutTransitions(() => {
      if (this.chart && this.chartInverted === opts.inverted) {
        // Same orientation: let d3 reuse the existing frame elements.
        this.container.querySelectorAll('g.selected').forEach((g) => g.classList.remove('selected'));
        this.chart.width(Math.max(100, this.container.clientWidth));
        this.chart.update(view.root);
      } else {
        this.chart?.destroy();
        clear(this.container);
        this.chart = this.createChart(opts.inverted);
        this.chartInverted = opts.inverted;
        select(this.container).datum(view.root).call(this.chart);
      }
    });
    hideEmptyLabels(this.container);
    // A flame graph grows upwards: show its base (the root) first; an icicle starts at the top.
    this.container.scrollTop = opts.inverted ? 0 : this.container.scrollHeight;
  }

  private createChart(inverted: boolean): FlameChartApi {
    // A do-nothing tooltip: ours is richer, and without it d3-flame-graph adds an SVG <title> per frame.
    const silentTip = Object.assign(() => {}, { show: () => silentTip, hide: () => silentTip });
    return flamegraph()
      .width(Math.max(100, this.container.clientWidth))
      .cellHeight(18)
      .transitionDuration(0)
      .inverted(inverted)
      .minFrameSize(0)
      .resetHeightOnZoom(true)
      .sort(false)
      .tooltip(silentTip)
      .setSearchMatch((d: HNode) => this.matches(d.data))
      .setSearchHandler(() => {})
      .setColorMapper((d: HNode) => this.color(d));
  }

  /**
   * Re-applies search highlighting without a new view: only the fills change, so only the fills
   * are set (d3-flame-graph's search() would redo the whole layout and every label).
   */
  setSearch(re: RegExp | null): void {
    this.opts = { ...this.opts, search: re };
    if (!this.chart) return;
    select(this.container)
      .selectAll<SVGRectElement, HNode>('g.frame rect')
      .attr('fill', (d) => this.color(d));
  }

  private matches(n: FlameViewNode): boolean {
    const re = this.opts.search;
    if (!re || n.kind === 'm') return false;
    re.lastIndex = 0;
    return re.test(n.name) || (!!n.file && re.test(n.file));
  }

  private color(d: HNode): string {
    const n = d.data;
    if (this.matches(n)) return HIGHLIGHT;
    if (this.view?.diff) return diffColor(n);
    if (n.kind === 'm') return 'rgb(200,200,200)';
    if (this.opts.colorBy === 'module') return moduleColor(n);
    // Bottom-up trees keep their time at the roots: heat there is the share of the drawn width.
    if (this.opts.inverted) return heatColor(Math.sqrt(n.value / Math.max(1, this.view?.root.value ?? 1)));
    return heatColor(Math.sqrt(n.self / this.maxSelf));
  }

  describe(n: FlameViewNode): string[] {
    const total = this.view?.total ?? 1;
    const unit = this.opts.unit;
    const lines = [n.name];
    if (n.kind === 'm') {
      lines.push(`${n.merged?.count ?? 0} frames too narrow to draw, ${formatValue(n.value, unit)} (${percent(n.value / total)}). Click to expand.`);
      return lines;
    }
    if (n.file) lines.push(`${n.file}${n.line ? `:${n.line}` : ''}`);
    lines.push(`self ${formatValue(n.self, unit)} (${percent(n.self / total)}) · total ${formatValue(n.value, unit)} (${percent(n.value / total)})`);
    if (this.view?.diff && n.delta !== undefined)
      lines.push(
        `change vs baseline: ${n.delta >= 0 ? '+' : '−'}${formatValue(Math.abs(n.delta), unit)} (${n.delta >= 0 ? '+' : '−'}${percent(Math.abs(n.delta) / total)})`,
      );
    if (this.opts.colorBy === 'module') lines.push(`module: ${moduleOf(n)}`);
    return lines;
  }

  private frameAt(target: EventTarget | null): HNode | null {
    const g = (target as Element | null)?.closest?.('g.frame');
    if (!g) return null;
    return (select(g).datum() as HNode | undefined) ?? null;
  }

  private onClick(e: MouseEvent): void {
    const d = this.frameAt(e.target);
    if (!d) return;
    e.stopPropagation();
    this.hideTooltip();
    this.handlers.zoom(d.data);
  }

  private onHover(e: MouseEvent): void {
    const d = this.frameAt(e.target);
    if (!d) return this.hideTooltip();
    this.showTooltip(d.data, e.clientX, e.clientY);
  }

  private showTooltip(n: FlameViewNode, x: number, y: number): void {
    clear(this.tooltip);
    this.describe(n).forEach((line, i) => this.tooltip.append(el('div', { class: i === 0 ? 'tip-name' : 'tip-line', text: line })));
    this.tooltip.style.display = 'block';
    const r = this.tooltip.getBoundingClientRect();
    const left = x + 12 + r.width > window.innerWidth ? Math.max(4, x - r.width - 12) : x + 12;
    const top = y + 12 + r.height > window.innerHeight ? Math.max(4, y - r.height - 12) : y + 12;
    this.tooltip.style.left = `${left + window.scrollX}px`;
    this.tooltip.style.top = `${top + window.scrollY}px`;
  }

  private hideTooltip(): void {
    this.tooltip.style.display = 'none';
  }

  private onContextMenu(e: MouseEvent): void {
    const d = this.frameAt(e.target);
    if (!d) return;
    e.preventDefault();
    this.openMenu(d, e.clientX, e.clientY);
  }

  private openMenu(d: HNode, x: number, y: number): void {
    this.hideTooltip();
    clear(this.menu);
    const item = (text: string, enabled: boolean, run: () => void) => {
      const b = el('button', { class: 'menu-item', text, attrs: { role: 'menuitem', type: 'button' } });
      b.disabled = !enabled;
      b.addEventListener('click', () => {
        this.hideMenu();
        run();
      });
      this.menu.append(b);
      return b;
    };
    const n = d.data;
    const first = item(`Open source${n.file ? ` (${shortLocation(n.file, n.line)})` : ''}`, n.frame >= 0 && !!n.file, () => this.handlers.openSource(n));
    item('Zoom to this frame', true, () => this.handlers.zoom(n));
    item('Reset zoom', true, () => this.handlers.reset());
    this.menu.removeAttribute('hidden');
    this.menu.style.left = `${x + window.scrollX}px`;
    this.menu.style.top = `${y + window.scrollY}px`;
    this.menu.addEventListener(
      'keydown',
      (e) => {
        if (e.key === 'Escape') {
          this.hideMenu();
          this.container.focus();
        }
      },
      { once: true },
    );
    (first.disabled ? (this.menu.children[1] as HTMLElement) : first).focus();
  }

  private hideMenu(): void {
    this.menu.setAttribute('hidden', '');
  }

  private onKey(e: KeyboardEvent): void {
    if (!this.chart || !this.view) return;
    const root = select(this.container).datum() as HNode;
    let next: HNode | null = this.selected;
    const up = this.opts.inverted ? 'ArrowDown' : 'ArrowUp';
    const down = this.opts.inverted ? 'ArrowUp' : 'ArrowDown';
    const siblings = () => this.selected?.parent?.children ?? [root];
    switch (e.key) {
      case up:
        next = this.selected ? (this.selected.children?.[0] ?? this.selected) : root;
        break;
      case down:
        next = this.selected?.parent ?? root;
        break;
      case 'ArrowLeft':
      case 'ArrowRight': {
        const s = siblings();
        const i = this.selected ? s.indexOf(this.selected) : 0;
        next = s[Math.max(0, Math.min(s.length - 1, i + (e.key === 'ArrowLeft' ? -1 : 1)))] ?? root;
        break;
      }
      case 'Enter':
      case ' ':
        if (this.selected) this.handlers.zoom(this.selected.data);
        e.preventDefault();
        return;
      case 'Escape':
        this.handlers.reset();
        return;
      case 'ContextMenu':
      case 'F10':
        if (e.key === 'F10' && !e.shiftKey) return;
        if (this.selected) {
          const r = this.gOf(this.selected)?.getBoundingClientRect();
          this.openMenu(this.selected, r ? r.left + 10 : 20, r ? r.bottom : 20);
        }
        e.preventDefault();
        return;
      default:
        return;
    }
    e.preventDefault();
    if (next) this.select(next);
  }

  private gOf(d: HNode): SVGGElement | null {
    for (const g of this.container.querySelectorAll<SVGGElement>('g.frame')) if (select(g).datum() === d) return g;
    return null;
  }

  private select(d: HNode): void {
    if (this.selected) this.gOf(this.selected)?.classList.remove('selected');
    this.selected = d;
    const g = this.gOf(d);
    g?.classList.add('selected');
    this.live.textContent = this.describe(d.data).join('. ');
    if (g) {
      const r = g.getBoundingClientRect();
      this.showTooltip(d.data, r.left + Math.min(r.width / 2, 200), r.top);
      g.scrollIntoView?.({ block: 'nearest' });
    }
  }
}
