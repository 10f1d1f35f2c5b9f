// rs/unbounded-collection-growth: a collection in a long-lived place (a struct field behind `&mut self`,
// a `static`, `lazy_static!` or `OnceLock`) that code adds to and nothing removes from.
import type { Node } from 'web-tree-sitter';
import type { Captures, Confidence, Rule, RuleContext } from '../rule';
import { enclosingFunction } from '../syntax';
import { inRustTestCode } from './rustSyntax';

const RS = ['rust'] as const;
const GROW_METHODS = 'push|insert|push_back|push_front|push_str|extend|extend_from_slice|entry';
const GROW = new RegExp(`^(${GROW_METHODS})$`);
/** Calls that take something out of a collection or look at its size (a size check usually guards a bound). */
const SHRINK_OR_SIZE =
  'clear|remove|remove_entry|pop|pop_front|pop_back|truncate|drain|retain|split_off|split_to|swap_remove|dedup|advance|len|is_empty|\\w*(?:cnt|count|remaining)\\w*';
/** How a static collection is reached: `NAME.lock().unwrap()`, `NAME.write().expect("…")`, `NAME.get_or_init(…)`, `.await`. */
const STATIC_ACCESS = /^(lock|write|borrow_mut|get_mut|unwrap|expect|get_or_init|force)$/;

/** The SCREAMING_CASE name at the root of an access chain such as `LOG.get_or_init(|| …).lock().unwrap()`, else null. */
function staticRoot(recv: Node): string | null {
  let n: Node | null = recv;
  for (;;) {
    if (n?.type === 'await_expression') n = n.namedChildren[0] ?? null;
    else if (n?.type === 'call_expression' && n.childForFieldName('function')?.type === 'field_expression') {
      const f: Node = n.childForFieldName('function')!;
      if (!STATIC_ACCESS.test(f.childForFieldName('field')?.text ?? '')) return null;
      n = f.childForFieldName('value');
    } else break;
  }
  return n?.type === 'identifier' && /^[A-Z][A-Z0-9_]*$/.test(n.text) ? n.text : null;
}

function boundedField(text: string, f: string): boolean {
  return new RegExp(
    `self\\.${f}\\s*\\.\\s*(${SHRINK_OR_SIZE})\\b|self\\.${f}\\s*=[^=]|take\\(\\s*&mut\\s+self\\.${f}\\)|replace\\(\\s*&mut\\s+self\\.${f}\\b`,
  ).test(text);
}

/** The static named `name` in the file: `static NAME: …` (Mutex, RwLock, OnceLock, LazyLock…) or `lazy_static! { static ref NAME: … }`. */
function declaresStatic(text: string, name: string): boolean {
  return new RegExp(`\\bstatic\\s+(ref\\s+)?${name}\\s*:`).test(text);
}

/** Whether any statement reaching the static also shrinks it or checks its size (`NAME.lock().unwrap().clear()`). */
function boundedStatic(text: string, name: string): boolean {
  return new RegExp(`\\b${name}\\b[^;{}]*\\.\\s*(${SHRINK_OR_SIZE})\\s*\\(`).test(text);
}

/** The field is taken whole off some value other than `self` (`node.trans`, `….pop().unwrap().trans`, not `node.trans.len()`): its owner hands the contents on. */
function handedOn(text: string, f: string): boolean {
  for (const m of text.matchAll(new RegExp(`(\\w+|\\))\\s*\\.\\s*${f}\\b(?!\\s*[.(!\\[])`, 'g'))) if (m[1] !== 'self') return true;
  return false;
}

/** Inside `if !….contains(…)` / `contains_key` / `get(…).is_none()`: added once per distinct key, bounded by the keys. */
function dedupGuarded(n: Node): boolean {
  for (let p = n.parent; p && p.type !== 'function_item'; p = p.parent) {
    if (p.type === 'if_expression' && /^!.*\.(contains|contains_key)\s*\(|\.is_none\(\)/.test(p.childForFieldName('condition')?.text ?? '')) return true;
  }
  return false;
}

/** The struct a method belongs to, from its `impl` block (`impl<T> Name<T>` → `Name`). */
function implType(method: Node | null): string {
  for (let p = method?.parent; p; p = p.parent) if (p.type === 'impl_item') return p.childForFieldName('type')?.text.replace(/<.*$/s, '') ?? '';
  return '';
}

/**
 * Sure only for a value that lives on and a collection that grows with every call: a static, or a
 * field behind `&mut self` of a value that is not consumed with it (`fn end(self)` of a serializer, an
 * entry's `insert(self)`), not a builder (`-> &mut Self`, `…Builder`), not an iterator adaptor (its
 * state lives for one iteration), not handed on to another owner, and not a keyed insert (a map or set
 * grows with the distinct keys, which are usually bounded) or a push guarded by a membership check.
 */
function growthConfidence(c: Captures, ctx: RuleContext): Confidence {
  if (!c.field) return 'high';
  const method = enclosingFunction(c.target);
  const selfParam = method?.childForFieldName('parameters')?.namedChildren.find((p) => p.type === 'self_parameter')?.text ?? '';
  if (!/^&\s*('\w+\s+)?mut\s+self$/.test(selfParam)) return 'low';
  const f = c.field.text;
  const consumed = new RegExp(`fn\\s+\\w+\\s*(<[^>]*>)?\\(\\s*(mut\\s+)?self\\b[^)]*\\)[^{]*\\{[^}]*self\\.${f}\\b`);
  if (consumed.test(ctx.text) || /\bimpl\b[^{]*\bIterator\s+for\b/.test(ctx.text)) return 'low';
  const returns = method?.childForFieldName('return_type')?.text ?? '';
  const type = implType(method);
  if (/Builder$/.test(type) || /^&\s*('\w+\s+)?mut\s+Self$/.test(returns) || (type !== '' && returns.replace(/\s/g, '').startsWith(`&mut${type}`)))
    return 'low';
  if (c.m.text === 'insert' || c.m.text === 'entry' || dedupGuarded(c.target) || handedOn(ctx.text, f)) return 'low';
  return 'high';
}

export const unboundedGrowth: Rule = {
  id: 'rs/unbounded-collection-growth',
  languages: RS,
  severity: 'info',
  title: 'Long-lived collection that only grows',
  message:
    'Code adds to this collection (a struct field, or a static) but nothing ever removes from it (no clear, remove, pop, truncate, drain, retain, and no length check), so it grows for the life of the value: memory climbs and iterations over it slow down. Bound it (a ring buffer / VecDeque with a cap, an LRU) or clear it when its contents are consumed.',
  query: `
    ((call_expression function: (field_expression value: (field_expression value: (self) field: (field_identifier) @field) field: (field_identifier) @m)) @target (#match? @m "^(${GROW_METHODS})$"))
    ((call_expression function: (field_expression value: (_) @recv field: (field_identifier) @m)) @target (#match? @m "^(${GROW_METHODS})$"))`,
  check(c, ctx) {
    if (!GROW.test(c.m.text) || inRustTestCode(c.target, ctx)) return false;
    if (c.field) return !boundedField(ctx.text, c.field.text);
    const name = staticRoot(c.recv);
    return !!name && declaresStatic(ctx.text, name) && !boundedStatic(ctx.text, name);
  },
  confidence: growthConfidence,
  example: {
    bad: 'impl Recorder {\n    fn record(&mut self, e: Event) {\n        self.events.push(e);\n    }\n}',
    good: 'impl Recorder {\n    fn record(&mut self, e: Event) {\n        if self.events.len() == CAP { self.events.pop_front(); }\n        self.events.push_back(e);\n    }\n}',
  },
};
