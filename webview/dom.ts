/**
 * The only way the webview creates DOM: text goes in through text nodes and textContent, never
 * innerHTML, because every name in a profile is untrusted.
 */
import type { EmbeddedData, EmbeddedDataId } from '../src/core/webviewProtocol';

type Child = Node | string | null | undefined | false;

export interface ElProps {
  class?: string;
  text?: string;
  title?: string;
  attrs?: Record<string, string>;
  on?: Record<string, (e: Event) => void>;
}

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props?: ElProps, ...children: Child[]): HTMLElementTagNameMap[K];
export function el(tag: string, props?: ElProps, ...children: Child[]): HTMLElement;
export function el(tag: string, props: ElProps = {}, ...children: Child[]): HTMLElement {
  const e = document.createElement(tag);
  if (props.class) e.className = props.class;
  if (props.text !== undefined) e.textContent = props.text;
  if (props.title !== undefined) e.title = props.title;
  for (const [k, v] of Object.entries(props.attrs ?? {})) e.setAttribute(k, v);
  for (const [k, f] of Object.entries(props.on ?? {})) e.addEventListener(k, f);
  for (const c of children) if (c) e.append(typeof c === 'string' ? document.createTextNode(c) : c);
  return e;
}

export function clear(e: Element): void {
  while (e.firstChild) e.firstChild.remove();
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const e = document.getElementById(id);
  if (!e) throw new Error(`webview markup lacks #${id}`);
  return e as T;
}

/** A JSON block the page embedded (webviewPage.ts), or undefined when the page has none; throws on bad JSON. */
export function embeddedData<K extends EmbeddedDataId>(id: K): EmbeddedData[K] | undefined {
  const text = document.getElementById(id)?.textContent;
  return text ? (JSON.parse(text) as EmbeddedData[K]) : undefined;
}

/** "file.py:12" from a recorded path, for compact cells; the full path goes in a title. */
export function shortLocation(file?: string, line?: number): string {
  if (!file) return '';
  const base = file.split(/[\\/]/).pop() ?? file;
  return line ? `${base}:${line}` : base;
}

const UNIT_FORMAT: Record<string, (v: number) => string> = {
  samples: (v) => `${Math.round(v).toLocaleString('en-US')} samples`,
  count: (v) => Math.round(v).toLocaleString('en-US'),
  objects: (v) => `${Math.round(v).toLocaleString('en-US')} objects`,
  instructions: (v) => `${Math.round(v).toLocaleString('en-US')} Ir`,
  nanoseconds: (v) =>
    v >= 1e9 ? `${(v / 1e9).toFixed(2)} s` : v >= 1e6 ? `${(v / 1e6).toFixed(1)} ms` : v >= 1e3 ? `${(v / 1e3).toFixed(1)} µs` : `${Math.round(v)} ns`,
  bytes: (v) =>
    v >= 2 ** 30
      ? `${(v / 2 ** 30).toFixed(2)} GiB`
      : v >= 2 ** 20
        ? `${(v / 2 ** 20).toFixed(1)} MiB`
        : v >= 1024
          ? `${(v / 1024).toFixed(1)} KiB`
          : `${Math.round(v)} B`,
};

export function formatValue(v: number, unit: string): string {
  return (UNIT_FORMAT[unit] ?? UNIT_FORMAT.count!)(v);
}

export function percent(x: number): string {
  if (!Number.isFinite(x)) return '–';
  const p = x * 100;
  return `${Math.abs(p) < 10 ? p.toFixed(1) : p.toFixed(0)}%`;
}
