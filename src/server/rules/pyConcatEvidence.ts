// py/string-concat-in-loop, fourth round of the study (docs/lint-study/py-string-concat-in-loop.md): a finding is
// sure only with evidence, in the code, that the number of passes grows with the input. Without it the `+=` is a
// hint: a repr, a label or a message of a few pieces looks the same to the syntax as every line of a file.
import type { Node } from 'web-tree-sitter';
import type { RuleContext } from '../rule';
import { calleeText, contains, descendants, enclosingFunction, enclosingLoop } from '../syntax';
import { classOf, lastAssignment, paramAnnotation, paramNames, scopeOf, valueBefore } from './pySyntax';

type Grammar = RuleContext['grammar'];
const LOOP_TYPES = new Set(['for_statement', 'while_statement']);

/** `enumerate(x)`, `sorted(x)`, `reversed(x)`, `list(x)`, `x[1:]` → `x`: the same items, in another order or fewer. */
function unwrap(n: Node | null): Node | null {
  for (let i = 0; n && i < 4; i++) {
    if (n.type === 'call' && /^(enumerate|sorted|reversed|list|tuple|iter)$/.test(n.childForFieldName('function')?.text ?? '')) {
      n = n.childForFieldName('arguments')?.namedChildren[0] ?? null;
    } else if (n.type === 'subscript' && n.namedChildren.some((k) => k.type === 'slice')) {
      n = n.childForFieldName('value');
    } else if (n.type === 'parenthesized_expression') {
      n = n.namedChildren[0] ?? null;
    } else break;
  }
  return n;
}

/** A `for` loop's iterable, unwrapped (see unwrap). */
function walked(loop: Node): Node | null {
  return loop.type === 'for_statement' ? unwrap(loop.childForFieldName('right')) : null;
}

/** The receiver of a method call (`text` in `text.splitlines()`). */
function receiver(call: Node): Node | null {
  const fn = call.childForFieldName('function');
  return fn?.type === 'attribute' ? fn.childForFieldName('object') : null;
}

/** The value is the text of one object (`str(v)`, `repr(v)`, `"…".format(…)`): splitting it gives a few lines. */
function reprOfOneValue(n: Node | null, at: Node): boolean {
  if (n?.type === 'identifier') n = valueBefore(at, n.text);
  return n?.type === 'call' && /^(str|repr|format|pformat|pprint\.pformat)$/.test(calleeText(n));
}

/**
 * The loop walks a text cut into pieces or a stream of tokens: `text.splitlines()`, `text.split("\n")`,
 * `line_re.finditer(text)`, `f.readlines()`, `self.lexer.get_tokens_unprocessed(text)` — directly or through a
 * local (`lines = text.splitlines()`), but not the lines of one value's repr (`str(values).split("\n")`).
 */
export function overTextPieces(loop: Node): boolean {
  let it = walked(loop);
  if (it?.type === 'identifier') it = unwrap(valueBefore(loop, it.text));
  if (it?.type !== 'call') return false;
  const callee = calleeText(it);
  const args = it.childForFieldName('arguments')?.namedChildren ?? [];
  if (/\.(splitlines|readlines|finditer)$/.test(callee) || (/\.split$/.test(callee) && /^['"]\\n['"]$/.test(args[0]?.text ?? ''))) {
    return !reprOfOneValue(receiver(it), loop);
  }
  return /tokens/i.test(callee.split('.').pop() ?? '') && args.length > 0;
}

/** The names `m` of the `self.m(…)` calls under `n`. */
function selfCalls(n: Node): Set<string> {
  const out = new Set<string>();
  for (const k of descendants(n)) {
    const f = k.type === 'call' ? k.childForFieldName('function') : null;
    if (f?.type === 'attribute' && f.childForFieldName('object')?.text === 'self') out.add(f.childForFieldName('attribute')!.text);
  }
  return out;
}

/**
 * The loop body calls the function it is in, directly (`self.formattree(entry, …)`) or through other methods of the
 * class that call it back (tomlkit: `_render_aot_table` → `_render_table` → `_render_aot` → `_render_aot_table`): it
 * walks a tree of any depth.
 */
function recursive(loop: Node): boolean {
  const fn = enclosingFunction(loop);
  const name = fn?.type === 'function_definition' ? fn.childForFieldName('name')?.text : null;
  if (!name) return false;
  const body = loop.childForFieldName('body') ?? loop;
  for (const n of descendants(body)) {
    if (n.type === 'call' && n.childForFieldName('function')?.text === name) return true;
  }
  const cls = classOf(loop);
  const methods = new Map<string, Node>();
  for (const m of cls?.childForFieldName('body')?.namedChildren ?? []) {
    const def = m.type === 'decorated_definition' ? m.childForFieldName('definition') : m;
    if (def?.type === 'function_definition') methods.set(def.childForFieldName('name')!.text, def);
  }
  const seen = new Set<string>();
  const todo = [...selfCalls(body)];
  while (todo.length > 0) {
    const m = todo.pop()!;
    if (m === name) return true;
    if (seen.has(m) || !methods.has(m)) continue;
    seen.add(m);
    todo.push(...selfCalls(methods.get(m)!));
  }
  return false;
}

/** `self.F`, `self.F.items()`, `self.F[key]` (with the class around it) → `F`. */
function selfFieldOf(n: Node | null): string | null {
  if (n?.type === 'call' && /\.(items|keys|values)$/.test(calleeText(n))) n = receiver(n);
  if (n?.type === 'subscript') n = n.childForFieldName('value');
  return n?.type === 'attribute' && n.childForFieldName('object')?.text === 'self' ? (n.childForFieldName('attribute')?.text ?? null) : null;
}

const GROWS_FIELD = /^(\.(append|extend|insert|add|update|setdefault)\(|\[[^\]]*\]\s*=[^=])/;

/**
 * The loop walks a field the class keeps adding to outside `__init__` (netrc's `self.hosts[name] = …` while it
 * parses, texttable's `self._rows.append(row)` per `add_row`): a collection as large as its input.
 */
function overGrownField(loop: Node): boolean {
  const field = selfFieldOf(walked(loop));
  const cls = classOf(loop);
  if (!field || !cls) return false;
  const re = new RegExp(`\\bself\\.${field}\\b`, 'g');
  for (let m = re.exec(cls.text); m; m = re.exec(cls.text)) {
    if (!GROWS_FIELD.test(cls.text.slice(m.index + m[0].length))) continue;
    const at = cls.descendantForIndex(cls.startIndex + m.index);
    const method = at && enclosingFunction(at);
    const name = method?.childForFieldName('name')?.text;
    if (name && name !== '__init__' && (inLoop(at!) || !onlyFromInit(cls, name))) return true;
  }
  return false;
}

/** `at` is inside a loop of its own function (netrc's `_parse` filling `self.hosts` per entry of the file). */
function inLoop(at: Node): boolean {
  const fn = enclosingFunction(at);
  for (let p = at.parent; p && p.id !== fn?.id; p = p.parent) if (LOOP_TYPES.has(p.type)) return true;
  return false;
}

/** The class calls `self.<method>(…)` and only from `__init__` (lifelines' `add_to_headers` per constructor keyword). */
function onlyFromInit(cls: Node, method: string): boolean {
  const calls = [...descendants(cls)].filter((n) => n.type === 'call' && n.childForFieldName('function')?.text === `self.${method}`);
  return calls.length > 0 && calls.every((c) => enclosingFunction(c)?.childForFieldName('name')?.text === '__init__');
}

/** `for element in seq` where an outer loop sets `seq = newseq` from the string itself: it grows geometrically. */
function feedsItself(name: string, loop: Node, grammar: Grammar): boolean {
  const it = walked(loop);
  if (it?.type !== 'identifier') return false;
  for (let outer = enclosingLoop(loop, grammar); outer; outer = enclosingLoop(outer, grammar)) {
    for (const n of descendants(outer)) {
      if (n.type === 'assignment' && n.childForFieldName('left')?.text === it.text && n.childForFieldName('right')?.text === name) return true;
    }
  }
  return false;
}

/** The parameter's annotation says it is one string or a mapping (a few options, one label). */
function scalarOrMappingParam(at: Node, name: string): boolean {
  return /^(str|dict|Dict|Mapping)\b|\bdict\[/.test(paramAnnotation(at, name) ?? '');
}

const ONE_ITEM_PARAM = /^(self|cls|line|token|word|char|ch|c|cell|label|name|text|s|string)$/;

/** The collection parameters of the function around the loop: the caller's data, of whatever size it has. */
function collectionParams(loop: Node): string[] {
  const fn = enclosingFunction(loop);
  if (fn?.type !== 'function_definition') return [];
  return paramNames(fn).filter((p) => !ONE_ITEM_PARAM.test(p) && !scalarOrMappingParam(loop, p) && !optionalParam(fn, p));
}

/** `modifiers=[]`, `parent=None`: an optional extra with a default, not the data the function is called for. */
function optionalParam(fn: Node, name: string): boolean {
  return (fn.childForFieldName('parameters')?.namedChildren ?? []).some(
    (p) => (p.type === 'default_parameter' || p.type === 'typed_default_parameter') && p.childForFieldName('name')?.text === name,
  );
}

/**
 * The loop walks a collection the caller passes, item by item (`for record in records`, `for level, k, text in
 * toc`), or indexes it by a range computed from its length (`rows = (len(items) + 3) // 4` …
 * `for i in range(rows * col, …)`). A mapping's `.items()`, a str and a parameter named as one item are not.
 */
function overCallerCollection(loop: Node): boolean {
  const params = collectionParams(loop);
  if (params.length === 0) return false;
  const it = walked(loop);
  if (it?.type === 'identifier') return params.includes(it.text);
  // `for ext in node.ext`: a collection held by the argument (a tree node's children, a document's notations).
  // (Not an attribute named as one item: `for part in n.name` walks the parts of one designator.)
  if (it?.type === 'attribute') {
    const owner = it.childForFieldName('object');
    return owner?.type === 'identifier' && params.includes(owner.text) && !ONE_ITEM_PARAM.test(it.childForFieldName('attribute')?.text ?? '');
  }
  if (it?.type !== 'call' || it.childForFieldName('function')?.text !== 'range') return false;
  const lenOfParam = (n: Node) =>
    [...descendants(n)].some(
      (k) =>
        k.type === 'call' && k.childForFieldName('function')?.text === 'len' && params.includes(k.childForFieldName('arguments')?.namedChildren[0]?.text ?? ''),
    );
  return (it.childForFieldName('arguments')?.namedChildren ?? []).some((a) => {
    if (lenOfParam(a)) return true;
    return [...descendants(a)].some((k) => {
      if (k.type !== 'identifier') return false;
      const right = lastAssignment(scopeOf(loop), k.text, loop.startIndex)?.childForFieldName('right');
      return !!right && lenOfParam(right);
    });
  });
}

/** `for i in range(doctype.entities.length)`: a DOM collection, one pass per node of the document. */
function overDomLength(loop: Node): boolean {
  const it = walked(loop);
  if (it?.type !== 'call' || it.childForFieldName('function')?.text !== 'range') return false;
  return (it.childForFieldName('arguments')?.namedChildren ?? []).some((a) => a.type === 'attribute' && a.childForFieldName('attribute')?.text === 'length');
}

/** The body of `outer`, outside `inner`, assigns `name` afresh (a right side that does not read it). */
function renews(outer: Node, name: string, inner: Node): boolean {
  for (const n of descendants(outer.childForFieldName('body') ?? outer)) {
    if (n.type !== 'assignment' || n.childForFieldName('left')?.text !== name || contains(inner, n)) continue;
    const right = n.childForFieldName('right');
    if (right && ![...descendants(right)].some((k) => k.type === 'identifier' && k.text === name)) return true;
  }
  return false;
}

/**
 * The loops that grow the string `lhs` at `target`: the loops around it, and the loops inside the outermost of them
 * that also write the string (`result += '<td>'` in `for col in range(4)` grows with the inner loop over the items).
 */
function growingLoops(lhs: Node, target: Node, grammar: Grammar): Node[] {
  const loops: Node[] = [];
  for (let l = enclosingLoop(target, grammar); l; l = enclosingLoop(l, grammar)) {
    // An outer loop that makes the string new on each pass (`name = token.value` before the inner loop) does not grow it.
    if (loops.length > 0 && renews(l, lhs.text, loops[loops.length - 1])) break;
    loops.push(l);
  }
  const outermost = loops[loops.length - 1];
  if (!outermost) return loops;
  const fn = enclosingFunction(target);
  for (const n of descendants(outermost)) {
    if (!LOOP_TYPES.has(n.type) || loops.some((l) => l.id === n.id) || enclosingFunction(n)?.id !== fn?.id) continue;
    const writes = [...descendants(n)].some(
      (w) => (w.type === 'augmented_assignment' || w.type === 'assignment') && w.childForFieldName('left')?.text === lhs.text && !contains(w, target),
    );
    if (writes) loops.push(n);
  }
  return loops;
}

/**
 * Evidence that the string grows with the input: one of the loops growing it walks a text's lines or tokens, a tree
 * (recursion), a field the class keeps filling, the string's own previous value, a collection the caller passes, or
 * a DOM collection. Returns the name of the evidence found, or null.
 */
export function unboundedEvidence(lhs: Node, target: Node, grammar: Grammar): string | null {
  for (const loop of growingLoops(lhs, target, grammar)) {
    if (overTextPieces(loop)) return 'text pieces';
    if (recursive(loop)) return 'recursion';
    if (overGrownField(loop)) return 'grown field';
    if (lhs.type === 'identifier' && feedsItself(lhs.text, loop, grammar)) return 'feeds itself';
    if (overCallerCollection(loop)) return 'caller collection';
    if (overDomLength(loop)) return 'DOM collection';
  }
  return null;
}
