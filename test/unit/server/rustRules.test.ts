import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { confidences, expectFires, expectSilent } from './helpers';

const rs = 'rust' as const;
const fn = (body: string) => `fn f(xs: &[String], names: Vec<String>, n: usize) {\n${body}\n}\n`;

describe('rs/clone-in-loop', () => {
  const id = 'rs/clone-in-loop';
  it('fires on clones that are only borrowed inside loops', async () => {
    await expectFires(
      id,
      rs,
      fn('    for x in xs {\n        if names.clone().contains(x) {}\n        let r = &x.clone();\n        if x.clone() == "a" {}\n    }'),
      ['names.clone()', 'x.clone()', 'x.clone()'],
    );
  });
  it('stays silent on clones moved into collections or bindings, and outside loops', async () => {
    await expectSilent(id, rs, fn('    let mut v = Vec::new();\n    for x in xs {\n        v.push(x.clone());\n        map.insert(x.clone(), 1);\n    }'));
    await expectSilent(id, rs, fn('    let n2 = names.clone().len();'));
    await expectSilent(id, rs, fn('    for x in xs {\n        consume(x.clone());\n    }'));
  });
});

describe('rs/vec-without-capacity', () => {
  const id = 'rs/vec-without-capacity';
  it('fires on Vec::new() filled by a counted for loop', async () => {
    await expectFires(id, rs, fn('    let mut out = Vec::new();\n    for x in xs.iter() {\n        out.push(x.len());\n    }'), ['Vec::new()']);
    await expectFires(id, rs, fn('    let mut out = vec![];\n    for i in 0..n {\n        out.push(i);\n    }'), ['vec![]']);
  });
  // From the crates study (docs/lint-study/rs-vec-without-capacity.md).
  it('is sure only when the loop length is known before the loop', async () => {
    assert.deepEqual(await confidences(id, rs, fn('    let mut out = Vec::new();\n    for x in xs.iter() {\n        out.push(x.len());\n    }')), [
      ['Vec::new()', 'high', 'info'],
    ]);
    assert.deepEqual(await confidences(id, rs, fn('    let mut out = vec![];\n    for i in 0..n {\n        out.push(i);\n    }')), [
      ['vec![]', 'high', 'info'],
    ]);
    // Like criterion's benchmark-directory walk: a filtered iterator has no length up front.
    const walk = fn('    let mut ids = vec![];\n    for entry in walk(dir).into_iter().filter_map(Result::ok) {\n        ids.push(entry.id());\n    }');
    assert.deepEqual(await confidences(id, rs, walk), [['vec![]', 'low', 'hint']]);
  });
  it('stays silent with with_capacity, conditional pushes and while loops', async () => {
    await expectSilent(id, rs, fn('    let mut out = Vec::with_capacity(xs.len());\n    for x in xs {\n        out.push(x);\n    }'));
    await expectSilent(id, rs, fn('    let mut out = Vec::new();\n    for x in xs {\n        if x.is_empty() { out.push(x); }\n    }'));
    await expectSilent(id, rs, fn('    let mut out = Vec::new();\n    while let Some(x) = it.next() {\n        out.push(x);\n    }'));
  });
});

describe('rs/box-dyn-in-loop', () => {
  const id = 'rs/box-dyn-in-loop';
  it('fires on Box<dyn> made inside a loop', async () => {
    await expectFires(
      id,
      rs,
      fn(
        '    for x in xs {\n        let f: Box<dyn Fn(usize) -> usize> = Box::new(|v| v + 1);\n        f(x.len());\n        let g = Box::new(Plain) as Box<dyn Shape>;\n    }',
      ),
      ['Box::new(|v| v + 1)', 'Box::new(Plain)'],
    );
  });
  it('stays silent when the Box<dyn> is made once outside the loop, or is not dyn', async () => {
    await expectSilent(id, rs, fn('    let f: Box<dyn Fn(usize) -> usize> = Box::new(|v| v + 1);\n    for x in xs {\n        f(x.len());\n    }'));
    await expectSilent(id, rs, fn('    for x in xs {\n        let b: Box<usize> = Box::new(x.len());\n    }'));
  });
});

describe('rs/unbounded-collection-growth', () => {
  const id = 'rs/unbounded-collection-growth';
  it('fires on a field that methods only push to', async () => {
    await expectFires(id, rs, 'impl Log {\n    fn add(&mut self, e: String) {\n        self.events.push(e);\n    }\n}\n', ['self.events.push(e)']);
  });
  // From the crates study (docs/lint-study/rs-unbounded-collection-growth.md).
  it('is sure only for a long-lived value, not a builder, an entry or an iterator adaptor', async () => {
    assert.deepEqual(await confidences(id, rs, 'impl Log {\n    fn add(&mut self, e: String) {\n        self.events.push(e);\n    }\n}\n'), [
      ['self.events.push(e)', 'high', 'info'],
    ]);
    // Like serde_json's SerializeVec: the builder is consumed by end(self), which hands the Vec on.
    const builder =
      'impl ListBuilder {\n    fn element(&mut self, v: Value) {\n        self.items.push(v);\n    }\n    fn end(self) -> Value {\n        Value::List(self.items)\n    }\n}\n';
    assert.deepEqual(await confidences(id, rs, builder), [['self.items.push(v)', 'low', 'hint']]);
    // Like serde_json's VacantEntry::insert: the method takes self by value, the value is used up.
    const entry = "impl<'a> Slot<'a> {\n    fn put(self, v: Value) -> &'a mut Value {\n        self.free.insert(v)\n    }\n}\n";
    assert.deepEqual(await confidences(id, rs, entry), [['self.free.insert(v)', 'low', 'hint']]);
    // Like itertools' duplicates(): the seen-set lives as long as one pass of the iterator.
    const adaptor =
      'impl Seen {\n    fn note(&mut self, k: u32) {\n        self.keys.insert(k);\n    }\n}\nimpl<I: Iterator> Iterator for Dups<I> {\n    type Item = I::Item;\n    fn next(&mut self) -> Option<I::Item> { None }\n}\n';
    assert.deepEqual(await confidences(id, rs, adaptor), [['self.keys.insert(k)', 'low', 'hint']]);
  });
  it('stays silent when the field is cleared, drained or length-checked, and on locals', async () => {
    await expectSilent(
      id,
      rs,
      'impl Log {\n    fn add(&mut self, e: String) {\n        self.events.push(e);\n    }\n    fn flush(&mut self) {\n        self.events.clear();\n    }\n}\n',
    );
    await expectSilent(
      id,
      rs,
      'impl Log {\n    fn add(&mut self, e: String) {\n        if self.events.len() > 100 { self.events.remove(0); }\n        self.events.push(e);\n    }\n}\n',
    );
    await expectSilent(id, rs, 'fn f() {\n    let mut v = Vec::new();\n    v.push(1);\n}\n');
  });
});
