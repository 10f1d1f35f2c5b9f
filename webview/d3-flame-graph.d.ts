// d3-flame-graph 5.0.0 ships no types: the part of its chart API the webview uses.
// Callbacks receive d3 hierarchy nodes whose shape the caller knows; `any` keeps them assignable.
/* eslint-disable @typescript-eslint/no-explicit-any */
declare module 'd3-flame-graph' {
  export interface FlameGraph {
    (selection: unknown): void;
    width(w: number): FlameGraph;
    cellHeight(h: number): FlameGraph;
    transitionDuration(ms: number): FlameGraph;
    inverted(b: boolean): FlameGraph;
    minFrameSize(px: number): FlameGraph;
    resetHeightOnZoom(b: boolean): FlameGraph;
    sort(b: boolean | ((a: unknown, b: unknown) => number)): FlameGraph;
    setSearchMatch(f: (d: any, term: string, ignoreCase?: boolean) => boolean): FlameGraph;
    setSearchHandler(f: (results: unknown[], sum: number, total: number) => void): FlameGraph;
    setColorMapper(f: (d: any, original: string) => string): FlameGraph;
    setLabelHandler(f: (d: any) => string): FlameGraph;
    tooltip(t: unknown): FlameGraph;
    search(term: string): void;
    clear(): void;
    update(data?: unknown): void;
    destroy(): void;
  }
  export default function flamegraph(): FlameGraph;
}
