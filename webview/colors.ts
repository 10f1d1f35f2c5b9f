/** Frame colors: heat (how much of a frame is its own time), module (one hue per package), differential. */
import type { FlameViewNode } from '../src/core/webviewProtocol';

export type ColorBy = 'heat' | 'module';

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** Package or folder a frame belongs to: node_modules/x, site-packages/x, Go module path, else the folder. */
export function moduleOf(node: FlameViewNode): string {
  if (node.kind === 'r') return '(runtime)';
  if (node.kind === 'n') return '(native)';
  if (node.kind === 'm') return '(merged)';
  const file = node.file;
  if (!file) return node.name.split(/[.:]/)[0] ?? '(unknown)';
  const pkg = /(?:node_modules|site-packages|dist-packages)[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)/.exec(file) ?? /pkg[\\/]mod[\\/](.+?)@/.exec(file);
  if (pkg) return pkg[1]!;
  const parts = file.split(/[\\/]/);
  return parts.length > 1 ? parts[parts.length - 2]! : parts[0]!;
}

/** Pale yellow (cold) to red (hot) by t in [0, 1]. */
export function heatColor(t: number): string {
  const x = Math.max(0, Math.min(1, t));
  const r = 250;
  const g = Math.round(225 - 165 * x);
  const b = Math.round(120 - 90 * x);
  return `rgb(${r},${g},${b})`;
}

export function moduleColor(node: FlameViewNode): string {
  if (node.kind === 'm') return 'rgb(190,190,190)';
  const h = hash(moduleOf(node));
  const hue = h % 360;
  const light = node.kind === 'u' ? 68 : 78;
  return `hsl(${hue},${node.kind === 'u' ? 70 : 35}%,${light}%)`;
}

/** d3-flame-graph's differential rule: red where time grew, blue where it shrank, by relative change. */
export function diffColor(node: FlameViewNode): string {
  const delta = node.delta ?? 0;
  let value = node.value;
  const mag = Math.abs(delta);
  if (value <= mag) value = mag;
  if (value === 0) return 'rgb(220,220,220)';
  const v = mag / value;
  // The other two channels go from 235 (no change) down to 110, not 0: the labels are dark (#111) and
  // need a 4.5:1 contrast; on pure blue (0,0,255) a shrunk frame's name was barely readable.
  const c = Math.round(235 - 125 * v);
  if (delta > 0) return `rgb(255,${c},${c})`;
  if (delta < 0) return `rgb(${c},${c},255)`;
  return 'rgb(220,220,220)';
}

export const HIGHLIGHT = 'rgb(230,0,230)';
