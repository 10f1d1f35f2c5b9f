// Cases from the precision study on real code (docs/lint-study/js-*.md) and the recall cases of issue
// 18, as small excerpts rewritten in the test's own words (the study names the files and lines).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { confidences, expectFires, expectSilent } from './helpers';

const js = 'javascript' as const;
const tsx = 'tsx' as const;

describe('js/array-lookup-in-loop on real code (react-admin)', () => {
  const id = 'js/array-lookup-in-loop';
  it('is a hint in Storybook stories and tests, and over an object’s own keys', async () => {
    const story =
      "export default { title: 'Inputs' };\nexport const Basic = () => ({ getMany: (r, { ids }) => [{ id: 'M' }].filter(({ id }) => ids.includes(id)) });\n";
    assert.deepEqual(await confidences(id, tsx, story), [['ids.includes(id)', 'low', 'hint']]);
    const spec =
      "import { render } from '@testing-library/react';\nit('selects', () => {\n  rows.forEach((r) => expect(selected.includes(r.id)).toBe(true));\n});\n";
    assert.deepEqual(await confidences(id, tsx, spec), [['selected.includes(r.id)', 'low', 'hint']]);
    const keys = 'const injected = ["a", "b"];\nexport const clean = (props) => Object.keys(props).filter((k) => !injected.includes(k));\n';
    assert.deepEqual(await confidences(id, js, keys), [['injected.includes(k)', 'low', 'hint']]);
  });
  it('is a hint when the array searched is a form’s or table’s schema (SelectColumnsButton, FieldsSelector, checkMinimumRequiredProps, useIntersectionObserver)', async () => {
    const hints = async (code: string, targets: string[]) =>
      assert.deepEqual(
        await confidences(id, tsx, code),
        targets.map((t) => [t, 'low', 'hint']),
      );
    await hints('export const shown = (all: Col[], omit: string[]) => all.filter((c) => !omit?.includes(c.source));\n', ['omit?.includes(c.source)']);
    await hints('export function visible(defs, columns) {\n  return defs.filter((d) => columns.includes(d.index)).map((d) => d.index);\n}\n', [
      'columns.includes(d.index)',
    ]);
    await hints('export const missing = (given, propNames) => given.filter((p) => !propNames.includes(p));\n', ['propNames.includes(p)']);
    await hints('export function ranked(columnRanks, cells) {\n  for (const cell of cells) order.push(columnRanks.indexOf(cell));\n}\n', [
      'columnRanks.indexOf(cell)',
    ]);
    await hints('export const onHit = (entries, thresholds) => entries.map((e) => thresholds.some((t) => e.ratio >= t));\n', [
      'thresholds.some((t) => e.ratio >= t)',
    ]);
  });
  it('stays sure where the array holds data (react-grid-layout: layout.indexOf in the compaction, initialLayout.find per child)', async () => {
    const code =
      'export function compact(layout, sorted, initialLayout, keys) {\n  for (const item of sorted) moved[layout.indexOf(item)] = item;\n  return keys.map((k) => initialLayout.find((l) => l.i === k));\n}\n';
    assert.deepEqual(await confidences(id, js, code), [
      ['layout.indexOf(item)', 'high', 'warning'],
      ['initialLayout.find((l) => l.i === k)', 'high', 'warning'],
    ]);
  });
  it('stays sure on records matched against a selection of ids (Datagrid, useUpdateMany)', async () => {
    const code = 'export function allSelected(data, selectedIds) {\n  return data.every((item) => selectedIds.includes(item.id));\n}\n';
    assert.deepEqual(await confidences(id, js, code), [['selectedIds.includes(item.id)', 'high', 'warning']]);
  });
});

describe('js/dom-mutation-in-loop on real code (react-dom)', () => {
  it('is silent when the parent was created earlier in the function and is not in the document yet', async () => {
    await expectSilent(
      'js/dom-mutation-in-loop',
      js,
      'function build(doc, fiber) {\n  let el = doc.createElement("div");\n  for (let c = fiber.child; c; c = c.sibling) el.appendChild(c.node);\n  return el;\n}\n',
    );
    await expectFires('js/dom-mutation-in-loop', js, 'function fill(list, xs) {\n  for (const x of xs) list.appendChild(x);\n}\n', ['list.appendChild(x)']);
    // Created here, but attached before the loop: every insertion is live again.
    await expectFires(
      'js/dom-mutation-in-loop',
      js,
      'function show(doc, xs) {\n  const ul = doc.createElement("ul");\n  doc.body.appendChild(ul);\n  for (const x of xs) ul.appendChild(x);\n}\n',
      ['ul.appendChild(x)'],
    );
  });
});

describe('js/unbounded-cache on real code', () => {
  const id = 'js/unbounded-cache';
  it('is a hint for a module cache keyed by a vocabulary (react-dom tag and style names)', async () => {
    const code =
      'var tagCache = {};\nfunction endTag(tag) {\n  var t = tagCache[tag];\n  if (t === undefined) tagCache[tag] = t = "</" + tag + ">";\n  return t;\n}\n';
    assert.deepEqual(await confidences(id, js, code), [['var tagCache = {};', 'low', 'hint']]);
  });
  it('is sure when a request handler fills it (keys come from requests)', async () => {
    const code =
      'const cache = new Map();\napp.get("/user/:id", (req, res) => {\n  if (!cache.has(req.params.id)) cache.set(req.params.id, load(req.params.id));\n  res.json(cache.get(req.params.id));\n});\n';
    assert.deepEqual(await confidences(id, js, code), [['const cache = new Map();', 'high', 'info']]);
  });
});

describe('js/sync-json-parse-large recall: request bodies through a little data flow', () => {
  const id = 'js/sync-json-parse-large';
  it('fires on a body read from the handler’s request, event or context', async () => {
    await expectFires(id, js, 'export async function handler(event) {\n  return JSON.parse(event.body).id;\n}\n', ['JSON.parse(event.body)']);
    await expectFires(id, js, 'export async function POST(request) {\n  const text = await request.text();\n  return JSON.parse(text);\n}\n', [
      'JSON.parse(text)',
    ]);
    await expectFires(id, js, 'async function create(ctx) {\n  const raw = ctx.request.rawBody;\n  const s = raw;\n  ctx.body = JSON.parse(s);\n}\n', [
      'JSON.parse(s)',
    ]);
    await expectFires(
      id,
      js,
      "function readJson(req, done) {\n  let body = '';\n  req.on('data', (c) => {\n    body += c;\n  });\n  req.on('end', () => done(JSON.parse(body)));\n}\n",
      ['JSON.parse(body)'],
    );
  });
  it('is silent on storage, WebSocket frames, fetch responses and locals named like a request', async () => {
    await expectSilent(id, js, "function prefs(storage) {\n  return JSON.parse(storage.getItem('p') || '{}');\n}\n");
    await expectSilent(id, js, 'function onMessage(event, s) {\n  s.last = JSON.parse(event.data);\n}\n');
    await expectSilent(
      id,
      js,
      'async function get(u) {\n  const response = await fetch(u);\n  const text = await response.text();\n  return JSON.parse(text);\n}\n',
    );
    await expectSilent(id, js, 'function copy(v) {\n  const req = { body: JSON.stringify(v) };\n  return JSON.parse(req.body);\n}\n');
  });
});
