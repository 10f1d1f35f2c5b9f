import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { confidences, expectFires, expectSilent } from './helpers';

const js = 'javascript' as const;
const ts = 'typescript' as const;
const tsx = 'tsx' as const;

describe('js/array-lookup-in-loop', () => {
  const id = 'js/array-lookup-in-loop';
  it('fires on find/includes/indexOf/some over an invariant array in loops and loop callbacks', async () => {
    await expectFires(id, js, 'const ids = [1, 2];\nfor (const o of orders) {\n  if (ids.includes(o.id)) n++;\n}\n', ['ids.includes(o.id)']);
    await expectFires(id, js, 'function f(users, orders) {\n  return orders.map((o) => users.find((u) => u.id === o.user));\n}\n', [
      'users.find((u) => u.id === o.user)',
    ]);
    await expectFires(id, ts, 'function f(ids: string[], xs: string[]) {\n  for (let i = 0; i < xs.length; i++) if (ids.indexOf(xs[i]) >= 0) n++;\n}\n', [
      'ids.indexOf(xs[i])',
    ]);
    await expectFires(id, js, 'while (q.length) { const x = q.pop(); if (seen.some((s) => s === x)) continue; }\n', ['seen.some((s) => s === x)']);
  });
  it('stays silent on strings, lookups outside loops, and per-iteration receivers', async () => {
    await expectSilent(id, js, 'const name = "abc";\nfor (const c of cs) { if (name.includes(c)) n++; }\n');
    await expectSilent(id, ts, 'function f(text: string, ws: string[]) { for (const w of ws) if (text.indexOf(w) >= 0) n++; }\n');
    await expectSilent(id, js, 'for (const p of paths) { if (p.includes("/")) n++; }\n');
    await expectSilent(id, js, 'for (const line of lines) { if (header.includes("x")) n++; }\n');
    await expectSilent(id, js, 'const ids = [1];\nif (ids.includes(x)) n++;\n');
    await expectSilent(id, js, 'for (const u of users) { if (u.roles.includes(role)) n++; }\n');
    await expectSilent(id, js, 'for (const x of xs) { const near = grid[x]; if (near.includes(x)) n++; }\n');
  });
  // Found by the labelled corpus (test/fixtures/lint/corpus/typescript, tagHits): the annotation wins over `.slice(`.
  it('takes the type annotation over the initialiser heuristic', async () => {
    const code =
      'function f(wanted: readonly string[], orders: O[]) {\n  const local: string[] = wanted.slice();\n  for (const o of orders) {\n    for (const t of o.tags) if (local.includes(t)) n++;\n  }\n}\n';
    await expectFires(id, ts, code, ['local.includes(t)']);
    await expectSilent(
      id,
      ts,
      'function f(raw: string, ws: string[]) {\n  const text: string = raw.slice(1);\n  for (const w of ws) if (text.includes(w)) n++;\n}\n',
    );
  });
  // Found by the labelled corpus (javascript, tagged): without types, a property read may be a string.
  it('stays silent on includes/indexOf over a property read of an unknown object', async () => {
    await expectSilent(id, js, 'function f(user, words) {\n  const label = user.label;\n  for (const w of words) if (label.includes(w)) n++;\n}\n');
    await expectSilent(id, js, 'function f(user, words) {\n  for (const w of words) if (user.label.indexOf(w) >= 0) n++;\n}\n');
    // find/some exist only on arrays: still reported.
    await expectFires(id, js, 'function f(cfg, xs) {\n  const users = cfg.users;\n  for (const x of xs) users.find((u) => u.id === x);\n}\n', [
      'users.find((u) => u.id === x)',
    ]);
  });
});

describe('js/unstable-reference-in-render', () => {
  const id = 'js/unstable-reference-in-render';
  it('fires on inline objects/functions passed to components and unstable hook deps', async () => {
    await expectFires(id, tsx, 'function A() {\n  return <Chart options={{ a: 1 }} onPick={() => pick()} size={3} />;\n}\n', ['{ a: 1 }', '() => pick()']);
    await expectFires(id, js, 'function A() {\n  const opts = { a: 1 };\n  useEffect(() => load(opts), [opts]);\n  return null;\n}\n', ['opts']);
  });
  it('stays silent on DOM elements, primitives, memoised values and stable deps', async () => {
    await expectSilent(id, tsx, 'function A() {\n  return <div style={{ a: 1 }} onClick={() => go()} />;\n}\n');
    await expectSilent(id, tsx, 'function A() {\n  return <Chart size={3} label="x" data={DATA} />;\n}\n');
    await expectSilent(id, js, 'function A() {\n  const opts = useMemo(() => ({ a: 1 }), []);\n  useEffect(() => load(opts), [opts]);\n}\n');
    await expectSilent(id, js, 'const OPTS = { a: 1 };\nfunction A({ id }) {\n  useEffect(() => load(OPTS, id), [id]);\n}\n');
  });
  // From the react-admin study (docs/lint-study/js-unstable-reference-in-render.md): a fresh prop costs
  // a render only for a memoised child or a context value, in a component that renders again (hooks).
  it('is sure only when the fresh value makes a memoised child or context consumers re-render', async () => {
    // Like InfiniteListBase: a stateful component hands a new object to a Provider on every render.
    const provider =
      'function PagedList(props) {\n  const page = usePager(props);\n  return <PageContext.Provider value={{ next: page.next, more: page.more }}>{props.children}</PageContext.Provider>;\n}\n';
    assert.deepEqual(await confidences(id, tsx, provider), [['{ next: page.next, more: page.more }', 'high', 'info']]);
    const memoChild =
      'const Row = React.memo(function Row(p) { return <li>{p.label}</li>; });\nfunction Rows({ items }) {\n  const [sel, setSel] = useState(null);\n  return items.map((i) => <Row key={i.id} label={i.name} onPick={() => setSel(i)} />);\n}\n';
    assert.deepEqual(await confidences(id, tsx, memoChild), [['() => setSel(i)', 'high', 'info']]);
    // A hook dependency made fresh each render re-runs the hook: always sure.
    assert.deepEqual(await confidences(id, js, 'function A() {\n  const opts = { a: 1 };\n  useEffect(() => load(opts), [opts]);\n  return null;\n}\n'), [
      ['opts', 'high', 'info'],
    ]);
  });
  it('shows a fresh prop to a plain component, in a test render or in a story as a hint', async () => {
    // Like SimpleFormIteratorItem's sx={{...}} on a MUI Stack: the child re-renders with its parent anyway.
    const sx = 'function Item(props) {\n  const t = useTranslate();\n  return <Stack sx={{ gap: 1 }} onRemove={() => props.remove(t)} />;\n}\n';
    assert.deepEqual(await confidences(id, tsx, sx), [
      ['{ gap: 1 }', 'low', 'hint'],
      ['() => props.remove(t)', 'low', 'hint'],
    ]);
    // Like the spec files: a Provider value in a test's render() call renders once.
    const spec = "it('lists', () => {\n  render(<ListContext.Provider value={{ data: rows }}><Items /></ListContext.Provider>);\n});\n";
    assert.deepEqual(await confidences(id, tsx, spec), [['{ data: rows }', 'low', 'hint']]);
    // Like useGetIdentity.stories.tsx: a stateful story is demo code, not the app's render path.
    const story =
      "export default {\n  title: 'auth/identity',\n};\nexport const Edit = () => {\n  const [name, setName] = useState('x');\n  return <AuthContext.Provider value={{ name }}><Form onSave={setName} /></AuthContext.Provider>;\n};\n";
    assert.deepEqual(await confidences(id, tsx, story), [['{ name }', 'low', 'hint']]);
  });
});

describe('js/sync-json-parse-large', () => {
  const id = 'js/sync-json-parse-large';
  it('fires on JSON.parse of a sync file read in a function and of request bodies in handlers', async () => {
    await expectFires(id, js, 'function load(p) {\n  return JSON.parse(fs.readFileSync(p, "utf8"));\n}\n', ['JSON.parse(fs.readFileSync(p, "utf8"))']);
    await expectFires(id, js, 'app.post("/x", (req, res) => {\n  const data = JSON.parse(body);\n  res.end();\n});\n', ['JSON.parse(body)']);
    await expectFires(id, js, 'function load(p) {\n  const raw = readFileSync(p);\n  return JSON.parse(raw);\n}\n', ['JSON.parse(raw)']);
  });
  it('stays silent on start-up config reads, literals and plain parsing', async () => {
    await expectSilent(id, js, 'const cfg = JSON.parse(fs.readFileSync("cfg.json", "utf8"));\n');
    await expectSilent(id, js, 'function f() { return JSON.parse(\'{"a":1}\'); }\n');
    await expectSilent(id, js, 'function f(line) { return JSON.parse(line); }\n');
  });
});

describe('js/dom-mutation-in-loop', () => {
  const id = 'js/dom-mutation-in-loop';
  it('fires on live DOM insertion and innerHTML += in loops', async () => {
    await expectFires(id, js, 'const list = document.querySelector("ul");\nfor (const x of xs) {\n  list.appendChild(li(x));\n}\n', [
      'list.appendChild(li(x))',
    ]);
    await expectFires(id, js, 'items.forEach((x) => { table.innerHTML += `<tr>${x}</tr>`; });\n', ['table.innerHTML += `<tr>${x}</tr>`']);
    await expectFires(id, js, 'const root = document.getElementById("r");\nfor (const x of xs) root.append(x);\n', ['root.append(x)']);
  });
  it('stays silent on fragments, detached elements, FormData.append and single insertions', async () => {
    await expectSilent(id, js, 'const f = document.createDocumentFragment();\nfor (const x of xs) f.appendChild(x);\nlist.appendChild(f);\n');
    await expectSilent(id, js, 'for (const x of xs) {\n  const row = document.createElement("tr");\n  row.appendChild(cell(x));\n}\n');
    await expectSilent(id, js, 'const form = new FormData();\nfor (const [k, v] of entries) form.append(k, v);\n');
    await expectSilent(id, js, 'list.appendChild(node);\n');
  });
});

describe('js/listener-not-removed', () => {
  const id = 'js/listener-not-removed';
  it('fires on listeners added in functions without removal', async () => {
    await expectFires(id, js, 'useEffect(() => {\n  window.addEventListener("resize", onResize);\n}, []);\n', ['window.addEventListener("resize", onResize)']);
    await expectFires(id, js, 'function mount(el) {\n  el.addEventListener("click", () => go());\n}\n', ['el.addEventListener("click", () => go())']);
    await expectFires(id, js, 'function mount() {\n  const el = document.querySelector("#b");\n  el.addEventListener("click", go);\n}\n', [
      'el.addEventListener("click", go)',
    ]);
  });
  it('stays silent with once, signal, a matching removal, or at module level', async () => {
    await expectSilent(id, js, 'function m(el) { el.addEventListener("click", go, { once: true }); }\n');
    await expectSilent(id, js, 'function m(el, ac) { el.addEventListener("click", go, { signal: ac.signal }); }\n');
    await expectSilent(
      id,
      js,
      'useEffect(() => {\n  window.addEventListener("resize", onResize);\n  return () => window.removeEventListener("resize", onResize);\n}, []);\n',
    );
    await expectSilent(id, js, 'window.addEventListener("load", init);\n');
    // Found in node_modules (IndexedDB): a request made in this function takes its listeners with it.
    await expectSilent(id, js, 'async function open() {\n  const req = window.indexedDB.open("db");\n  req.addEventListener("success", done);\n}\n');
    await expectSilent(
      id,
      ts,
      'function get(store: IDBObjectStore, key: string) {\n  const req = store.get(key);\n  req.addEventListener("success", () => done(req.result));\n}\n',
    );
  });
  // From the npm study (docs/lint-study/js-listener-not-removed.md): a leak needs a target that
  // outlives the function and a function that runs again.
  it('is sure for a long-lived target in code that runs per render, mount or request', async () => {
    assert.deepEqual(await confidences(id, js, 'useEffect(() => {\n  window.addEventListener("resize", onResize);\n}, []);\n'), [
      ['window.addEventListener("resize", onResize)', 'high', 'warning'],
    ]);
    const mount = 'class Menu extends React.Component {\n  componentDidMount() {\n    document.addEventListener("keydown", this.onKey);\n  }\n}\n';
    assert.deepEqual(await confidences(id, js, mount), [['document.addEventListener("keydown", this.onKey)', 'high', 'warning']]);
    const bus = 'const bus = new EventTarget();\nfunction Badge() {\n  bus.addEventListener("count", () => refresh());\n  return null;\n}\n';
    assert.deepEqual(await confidences(id, tsx, bus), [['bus.addEventListener("count", () => refresh())', 'high', 'warning']]);
  });
  it('shows page setup, per-element and per-request listeners as hints', async () => {
    // Like memray's flame graph page: set up once when the page loads.
    assert.deepEqual(await confidences(id, js, 'function setUp() {\n  window.addEventListener("popstate", showFragment);\n}\n'), [
      ['window.addEventListener("popstate", showFragment)', 'low', 'hint'],
    ]);
    // Like react-dom's prop setter: the listener lives as long as the element it is on.
    assert.deepEqual(await confidences(id, js, 'function setListener(node, type, fn) {\n  node.addEventListener(type, fn);\n}\n'), [
      ['node.addEventListener(type, fn)', 'low', 'hint'],
    ]);
    // Like react-admin's specs: the abort signal belongs to one request.
    const abort = 'const api = {\n  getOne(res, { signal }) {\n    signal.addEventListener("abort", () => cancel(res));\n  },\n};\n';
    assert.deepEqual(await confidences(id, js, abort), [['signal.addEventListener("abort", () => cancel(res))', 'low', 'hint']]);
  });
});

describe('js/sync-io-in-async', () => {
  const id = 'js/sync-io-in-async';
  it('fires on *Sync calls in async functions and methods', async () => {
    await expectFires(id, js, 'async function f(p) {\n  const s = fs.readFileSync(p);\n  execSync("ls");\n}\n', ['fs.readFileSync(p)', 'execSync("ls")']);
    await expectFires(id, ts, 'class A { async m(p: string) { return fs.statSync(p); } }\n', ['fs.statSync(p)']);
  });
  it('stays silent in sync functions, nested plain callbacks and the promise API', async () => {
    await expectSilent(id, js, 'function f(p) { return fs.readFileSync(p); }\n');
    await expectSilent(id, js, 'async function f(p) { return await fs.promises.readFile(p); }\n');
    await expectSilent(id, js, 'async function f(ps) { const read = function (p) { return fs.readFileSync(p); }; return run(read); }\n');
  });
});

describe('js/unbounded-cache', () => {
  const id = 'js/unbounded-cache';
  it('fires on a module-level memo Map that is never evicted', async () => {
    await expectFires(id, js, 'const cache = new Map();\nexport function get(k) {\n  if (!cache.has(k)) cache.set(k, load(k));\n  return cache.get(k);\n}\n', [
      'const cache = new Map();',
    ]);
    await expectFires(
      id,
      ts,
      'const memo: Record<string, number> = {};\nfunction f(k: string) {\n  if (memo[k] === undefined) memo[k] = slow(k);\n  return memo[k];\n}\n',
      ['const memo: Record<string, number> = {};'],
    );
  });
  it('stays silent on evicting caches, WeakMaps and function-local maps', async () => {
    await expectSilent(
      id,
      js,
      'const cache = new Map();\nfunction get(k) {\n  if (cache.size > 100) cache.clear();\n  if (!cache.has(k)) cache.set(k, 1);\n  return cache.get(k);\n}\n',
    );
    await expectSilent(id, js, 'const cache = new WeakMap();\nfunction get(o) { if (!cache.has(o)) cache.set(o, 1); return cache.get(o); }\n');
    await expectSilent(
      id,
      js,
      'function f(xs) { const cache = new Map(); for (const x of xs) { if (!cache.has(x)) cache.set(x, 1); } return cache.get(1); }\n',
    );
  });
});
