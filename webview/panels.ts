/** The lists beside the graph: insights, top functions (sortable), event-loop blocks, biggest changes; the profile's notes and thread picker. */
import type { FlameModel, FlameThreadChoice } from '../src/core/webviewProtocol';
import type { ChangeRow } from '../src/core/flame/diff';
import type { EventLoopBlock } from '../src/core/flame/eventLoop';
import type { TopFunctionRow } from '../src/core/flame/functions';
import type { Insight } from '../src/core/flame/insights';
import { clear, el, formatValue, percent, shortLocation } from './dom';

export type SortColumn = 'name' | 'self' | 'total' | 'calls';
export interface SortState {
  column: SortColumn;
  descending: boolean;
}

export interface PanelHandlers {
  focusFunction(id: number): void;
  openSource(frame: number): void;
}

/** A time into the recording: milliseconds under a second, else seconds. */
const when = (ms: number) => (ms < 1000 ? `${ms.toFixed(0)} ms` : `${(ms / 1000).toFixed(2)} s`);

export function renderInsights(host: HTMLElement, insights: Insight[], blocks: EventLoopBlock[], h: PanelHandlers): void {
  clear(host);
  if (!insights.length && !blocks.length) {
    host.append(el('p', { class: 'muted', text: 'Nothing stands out: no plateau, tower or fan-out above the thresholds.' }));
    return;
  }
  const list = el('ul', { class: 'insights' });
  for (const i of insights) {
    const item = el(
      'li',
      { class: `insight ${i.severity}`, attrs: { 'data-kind': i.kind } },
      el('span', { class: 'insight-icon', text: i.severity === 'warning' ? '⚠' : '▲', attrs: { 'aria-hidden': 'true' } }),
      el('div', { class: 'insight-body' }, el('div', { class: 'insight-title', text: i.title }), el('div', { class: 'insight-advice', text: i.advice })),
    );
    if (i.functionId !== undefined) {
      const id = i.functionId;
      item.append(
        el('vscode-button', { text: 'Show', attrs: { secondary: '', title: 'Zoom the graph to this function' }, on: { click: () => h.focusFunction(id) } }),
      );
    }
    list.append(item);
  }
  for (const b of blocks) {
    const held = b.frames.map((f) => `${f.name}${f.file ? ` (${shortLocation(f.file, f.line)})` : ''} ${percent(f.share)}`).join(', ');
    const item = el(
      'li',
      { class: 'insight warning', attrs: { 'data-kind': 'event-loop' } },
      el('span', { class: 'insight-icon', text: '⚠', attrs: { 'aria-hidden': 'true' } }),
      el(
        'div',
        { class: 'insight-body' },
        el('div', {
          class: 'insight-title',
          text:
            b.source === 'trace'
              ? `Long task of ${b.durationMs.toFixed(0)} ms at ${when(b.startMs)}, as the trace records it (${b.samples} samples)`
              : `Event loop blocked for ${b.durationMs.toFixed(0)} ms at ${when(b.startMs)} (${b.samples} samples)`,
        }),
        el('div', {
          class: 'insight-advice',
          text:
            b.source === 'trace'
              ? `${held ? `Held by: ${held}. ` : 'No CPU sample fell inside it (work outside JavaScript: layout, style, parsing). '}The page could not answer input meanwhile: split the work (scheduler.yield(), setTimeout chunks) or move it to a Web Worker.`
              : `Held by: ${held}. Nothing else ran meanwhile: move this work off the loop (worker thread, streaming, smaller chunks with setImmediate).`,
        }),
      ),
    );
    const top = b.frames[0];
    if (top) item.append(el('vscode-button', { text: 'Open', attrs: { secondary: '' }, on: { click: () => h.openSource(top.frame) } }));
    list.append(item);
  }
  host.append(list);
}

export function renderFunctions(
  host: HTMLElement,
  model: FlameModel,
  functions: TopFunctionRow[],
  sort: SortState,
  onSort: (s: SortState) => void,
  h: PanelHandlers,
): void {
  clear(host);
  const rows = [...functions];
  const hasCalls = rows.some((r) => r.calls !== undefined);
  const key = (r: TopFunctionRow): number | string =>
    sort.column === 'name' ? r.name.toLowerCase() : sort.column === 'calls' ? (r.calls ?? -1) : r[sort.column];
  rows.sort((a, b) => {
    const x = key(a);
    const y = key(b);
    const c = x < y ? -1 : x > y ? 1 : 0;
    return sort.descending ? -c : c;
  });
  const columns: { id: SortColumn | 'where'; label: string; numeric: boolean }[] = [
    { id: 'name', label: 'Function', numeric: false },
    { id: 'where', label: 'Location', numeric: false },
    { id: 'self', label: 'Self', numeric: true },
    { id: 'total', label: 'Total', numeric: true },
    ...(hasCalls ? [{ id: 'calls' as const, label: 'Calls', numeric: true }] : []),
  ];
  const head = el('tr');
  for (const c of columns) {
    const th = el('th', { class: c.numeric ? 'num' : '', attrs: { scope: 'col' } });
    if (c.id === 'where') th.textContent = c.label;
    else {
      const id = c.id;
      const active = sort.column === id;
      th.setAttribute('aria-sort', active ? (sort.descending ? 'descending' : 'ascending') : 'none');
      th.append(
        el('button', {
          class: 'sort',
          text: `${c.label}${active ? (sort.descending ? ' ▼' : ' ▲') : ''}`,
          attrs: { type: 'button' },
          on: { click: () => onSort({ column: id, descending: active ? !sort.descending : id !== 'name' }) },
        }),
      );
    }
    head.append(th);
  }
  const body = el('tbody');
  const total = model.total || 1;
  for (const r of rows) {
    const tr = el('tr', { attrs: { tabindex: '0', 'data-function': String(r.id), title: 'Click or Enter: zoom the graph to this function' } });
    tr.addEventListener('click', () => h.focusFunction(r.id));
    tr.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        h.focusFunction(r.id);
      }
    });
    const where = el('td', { class: 'where', title: r.file ?? '' });
    if (r.file) {
      where.append(
        el('button', {
          class: 'link',
          text: shortLocation(r.file, r.line),
          attrs: { type: 'button', title: `Open ${r.file}${r.line ? `:${r.line}` : ''}` },
          on: { click: (e) => (e.stopPropagation(), h.openSource(r.frame)) },
        }),
      );
    }
    tr.append(
      el('td', { class: `fn kind-${r.kind}`, text: r.name, title: r.name }),
      where,
      el('td', { class: 'num', text: `${formatValue(r.self, model.unit)} · ${percent(r.self / total)}` }),
      el('td', { class: 'num', text: `${formatValue(r.total, model.unit)} · ${percent(r.total / total)}` }),
    );
    if (hasCalls) tr.append(el('td', { class: 'num', text: r.calls === undefined ? '' : Math.round(r.calls).toLocaleString('en-US') }));
    body.append(tr);
  }
  host.append(el('table', { class: 'functions' }, el('thead', {}, head), body));
}

export function renderChanges(host: HTMLElement, changes: ChangeRow[], baselineTitle: string): void {
  clear(host);
  if (!changes.length) {
    host.append(el('p', { class: 'muted', text: 'No function changed its share of the total.' }));
    return;
  }
  const signed = (x: number) => `${x > 0 ? '+' : x < 0 ? '−' : ''}${percent(Math.abs(x))}`;
  const body = el('tbody');
  for (const c of changes) {
    body.append(
      el(
        'tr',
        {},
        el('td', { class: 'fn', text: c.name, title: c.file ?? '' }),
        el('td', { class: 'num', text: percent(c.baseSelf) }),
        el('td', { class: 'num', text: percent(c.newSelf) }),
        el('td', { class: `num ${c.deltaSelf > 0 ? 'worse' : c.deltaSelf < 0 ? 'better' : ''}`, text: signed(c.deltaSelf) }),
        el('td', { class: `num ${c.deltaTotal > 0 ? 'worse' : c.deltaTotal < 0 ? 'better' : ''}`, text: signed(c.deltaTotal) }),
      ),
    );
  }
  const head = el(
    'tr',
    {},
    ...['Function', `Self in ${baselineTitle}`, 'Self now', 'Δ self', 'Δ total'].map((t, i) =>
      el('th', { class: i ? 'num' : '', text: t, attrs: { scope: 'col' } }),
    ),
  );
  host.append(el('table', { class: 'functions changes' }, el('thead', {}, head), body));
}

/** The importer's notes on the profile, in a collapsible list; hidden when there are none. */
export function renderNotes(host: HTMLElement, notes: string[]): void {
  clear(host);
  host.append(el('summary', { text: notes.length === 1 ? 'Note' : `Notes (${notes.length})` }), el('ul', {}, ...notes.map((n) => el('li', { text: n }))));
  host.hidden = notes.length === 0;
}

/** The thread select's options, the shown thread selected; hidden without a list. Returns the shown thread's id. */
export function renderThreadPicker(select: HTMLElement, threads: FlameThreadChoice[] | undefined): string | undefined {
  clear(select);
  for (const t of threads ?? [])
    select.append(el('vscode-option', { text: `Thread: ${t.label}`, attrs: { value: t.id, ...(t.shown ? { selected: '' } : {}) } }));
  select.hidden = !threads;
  return threads?.find((t) => t.shown)?.id;
}
