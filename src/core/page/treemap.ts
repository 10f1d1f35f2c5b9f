/**
 * Squarified treemaps (Bruls, Huizing and van Wijk, "Squarified Treemaps", 2000): items laid out in a
 * rectangle, each with an area proportional to its weight, in rows along the shorter side, a row
 * growing while that makes its worst aspect ratio no worse. Pure; the tiles exactly cover the
 * rectangle (up to floating point) and never overlap. `bundleTreemap` lays a bundle's packages out
 * and then each package's source files inside its tile, so a file's area is its share of the bundle.
 */
import { packageOfPart, type BundleComposition } from './bundle';

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

export interface TreemapCell<T> {
  readonly item: T;
  readonly rect: Rect;
}

/** The worst aspect ratio of a row of `areas` (summing to `sum`) laid along a side of length `side`. */
function worstRatio(max: number, min: number, sum: number, side: number): number {
  const s2 = sum * sum;
  const side2 = side * side;
  return Math.max((side2 * max) / s2, s2 / (side2 * min));
}

/** Lays `items` out in `rect`, largest first; items of weight 0 (or less, or not finite) get no tile. */
export function squarify<T>(items: readonly T[], weight: (item: T) => number, rect: Rect): TreemapCell<T>[] {
  const weighted = items
    .map((item) => ({ item, w: weight(item) }))
    .filter((i) => Number.isFinite(i.w) && i.w > 0)
    .sort((a, b) => b.w - a.w);
  const total = weighted.reduce((s, i) => s + i.w, 0);
  if (total <= 0 || rect.w <= 0 || rect.h <= 0) return [];
  const scale = (rect.w * rect.h) / total;
  const areas = weighted.map((i) => i.w * scale);
  const out: TreemapCell<T>[] = [];
  let { x, y, w, h } = rect;
  let i = 0;
  while (i < areas.length) {
    const side = Math.min(w, h);
    let sum = areas[i]!;
    let j = i + 1;
    let worst = worstRatio(sum, sum, sum, side);
    while (j < areas.length) {
      const a = areas[j]!;
      const next = worstRatio(areas[i]!, a, sum + a, side);
      if (next > worst) break;
      worst = next;
      sum += a;
      j++;
    }
    // The last row takes what is left, so rounding never leaves a gap or runs past the edge.
    const last = j === areas.length;
    if (w >= h) {
      // A column on the left, as tall as the rectangle.
      const colW = last ? w : sum / h;
      let at = y;
      for (let k = i; k < j; k++) {
        const th = k === j - 1 ? y + h - at : (areas[k]! / sum) * h;
        out.push({ item: weighted[k]!.item, rect: { x, y: at, w: colW, h: th } });
        at += th;
      }
      x += colW;
      w -= colW;
    } else {
      // A row along the top, as wide as the rectangle.
      const rowH = last ? h : sum / w;
      let at = x;
      for (let k = i; k < j; k++) {
        const tw = k === j - 1 ? x + w - at : (areas[k]! / sum) * w;
        out.push({ item: weighted[k]!.item, rect: { x: at, y, w: tw, h: rowH } });
        at += tw;
      }
      y += rowH;
      h -= rowH;
    }
    i = j;
  }
  return out;
}

/** One tile of a bundle's treemap: a package, or a source file inside its package's tile. */
export interface BundleTile {
  readonly kind: 'package' | 'file';
  /** The package's name, or the source file as the map resolves it. */
  readonly name: string;
  /** The package it belongs to (its own name for a package tile). */
  readonly package: string;
  readonly bytes: number;
  /** Of the bundle's bytes. */
  readonly share: number;
  readonly rect: Rect;
}

/** The package tiles of `bundle` in `rect`, each followed by its files' tiles, which fill it. */
export function bundleTreemap(bundle: BundleComposition, rect: Rect): BundleTile[] {
  const share = (bytes: number) => (bundle.bytes > 0 ? bytes / bundle.bytes : 0);
  const filesOf = new Map<string, { name: string; bytes: number }[]>();
  for (const f of bundle.files) {
    const pkg = packageOfPart(f.name);
    filesOf.set(pkg, [...(filesOf.get(pkg) ?? []), f]);
  }
  const tiles: BundleTile[] = [];
  for (const cell of squarify(bundle.packages, (p) => p.bytes, rect)) {
    const pkg = cell.item;
    tiles.push({ kind: 'package', name: pkg.name, package: pkg.name, bytes: pkg.bytes, share: share(pkg.bytes), rect: cell.rect });
    for (const f of squarify(filesOf.get(pkg.name) ?? [], (p) => p.bytes, cell.rect)) {
      tiles.push({ kind: 'file', name: f.item.name, package: pkg.name, bytes: f.item.bytes, share: share(f.item.bytes), rect: f.rect });
    }
  }
  return tiles;
}
