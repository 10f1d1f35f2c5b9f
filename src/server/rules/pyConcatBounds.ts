// py/string-concat-in-loop, third round of the study (docs/lint-study/py-string-concat-in-loop.md): evidence,
// read from the function and class around the loop, that the string holds a few pieces however long the input.
import type { Node } from 'web-tree-sitter';
import { descendants, enclosingFunction, identifierUses } from '../syntax';
import { classOf, iterableOf, paramNames, valueBefore } from './pySyntax';

/** A piece that carries no data: a plain literal or a run of one (`'^' * n`). */
function constantPiece(n: Node | null): boolean {
  if (n?.type === 'string') return !n.namedChildren.some((k) => k.type === 'interpolation');
  return n?.type === 'binary_operator' && n.childForFieldName('operator')?.text === '*' && constantPiece(n.childForFieldName('left'));
}

/**
 * Every write to `name` in the loop adds a constant (`s += " "`, `s = s + "\n"`, `tags += '^' * n`): the loop
 * writes separators, padding or marks, one per pass, while its data goes elsewhere. A write that reads the
 * string with data (`s = "%s<!ENTITY %s" % (s, e.name)`) keeps the loop sure.
 */
export function constantPiecesOnly(name: string, loop: Node): boolean {
  let writes = 0;
  for (const n of descendants(loop)) {
    if ((n.type !== 'augmented_assignment' && n.type !== 'assignment') || n.childForFieldName('left')?.text !== name) continue;
    const right = n.childForFieldName('right');
    if (n.type === 'augmented_assignment') {
      if (n.childForFieldName('operator')?.text !== '+=' || !constantPiece(right)) return false;
    } else if (right?.type !== 'binary_operator' || right.childForFieldName('left')?.text !== name || !constantPiece(right.childForFieldName('right'))) {
      return false;
    }
    writes++;
  }
  return writes > 0;
}

function raisesOrReturns(block: Node | null): boolean {
  return !!block && [...descendants(block)].some((n) => n.type === 'raise_statement' || n.type === 'return_statement');
}

/**
 * `while n >= unit: … n -= unit` where the function first refuses an `n` out of a literal range
 * (`if not (-1 < n < 5000): raise …`): a checked number counted down, so a bounded number of passes.
 */
export function rangeCheckedCountdown(loop: Node): boolean {
  const cond = loop.type === 'while_statement' ? loop.childForFieldName('condition') : null;
  const body = loop.childForFieldName('body');
  if (cond?.type !== 'comparison_operator' || !body) return false;
  const counted = cond.namedChildren
    .filter((k) => k.type === 'identifier')
    .map((k) => k.text)
    .filter((v) =>
      [...descendants(body)].some(
        (n) => n.type === 'augmented_assignment' && n.childForFieldName('operator')?.text === '-=' && n.childForFieldName('left')?.text === v,
      ),
    );
  const fnBody = enclosingFunction(loop)?.childForFieldName('body');
  if (counted.length === 0 || !fnBody) return false;
  return [...descendants(fnBody)].some((n) => {
    if (n.type !== 'if_statement' || n.startIndex >= loop.startIndex) return false;
    const test = n.childForFieldName('condition');
    const checks = !!test && [...descendants(test)].some((k) => k.type === 'integer') && counted.some((v) => identifierUses(test, v).length > 0);
    return checks && raisesOrReturns(n.childForFieldName('consequence'));
  });
}

const GROWS = /^\.(append|extend|insert|add|update|setdefault)\(|^\s*(\[[^\]]*\]\s*)?(\+|\|)?=[^=]/;
const SHRINKS = /^\.(pop|remove|popitem)\(/;

/** `self.<field>` of a `for` loop's iterable (`self.endings`, `reversed(self.endings)`), with the class around it. */
function selfField(loop: Node): { field: string; cls: Node } | null {
  let right = loop.type === 'for_statement' ? loop.childForFieldName('right') : null;
  if (right?.type === 'call' && /^(reversed|enumerate|list)$/.test(right.childForFieldName('function')?.text ?? ''))
    right = right.childForFieldName('arguments')?.namedChildren[0] ?? null;
  const field = right?.type === 'attribute' && right.childForFieldName('object')?.text === 'self' ? right.childForFieldName('attribute')?.text : null;
  const cls = classOf(loop);
  return field && cls ? { field, cls } : null;
}

/** Each use of `self.<field>` in the class: the text right after it (`.append(x)`, ` = value`) and the method it is in. */
function fieldUses(cls: Node, field: string): { rest: string; method: Node | null }[] {
  const uses: { rest: string; method: Node | null }[] = [];
  const re = new RegExp(`\\bself\\.${field}\\b`, 'g');
  for (let m = re.exec(cls.text); m; m = re.exec(cls.text)) {
    const at = cls.descendantForIndex(cls.startIndex + m.index);
    uses.push({ rest: cls.text.slice(m.index + m[0].length).split('\n')[0], method: at && enclosingFunction(at) });
  }
  return uses;
}

/**
 * `for part in self.replace` where the class sets `self.replace` once, in `__init__`, from a constructor
 * argument, and nothing in the class ever grows or rebinds it: the loop walks what the object was configured
 * with (a template's parts), not data that accumulates.
 */
export function overConfiguredField(loop: Node): boolean {
  const f = selfField(loop);
  const writes = f ? fieldUses(f.cls, f.field).filter((u) => GROWS.test(u.rest)) : [];
  if (writes.length !== 1 || writes[0].method?.childForFieldName('name')?.text !== '__init__') return false;
  const value = writes[0].rest.match(/^\s*=\s*(\w+)\s*$/)?.[1];
  return !!value && paramNames(writes[0].method).includes(value);
}

/**
 * `for ending in self.endings` where the class also pops or removes from `self.endings`: a stack of what is
 * pending (open brackets, nested endings), as deep as the nesting, not everything the input held.
 */
export function overStackField(loop: Node): boolean {
  const f = selfField(loop);
  return !!f && fieldUses(f.cls, f.field).some((u) => SHRINKS.test(u.rest));
}

/**
 * `for id in ids[1:]` with `ids = node.get('ids', [])`: one optional keyed field of one argument (a node's
 * ids or classes), read with an empty default.
 */
export function overOptionalField(loop: Node): boolean {
  let it = iterableOf(loop);
  if (it?.type === 'subscript') it = it.childForFieldName('value');
  if (it?.type === 'identifier') it = valueBefore(loop, it.text);
  const fn = it?.type === 'call' ? it.childForFieldName('function') : null;
  const args = it?.childForFieldName('arguments')?.namedChildren ?? [];
  if (fn?.type !== 'attribute' || fn.childForFieldName('attribute')?.text !== 'get' || args.length !== 2) return false;
  const owner = fn.childForFieldName('object');
  const empty = (a: Node) => (a.type === 'list' || a.type === 'tuple') && a.namedChildCount === 0;
  return owner?.type === 'identifier' && paramNames(enclosingFunction(loop)).includes(owner.text) && args[0].type === 'string' && empty(args[1]);
}
