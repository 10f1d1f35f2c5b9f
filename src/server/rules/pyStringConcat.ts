// py/string-concat-in-loop: a str grown with += (or s = s + x) across the passes of a loop.
import type { Node } from 'web-tree-sitter';
import type { Captures, Confidence, Fix, Rule, RuleContext } from '../rule';
import { calleeText, contains, descendants, endOfLine, enclosingFunction, enclosingLoop, freshName, identifierUses, indentAt, statementIn } from '../syntax';
import { constantPiecesOnly, overConfiguredField, overOptionalField, overStackField, rangeCheckedCountdown } from './pyConcatBounds';
import { inTestCode, iterableOf, lastAssignment, paramNames, scopeOf } from './pySyntax';

const PY = ['python'] as const;
const LOOP_TYPES = new Set(['for_statement', 'while_statement']);

/** Whether the call passes a keyword argument other than `allowed`. */
function keywordsBesides(call: Node, allowed: string): boolean {
  const args = call.childForFieldName('arguments')?.namedChildren ?? [];
  return args.some((a) => a.type === 'keyword_argument' && a.childForFieldName('name')?.text !== allowed);
}

const STRING_CALLS =
  /^(str|repr|chr|format|ascii)$|\.(join|format|strip|lstrip|rstrip|lower|upper|replace|title|capitalize|decode|hex|zfill|ljust|rjust|center)$/;

/** True when the expression evidently produces a str. */
function isStringExpr(n: Node | null): boolean {
  if (!n) return false;
  switch (n.type) {
    case 'string':
    case 'concatenated_string':
      return !/^[bB]|^[rR][bB]/.test(n.text);
    case 'parenthesized_expression':
      return isStringExpr(n.namedChildren[0]);
    case 'binary_operator': {
      const op = n.childForFieldName('operator')?.text;
      if (op === '%') return isStringExpr(n.childForFieldName('left'));
      return op === '+' && (isStringExpr(n.childForFieldName('left')) || isStringExpr(n.childForFieldName('right')));
    }
    case 'call':
      // `d.replace(tzinfo=…)` is datetime's replace, not str's (which takes old, new and count only).
      return STRING_CALLS.test(calleeText(n)) && !(calleeText(n).endsWith('.replace') && keywordsBesides(n, 'count'));
    default:
      return false;
  }
}

/** The annotation of parameter `name` of the function enclosing `at` (`prefix: str`, `prefix: str = ""`). */
function paramAnnotation(at: Node, name: string): string | null {
  const fn = enclosingFunction(at);
  if (fn?.type !== 'function_definition') return null;
  for (const p of fn.childForFieldName('parameters')?.namedChildren ?? []) {
    if (p.type !== 'typed_parameter' && p.type !== 'typed_default_parameter') continue;
    const id = p.type === 'typed_parameter' ? p.namedChildren.find((k) => k.type === 'identifier') : p.childForFieldName('name');
    if (id?.text === name) return p.childForFieldName('type')?.text ?? null;
  }
  return null;
}

/** Whether the local `name` seen at `at` is evidently a str: its last assignment, or a `str` parameter. */
function nameIsString(name: string, at: Node, depth = 0): boolean {
  const init = lastAssignment(scopeOf(at), name, at.startIndex);
  if (!init) return paramAnnotation(at, name) === 'str';
  const right = init.childForFieldName('right');
  if (isStringExpr(right) || init.childForFieldName('type')?.text === 'str') return true;
  // `s = prefix` where `prefix: str` is a parameter (or a str local): one hop.
  return depth === 0 && right?.type === 'identifier' && nameIsString(right.text, init, 1);
}

/** Whether a `for` loop binds `name` on each pass (`for key, value in …`). */
function loopBinds(loop: Node, name: string): boolean {
  const left = loop.type === 'for_statement' ? loop.childForFieldName('left') : null;
  return !!left && identifierUses(left, name).length > 0;
}

/** The statement `s` is `name = …` or `a, name = …` with a right side that does not read `name`. */
function resets(s: Node, name: string): boolean {
  const a = s.type === 'expression_statement' ? s.namedChildren[0] : null;
  const left = a?.type === 'assignment' ? a.childForFieldName('left') : null;
  const right = a?.childForFieldName('right');
  if (!left || !right) return false;
  const binds =
    left.type === 'identifier'
      ? left.text === name
      : (left.type === 'pattern_list' || left.type === 'tuple_pattern') && left.namedChildren.some((k) => k.type === 'identifier' && k.text === name);
  return binds && identifierUses(right, name).length === 0;
}

/**
 * True when the string is made new on every pass of the innermost loop: the loop binds it, or a
 * statement before the `+=`, in one of the blocks from the loop body down to it, assigns it afresh
 * (`value = "…"` then `value += tb`). Nothing grows across passes. (A reset nested in an `if` of its
 * own is not counted: the string still grows on the passes that skip it.)
 */
function freshEachPass(target: Node, name: string, loop: Node): boolean {
  if (loopBinds(loop, name)) return true;
  const body = loop.childForFieldName('body');
  for (let n: Node = target; n.parent && body && n.id !== body.id; n = n.parent) {
    if (n.parent.type !== 'block') continue;
    for (let s = n.previousNamedSibling; s; s = s.previousNamedSibling) if (resets(s, name)) return true;
  }
  return false;
}

/** `obj.name += …` where `obj` is the loop variable or made in the loop body: a different string per pass. */
function perIterationObject(lhs: Node, loop: Node): boolean {
  let o = lhs;
  while (o.type === 'attribute') o = o.childForFieldName('object')!;
  if (o.id === lhs.id || o.type !== 'identifier') return false;
  const init = lastAssignment(scopeOf(lhs), o.text, lhs.startIndex);
  const body = loop.childForFieldName('body');
  return loopBinds(loop, o.text) || (!!init && !!body && contains(body, init));
}

/** A `break` or `return` right after the `+=` in its block: it runs once, then the loop ends. */
function lastPass(target: Node): boolean {
  for (let s = target.parent?.nextNamedSibling; s; s = s.nextNamedSibling) if (s.type === 'break_statement' || s.type === 'return_statement') return true;
  return false;
}

/** Whether the loop ends at a terminator it finds in the data: a `break` of this loop or a `return` in its body. */
function stopsEarly(loop: Node, grammar: RuleContext['grammar']): boolean {
  const fn = enclosingFunction(loop);
  for (const n of descendants(loop.childForFieldName('body') ?? loop)) {
    if (n.type === 'break_statement' && enclosingLoop(n, grammar)?.id === loop.id) return true;
    if (n.type === 'return_statement' && enclosingFunction(n)?.id === fn?.id) return true;
  }
  return false;
}

/** `for x in [..]` / `for x in NAMES` with `NAMES = [..]`: a fixed number of passes. */
function overLiteral(loop: Node): boolean {
  const right = iterableOf(loop);
  return right?.type === 'list' || right?.type === 'tuple';
}

// Iterables whose size the code fixes: the weeks of a month (at most six), the parts of one dotted
// name, the frames of one traceback.
const BOUNDED_ITERABLE = /calendar\(|\bweeks?\b|\.split\(\s*['"]\.['"]\s*\)$|^(tb|traceback|frames|stack)$|traceback\(|extract_stack\(|walk_(tb|stack)\(/;
// A `range()` bound: an integer literal, or the rows and columns of a terminal window (`self.maxx + 1`).
const BOUNDED_RANGE_ARG = /^\d+$|\bmax[xy]\b/;

/** A `for` loop over data of a size the code fixes: `range(7)`, `range(self.maxy + 1)` or BOUNDED_ITERABLE. */
function boundedLoop(loop: Node): boolean {
  const right = iterableOf(loop);
  if (right?.type === 'call' && right.childForFieldName('function')?.text === 'range') {
    return (right.childForFieldName('arguments')?.namedChildren ?? []).every((a) => BOUNDED_RANGE_ARG.test(a.text));
  }
  return [right?.text, loop.childForFieldName('right')?.text].some((t) => BOUNDED_ITERABLE.test(t ?? ''));
}

/**
 * The loop, every loop inside it and every loop around it in the function are bounded (boundedLoop):
 * the string can grow only by a fixed number of pieces.
 */
function overBoundedData(loop: Node, grammar: RuleContext['grammar']): boolean {
  const body = loop.childForFieldName('body');
  if (!body || [...descendants(body)].some((n) => LOOP_TYPES.has(n.type) && !boundedLoop(n))) return false;
  for (let l: Node | null = loop; l; l = enclosingLoop(l, grammar)) if (!boundedLoop(l)) return false;
  return true;
}

/** `for c in text` (a loop variable named as one character), not inside another loop: a character-wise copy of one string. */
function perCharacter(loop: Node, grammar: RuleContext['grammar']): boolean {
  const left = loop.type === 'for_statement' ? loop.childForFieldName('left') : null;
  return /^(c|ch|char)$/.test(left?.text ?? '') && loop.childForFieldName('right')?.type === 'identifier' && enclosingLoop(loop, grammar) === null;
}

const ONE_ITEM = /^(line|token|word|char|ch|cell|label)$/;

/** Names the loop header reads: the `for` iterable or the `while` condition. */
function headerNames(loop: Node): string[] {
  const header = loop.childForFieldName(loop.type === 'for_statement' ? 'right' : 'condition');
  return header ? [...descendants(header)].filter((n) => n.type === 'identifier').map((n) => n.text) : [];
}

/**
 * The header reads `names`, directly or through a local assigned from them (one hop): `while not pos.finished()`
 * after `pos = TextPosition(line)`.
 */
function headerReads(loop: Node, names: string[]): boolean {
  return headerNames(loop).some((h) => {
    if (names.includes(h)) return true;
    const right = lastAssignment(scopeOf(loop), h, loop.startIndex)?.childForFieldName('right');
    return !!right && names.some((n) => identifierUses(right, n).length > 0);
  });
}

/** The loop walks a parameter named as one item (`def _wrap_line(self, line)`, `def escape(self, line)`): one line or token. */
function overOneItemParam(loop: Node): boolean {
  const items = paramNames(enclosingFunction(loop)).filter((n) => ONE_ITEM.test(n));
  return items.length > 0 && headerReads(loop, items);
}

/**
 * The string is made new on each pass of an outer loop, and the inner loop walks that pass's item
 * (`for kind, value in tokens: text = value; value = ''; while text: … value += …`): it holds one item.
 */
function perItemOfOuterLoop(name: string, loop: Node, grammar: RuleContext['grammar']): boolean {
  for (let outer = enclosingLoop(loop, grammar); outer; outer = enclosingLoop(outer, grammar)) {
    const left = outer.type === 'for_statement' ? outer.childForFieldName('left') : null;
    const bound = left ? [...descendants(left)].filter((n) => n.type === 'identifier').map((n) => n.text) : [];
    if (freshEachPass(loop, name, outer) && bound.length > 0 && headerReads(loop, bound)) return true;
  }
  return false;
}

/**
 * Sure when the string grows over the whole input: not in test code, not in a loop that stops at a
 * terminator or tests the next character (a scanner reading one token or line: `result += c` until
 * the closing quote) or that empties the string as it goes, not over a literal list or `*args`.
 */
function concatConfidence(c: Captures, ctx: RuleContext): Confidence {
  const loop = enclosingLoop(c.target, ctx.grammar)!;
  if (inTestCode(c.target, ctx) || stopsEarly(loop, ctx.grammar) || overLiteral(loop) || overVarargs(loop) || scansToken(loop) || resetInLoop(c.lhs, loop)) {
    return 'low';
  }
  return boundedSize(c.lhs, loop, ctx.grammar) ? 'low' : 'high';
}

/** Evidence that the string stays small although the syntax shows no terminator: see each predicate. */
function boundedSize(lhs: Node, loop: Node, grammar: RuleContext['grammar']): boolean {
  if (overBoundedData(loop, grammar) || perCharacter(loop, grammar) || overOneItemParam(loop)) return true;
  if (overStackField(loop) || constantPiecesOnly(lhs.text, loop) || overConfiguredField(loop) || overOptionalField(loop)) return true;
  return (rangeCheckedCountdown(loop) && fixedOuterLoops(loop, grammar)) || (lhs.type === 'identifier' && perItemOfOuterLoop(lhs.text, loop, grammar));
}

/** Every loop around `loop` walks a literal table or a bounded range (`for numeral, value in ROMAN:`). */
function fixedOuterLoops(loop: Node, grammar: RuleContext['grammar']): boolean {
  for (let l = enclosingLoop(loop, grammar); l; l = enclosingLoop(l, grammar)) if (!overLiteral(l) && !boundedLoop(l)) return false;
  return true;
}

/** `for arg in args` over a `*args` parameter: the handful of arguments of one call. */
function overVarargs(loop: Node): boolean {
  const right = loop.type === 'for_statement' ? loop.childForFieldName('right') : null;
  const params = enclosingFunction(loop)?.childForFieldName('parameters')?.namedChildren ?? [];
  return right?.type === 'identifier' && params.some((p) => p.type === 'list_splat_pattern' && p.text === `*${right.text}`);
}

/**
 * `while value and value[0].isdigit():` / `while source.next in DIGITS:` / `while not line.endswith(end):` /
 * `while currentcheck():` — a scanner reading one token, up to a terminator.
 */
function scansToken(loop: Node): boolean {
  const cond = loop.type === 'while_statement' ? (loop.childForFieldName('condition')?.text ?? '') : '';
  return /\[0\]|\.next\b|^\w+\s*==\s*['"]|\.(endswith|startswith)\(|\bcurrent\w*\(/.test(cond);
}

/** The loop empties the string somewhere (`line = ""` after a newline): it holds one line or token at a time. */
function resetInLoop(lhs: Node, loop: Node): boolean {
  if (lhs.type !== 'identifier') return false;
  for (const n of descendants(loop.childForFieldName('body') ?? loop)) if (n.type === 'expression_statement' && resets(n, lhs.text)) return true;
  return false;
}

function concatIsString(c: Captures, loop: Node): boolean {
  if (c.lhs.type === 'identifier' && freshEachPass(c.target, c.lhs.text, loop)) return false;
  if (isStringExpr(c.rhs)) return true;
  if (c.lhs.type !== 'identifier') return false;
  return nameIsString(c.lhs.text, c.target);
}

/** `s = ""; for …: s += x` → `parts = []; for …: parts.append(x)` then `s = "".join(parts)` after the loop. */
function joinFix(c: Captures, ctx: RuleContext): Fix | null {
  const name = c.lhs.text;
  if (c.lhs.type !== 'identifier') return null;
  const scope = scopeOf(c.target);
  const init = lastAssignment(scope, name, c.target.startIndex);
  const initStmt = init?.parent;
  const block = initStmt?.parent;
  if (!init || initStmt?.type !== 'expression_statement' || !block || init.childForFieldName('right') === null) return null;
  const loop = statementIn(block, c.target);
  if (!loop || !LOOP_TYPES.has(loop.type) || loop.startIndex < initStmt.endIndex) return null;
  // Nothing may read or write the name between the initialisation and the loop, nor inside the loop
  // except the `+=` statements themselves (which must not read it on their right-hand side).
  const between = ctx.text.slice(initStmt.endIndex, loop.startIndex);
  if (new RegExp(`\\b${name}\\b`).test(between)) return null;
  const augs: Node[] = [];
  for (const use of identifierUses(loop, name)) {
    const aug = use.parent;
    if (aug?.type !== 'augmented_assignment' || aug.childForFieldName('left')?.id !== use.id) return null;
    if (aug.childForFieldName('operator')?.text !== '+=' || aug.parent?.type !== 'expression_statement') return null;
    if (identifierUses(aug.childForFieldName('right')!, name).length) return null;
    augs.push(aug);
  }
  if (augs.length === 0) return null;
  const value = init.childForFieldName('right')!.text;
  const parts = freshName(ctx.text, `${name}_parts`);
  const empty = /^[rRuU]?("")$|^[rRuU]?('')$/.test(value);
  const edits = [
    { start: init.startIndex, end: init.endIndex, newText: `${parts} = [${empty ? '' : value}]` },
    ...augs.map((a) => ({ start: a.startIndex, end: a.endIndex, newText: `${parts}.append(${a.childForFieldName('right')!.text})` })),
  ];
  const after = endOfLine(ctx.text, loop.endIndex - 1);
  const nl = after === ctx.text.length && !ctx.text.endsWith('\n') ? '\n' : '';
  edits.push({ start: after, end: after, newText: `${nl}${indentAt(ctx.text, loop.startIndex)}${name} = "".join(${parts})\n` });
  return { title: `Collect the pieces in a list and "".join them after the loop`, edits };
}

export const stringConcat: Rule = {
  id: 'py/string-concat-in-loop',
  languages: PY,
  severity: 'warning',
  title: 'String concatenation with += in a loop',
  message:
    'String += in a loop copies the whole string on every iteration (quadratic when CPython cannot resize in place, e.g. under a profiler or with other references). Append the pieces to a list and "".join() them once after the loop.',
  query: `
    (augmented_assignment left: (_) @lhs operator: "+=" right: (_) @rhs) @target
    (assignment left: (identifier) @lhs right: (binary_operator left: (identifier) @self operator: "+" right: (_) @rhs)) @target`,
  // `parts[i] += s` grows a different string per index, not one accumulator: left alone.
  // `s = s + x` is reported too (no quick fix: only the += shape is rewritten).
  check(c, ctx) {
    if (c.lhs.type === 'subscript' || (c.self && c.self.text !== c.lhs.text)) return false;
    const loop = enclosingLoop(c.target, ctx.grammar);
    return loop !== null && !perIterationObject(c.lhs, loop) && !lastPass(c.target) && concatIsString(c, loop);
  },
  confidence: concatConfidence,
  fix: joinFix,
  example: {
    bad: 'out = ""\nfor row in rows:\n    out += f"{row}\\n"',
    good: 'out_parts = []\nfor row in rows:\n    out_parts.append(f"{row}\\n")\nout = "".join(out_parts)',
  },
};
