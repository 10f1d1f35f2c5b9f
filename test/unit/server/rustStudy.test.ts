// The Rust rules on shapes found in popular crates (docs/lint-study/rs-*.md): each false positive the
// study fixed and each true positive it added, rewritten small.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { lintText } from '../../../src/server/lint';
import { confidences, expectFires, expectSilent, grammars } from './helpers';

const rs = 'rust' as const;
const fill = 'fn f(xs: &[u32]) -> Vec<u32> {\n    let mut out = Vec::new();\n    for x in xs.iter() {\n        out.push(*x);\n    }\n    out\n}\n';

describe('Rust rules: test code', () => {
  it('stays silent in #[test] functions, #[cfg(test)] modules and cargo test or bench files', async () => {
    // Like tokio's tests/ folder, its src/**/tests.rs modules and regex-automata's suites.
    const id = 'rs/vec-without-capacity';
    await expectFires(id, rs, fill, ['Vec::new()']);
    await expectSilent(id, rs, `#[test]\n${fill}`);
    await expectSilent(id, rs, `#[tokio::test]\n${fill.replace('fn f', 'async fn f')}`);
    await expectSilent(id, rs, `#[cfg(test)]\nmod tests {\n${fill}}\n`);
    for (const path of ['/r/tokio/tests/rt_basic.rs', '/r/tokio/src/fs/file/tests.rs', '/r/futures/benches/flat.rs'])
      assert.deepEqual(
        (await lintText(grammars, fill, rs, { path })).map((f) => f.rule),
        [],
        path,
      );
    assert.deepEqual(
      (await lintText(grammars, fill, rs, { path: '/r/tokio/src/fs/file.rs' })).map((f) => f.rule),
      [id],
    );
  });
});

describe('rs/vec-without-capacity: evidence of cost', () => {
  const id = 'rs/vec-without-capacity';
  it('stays silent on a work stack the loop also pops', async () => {
    // Like regex-automata's epsilon closure: push the start, then pop until empty.
    await expectSilent(
      id,
      rs,
      'fn closure(starts: &[u32]) {\n    let mut stack = vec![];\n    for s in starts.iter() {\n        stack.push(*s);\n        while let Some(x) = stack.pop() {\n            visit(x);\n        }\n    }\n}\n',
    );
  });
  it("is a hint for one item's part, an early exit or elements that allocate", async () => {
    // Like the DFA's match states: the patterns of one state, usually one.
    const part =
      'fn to_map(&self) {\n    for i in 0..self.len() {\n        let mut pids = vec![];\n        for j in 0..self.pattern_len(i) {\n            pids.push(self.pattern_id(i, j));\n        }\n        self.put(i, pids);\n    }\n}\n';
    assert.deepEqual(await confidences(id, rs, part), [['vec![]', 'low', 'hint']]);
    // Like regex-automata's parse_many: `?` may leave the loop first.
    const early =
      'fn parse(ps: &[String]) -> Result<Vec<Hir>, E> {\n    let mut hirs = vec![];\n    for p in ps.iter() {\n        hirs.push(parse_one(p)?);\n    }\n    Ok(hirs)\n}\n';
    assert.deepEqual(await confidences(id, rs, early), [['vec![]', 'low', 'hint']]);
    // Like RegexInfo::new: every element is a clone, which costs more than the vector growing.
    const cloned =
      'fn props(hirs: &[Hir]) -> Vec<Props> {\n    let mut props = vec![];\n    for h in hirs.iter() {\n        props.push(h.props().clone());\n    }\n    props\n}\n';
    assert.deepEqual(await confidences(id, rs, cloned), [['vec![]', 'low', 'hint']]);
  });
});

describe('rs/unbounded-collection-growth: where the value lives', () => {
  const id = 'rs/unbounded-collection-growth';
  it('is a hint for a builder, a keyed or deduplicated insert, and contents handed on', async () => {
    // Like globset's GlobSetBuilder::add, which returns &mut Self for chaining.
    const builder = 'impl SetBuilder {\n    fn add(&mut self, p: Glob) -> &mut SetBuilder {\n        self.pats.push(p);\n        self\n    }\n}\n';
    assert.deepEqual(await confidences(id, rs, builder), [['self.pats.push(p)', 'low', 'hint']]);
    // Like hyper's header order: a name is recorded the first time it is seen.
    const dedup =
      'impl Order {\n    fn insert(&mut self, name: Name) {\n        if !self.seen.contains(&name) {\n            self.order.push(name);\n        }\n    }\n}\n';
    assert.deepEqual(await confidences(id, rs, dedup), [['self.order.push(name)', 'low', 'hint']]);
    // Like ignore's directory cache: a map grows with the distinct keys.
    const cache = 'impl Dirs {\n    fn note(&mut self, d: PathBuf, v: Cached) {\n        self.dirs.insert(d, v);\n    }\n}\n';
    assert.deepEqual(await confidences(id, rs, cache), [['self.dirs.insert(d, v)', 'low', 'hint']]);
    // Like regex-automata's Utf8Node: the owner pops the node and takes its transitions.
    const handed =
      'impl Node {\n    fn add(&mut self, t: Trans) {\n        self.trans.push(t);\n    }\n}\nfn pop(nodes: &mut Vec<Node>) -> Vec<Trans> {\n    nodes.pop().unwrap().trans\n}\n';
    assert.deepEqual(await confidences(id, rs, handed), [['self.trans.push(t)', 'low', 'hint']]);
  });
  it('stays silent when the field is consumed through advance or a count check', async () => {
    // Like hyper's write buffer queue: flushed through advance(), capped through bufs_cnt().
    await expectSilent(
      id,
      rs,
      'impl WriteBuf {\n    fn buffer(&mut self, b: Bytes) {\n        self.queue.push(b);\n    }\n    fn flushed(&mut self, n: usize) {\n        self.queue.advance(n);\n    }\n}\n',
    );
  });
});

describe('rs/clone-in-loop: a clone bound to a local that is only borrowed (recall)', () => {
  const id = 'rs/clone-in-loop';
  const loop = (body: string) => `fn f(rows: &[Row], prefix: String) {\n    let mut out = Vec::new();\n    for r in rows {\n${body}\n    }\n}\n`;
  it('fires when every later use of the local borrows it', async () => {
    // A prefix copied once per row, then only printed, compared and measured.
    await expectFires(id, rs, loop('        let p = prefix.clone();\n        println!("{} {}", p, r.name);\n        if p.len() > 3 && &p == "x" {}'), [
      'prefix.clone()',
    ]);
    await expectFires(id, rs, loop('        let name = r.name.clone();\n        if lookup(&name) {}'), ['r.name.clone()']);
  });
  it('stays silent when the local is moved on, mutable, or the original changes', async () => {
    await expectSilent(id, rs, loop('        let p = prefix.clone();\n        out.push(p);'));
    await expectSilent(id, rs, loop('        let p = prefix.clone();\n        consume(p);'));
    await expectSilent(id, rs, loop('        let mut p = prefix.clone();\n        p.push_str("x");\n        println!("{}", p);'));
    await expectSilent(id, rs, loop('        let p = prefix.clone();\n        prefix.push_str("-");\n        println!("{}", p);'));
    await expectSilent(id, rs, loop('        let p = prefix.clone();'));
  });
});

describe('rs/unbounded-collection-growth: statics (recall)', () => {
  const id = 'rs/unbounded-collection-growth';
  it('fires on a static, lazy_static or OnceLock collection that is only added to', async () => {
    const mutex = 'static SEEN: Mutex<Vec<String>> = Mutex::new(Vec::new());\nfn note(s: String) {\n    SEEN.lock().unwrap().push(s);\n}\n';
    assert.deepEqual(await confidences(id, rs, mutex), [['SEEN.lock().unwrap().push(s)', 'high', 'info']]);
    const lazy =
      'lazy_static! {\n    static ref IDS: RwLock<HashSet<u64>> = RwLock::new(HashSet::new());\n}\nfn add(id: u64) {\n    IDS.write().expect("poisoned").insert(id);\n}\n';
    await expectFires(id, rs, lazy, ['IDS.write().expect("poisoned").insert(id)']);
    const once =
      'static LOG: OnceLock<Mutex<Vec<Event>>> = OnceLock::new();\nfn record(e: Event) {\n    LOG.get_or_init(|| Mutex::new(Vec::new())).lock().unwrap().push(e);\n}\n';
    await expectFires(id, rs, once, ['LOG.get_or_init(|| Mutex::new(Vec::new())).lock().unwrap().push(e)']);
  });
  it('stays silent when the static is drained or size-checked, and on locals and constants', async () => {
    await expectSilent(
      id,
      rs,
      'static SEEN: Mutex<Vec<String>> = Mutex::new(Vec::new());\nfn note(s: String) {\n    SEEN.lock().unwrap().push(s);\n}\nfn flush() -> Vec<String> {\n    SEEN.lock().unwrap().drain(..).collect()\n}\n',
    );
    await expectSilent(
      id,
      rs,
      'static SEEN: Mutex<Vec<String>> = Mutex::new(Vec::new());\nfn note(s: String) {\n    let mut v = SEEN.lock().unwrap();\n    if v.len() < 100 { v.push(s); }\n}\n',
    );
    await expectSilent(id, rs, 'fn f() {\n    let mut v = Vec::new();\n    v.push(1);\n    V.push(2);\n}\n');
  });
});
