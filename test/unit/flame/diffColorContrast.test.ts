// Frame labels are dark (#111, webview/flame.css): every differential color must keep them readable.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { diffColor } from '../../../webview/colors';
import type { FlameViewNode } from '../../../src/core/webviewProtocol';

function luminance(rgb: string): number {
  const m = /^rgb\((\d+),(\d+),(\d+)\)$/.exec(rgb);
  assert.ok(m, `not an rgb() color: ${rgb}`);
  const [r, g, b] = m.slice(1).map((x) => {
    const c = Number(x) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

const LABEL = luminance('rgb(17,17,17)');
const node = (value: number, delta: number): FlameViewNode => ({ id: 1, name: 'f', value, self: 0, frame: 0, kind: 'u', delta });

test('dark labels stay readable (4.5:1) on every differential color, from no change to all-new or all-gone', () => {
  for (const delta of [-100, -90, -50, -10, 0, 10, 50, 90, 100]) {
    const color = diffColor(node(100, delta));
    const ratio = (luminance(color) + 0.05) / (LABEL + 0.05);
    assert.ok(ratio >= 4.5, `delta ${delta}: ${color} gives ${ratio.toFixed(2)}:1`);
  }
});

test('growth is red, shrinkage blue, and a bigger change is more saturated', () => {
  assert.match(diffColor(node(100, 50)), /^rgb\(255,/);
  assert.match(diffColor(node(100, -50)), /,255\)$/);
  assert.ok(luminance(diffColor(node(100, 90))) < luminance(diffColor(node(100, 10))));
  assert.ok(luminance(diffColor(node(100, -90))) < luminance(diffColor(node(100, -10))));
});
