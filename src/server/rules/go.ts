import type { Node } from 'web-tree-sitter';
import type { Captures, Confidence, Fix, Rule, RuleContext } from '../rule';
import { calleeText, contains, descendants, enclosingFunction, enclosingLoop, freshName, identifierUses, indentAt, statementIn } from '../syntax';
import { appendPrealloc } from './goAppend';
import { boundIn, functionBody, goDeclaration, goParamType, inTestCode, writes } from './goSyntax';

const GO = ['go'] as const;

const STRING_FUNCS =
  /^(fmt\.Sprint|fmt\.Sprintf|fmt\.Sprintln|strconv\.(Itoa|Quote|FormatInt|FormatUint|FormatFloat|FormatBool)|strings\.\w+|string|filepath\.\w+|path\.\w+)$|\.String$/;

function isGoString(n: Node | null | undefined): boolean {
  if (!n) return false;
  if (n.type === 'interpreted_string_literal' || n.type === 'raw_string_literal') return true;
  if (n.type === 'parenthesized_expression') return isGoString(n.namedChildren[0]);
  if (n.type === 'binary_expression')
    return n.childForFieldName('operator')?.text === '+' && (isGoString(n.childForFieldName('left')) || isGoString(n.childForFieldName('right')));
  if (n.type === 'call_expression') {
    const fn = calleeText(n);
    return (
      STRING_FUNCS.test(fn) &&
      !/^strings\.(Split\w*|Fields\w*|Index\w*|Count|Compare|Contains\w*|HasPrefix|HasSuffix|EqualFold|Cut\w*|NewReader|NewReplacer|Builder)$/.test(fn)
    );
  }
  return false;
}

/** An edit adding `import "<pkg>"` unless the file already imports it. */
function ensureGoImport(ctx: RuleContext, pkg: string) {
  if (new RegExp(`"${pkg}"`).test(ctx.text.slice(0, ctx.root.namedChildren.find((n) => n.type === 'function_declaration')?.startIndex ?? ctx.text.length)))
    return null;
  const decl = ctx.root.namedChildren.find((n) => n.type === 'import_declaration');
  const list = decl?.namedChildren.find((n) => n.type === 'import_spec_list');
  const last = list?.namedChildren.filter((n) => n.type === 'import_spec').at(-1);
  if (last) return { start: last.endIndex, end: last.endIndex, newText: `\n\t"${pkg}"` };
  const pkgClause = ctx.root.namedChildren.find((n) => n.type === 'package_clause')!;
  return { start: pkgClause.endIndex, end: pkgClause.endIndex, newText: `\n\nimport "${pkg}"` };
}

function goStatementList(n: Node): Node | null {
  return n.type === 'var_declaration' || n.type === 'short_var_declaration' ? n.parent : null;
}

// ---- go/string-concat-in-loop ----

/** The type of a named result (`func f() (s string)`). */
function goResultType(fn: Node | null, name: string): Node | null {
  const result = fn?.childForFieldName('result');
  if (result?.type !== 'parameter_list') return null;
  for (const p of result.namedChildren) if (p.childrenForFieldName('name').some((n) => n.text === name)) return p.childForFieldName('type');
  return null;
}

/** Whether the local, parameter or named result `name` (seen at `at`) is evidently a string. */
function goNameIsString(name: string, at: Node, depth = 0): boolean {
  const fn = enclosingFunction(at);
  const body = functionBody(at);
  const decl = body ? goDeclaration(body, name, at.startIndex) : null;
  if (decl) {
    if (decl.type) return decl.type.text === 'string';
    if (isGoString(decl.value)) return true;
    // `s := prefix` where prefix is a string parameter or local: one hop is enough in practice.
    return depth === 0 && decl.value?.type === 'identifier' && goNameIsString(decl.value.text, decl.stmt, 1);
  }
  return (goParamType(fn, name) ?? goResultType(fn, name))?.text === 'string';
}

/**
 * True when the string is made new on every pass of the innermost loop (declared in its body, or
 * assigned a value not read from itself by a statement of the body before the `+=`): nothing grows
 * across passes, so there is nothing quadratic to report.
 */
function freshEachPass(c: Captures, loop: Node): boolean {
  const name = c.lhs.text;
  const loopBlock = loop.childForFieldName('body');
  if (!loopBlock) return false;
  const body = functionBody(c.target);
  const decl = body ? goDeclaration(body, name, c.target.startIndex) : null;
  // A declaration inside the loop whose block encloses the `+=` (not a shadow in a sibling block).
  if (decl && contains(loopBlock, decl.stmt) && decl.stmt.parent && contains(decl.stmt.parent, c.target)) return true;
  const list = loopBlock.namedChildren.find((n) => n.type === 'statement_list');
  if (!list) return false;
  const stmt = statementIn(list, c.target);
  for (const s of list.namedChildren) {
    if (!stmt || s.startIndex >= stmt.startIndex) break;
    if (s.type !== 'assignment_statement' || s.childForFieldName('operator')?.text !== '=') continue;
    const left = s.childForFieldName('left')!.namedChildren;
    const right = s.childForFieldName('right')!.namedChildren;
    if (left.length === 1 && left[0].text === name && right.length === 1 && identifierUses(right[0], name).length === 0) return true;
  }
  return false;
}

function goConcatIsString(c: Captures, ctx: RuleContext): boolean {
  const loop = enclosingLoop(c.target, ctx.grammar);
  if (!loop || freshEachPass(c, loop) || inTestCode(c.target, ctx)) return false;
  return isGoString(c.rhs) || goNameIsString(c.lhs.text, c.target);
}

/** Functions that format a value for display or an error (String, GoString, Error, pathString, LongHTML): over its few parts. */
const DISPLAY_FUNC = /^(String|GoString|Error|Format)$|(String|HTML)$/;
/** Loop headers over input whose size the program does not choose: scanned or split text, read lines, a directory listing. */
const INPUT_LOOP = /\.Scan\(\)|\b(strings|bytes)\.(Split\w*|Fields\w*|Lines)\(|\.Read(String|Line|Bytes|Rune)\(|\bReadDir\(|\.Readdir(names)?\(/;

/**
 * Quadratic only costs when the pieces are many. Sure when the loop runs over input of unbounded size
 * (lines scanned or split from text, a directory listing) outside a display method; a String() over a
 * value's fields, a register mask or a path of a few names is a hint.
 */
function concatConfidence(c: Captures, ctx: RuleContext): Confidence {
  let named = enclosingFunction(c.target);
  while (named?.type === 'func_literal') named = enclosingFunction(named);
  if (DISPLAY_FUNC.test(named?.childForFieldName('name')?.text ?? '')) return 'low';
  for (let loop = enclosingLoop(c.target, ctx.grammar); loop; loop = enclosingLoop(loop, ctx.grammar)) {
    if (INPUT_LOOP.test(ctx.text.slice(loop.startIndex, loop.childForFieldName('body')!.startIndex))) return 'high';
  }
  return 'low';
}

function builderFix(c: Captures, ctx: RuleContext): Fix | null {
  const name = c.lhs.text;
  const body = functionBody(c.target);
  const decl = body ? goDeclaration(body, name, c.target.startIndex) : null;
  if (!decl || (decl.type && decl.type.text !== 'string') || (decl.value && !/^("([^"\\]|\\.)*"|`[^`]*`)$/.test(decl.value.text))) return null;
  const list = goStatementList(decl.stmt);
  if (!list || list.type !== 'statement_list') return null;
  const loop = statementIn(list, c.target);
  if (loop?.type !== 'for_statement') return null;
  if (new RegExp(`\\b${name}\\b`).test(ctx.text.slice(decl.stmt.endIndex, loop.startIndex))) return null;
  const writes: Node[] = [];
  for (const use of identifierUses(loop, name)) {
    const assign = use.parent?.parent;
    if (assign?.type !== 'assignment_statement' || assign.childForFieldName('operator')?.text !== '+=') return null;
    const left = assign.childForFieldName('left')!.namedChildren;
    const right = assign.childForFieldName('right')!.namedChildren;
    if (left.length !== 1 || right.length !== 1 || left[0].id !== use.id || identifierUses(right[0], name).length) return null;
    writes.push(assign);
  }
  const builder = freshName(ctx.text, `${name}Builder`);
  const indent = indentAt(ctx.text, decl.stmt.startIndex);
  const init = decl.value && decl.value.text.length > 2 ? `\n${indent}${builder}.WriteString(${decl.value.text})` : '';
  const edits = [
    { start: decl.stmt.startIndex, end: decl.stmt.endIndex, newText: `var ${builder} strings.Builder${init}` },
    ...writes.map((w) => ({ start: w.startIndex, end: w.endIndex, newText: `${builder}.WriteString(${w.childForFieldName('right')!.text})` })),
    { start: loop.endIndex, end: loop.endIndex, newText: `\n${indentAt(ctx.text, loop.startIndex)}${name} := ${builder}.String()` },
  ];
  const imp = ensureGoImport(ctx, 'strings');
  if (imp) edits.push(imp);
  return { title: 'Build the string with a strings.Builder', edits };
}

const goStringConcat: Rule = {
  id: 'go/string-concat-in-loop',
  languages: GO,
  severity: 'warning',
  title: 'String concatenation with += in a loop',
  message:
    'Go strings are immutable: s += x allocates a new string and copies everything so far on every iteration (quadratic). Write the pieces to a strings.Builder (Grow it if you know the size) and call String() once.',
  query: `
    (assignment_statement left: (expression_list . (identifier) @lhs .) operator: "+=" right: (expression_list . (_) @rhs .)) @target
    (assignment_statement left: (expression_list . (identifier) @lhs .) operator: "=" right: (expression_list . (binary_expression left: (identifier) @self operator: "+" right: (_) @rhs) .)) @target`,
  // `s = s + x` is reported too (no quick fix: only the += shape is rewritten).
  check: (c, ctx) => (!c.self || c.self.text === c.lhs.text) && goConcatIsString(c, ctx),
  confidence: concatConfidence,
  fix: builderFix,
  example: {
    bad: 'out := ""\nfor _, l := range lines {\n\tout += l + "\\n"\n}',
    good: 'var outBuilder strings.Builder\nfor _, l := range lines {\n\toutBuilder.WriteString(l + "\\n")\n}\nout := outBuilder.String()',
  },
};

// ---- go/alloc-in-loop ----

/** Whether the local `name` escapes the loop body (kept past the iteration), so it cannot be reused. */
function escapes(loopBody: Node, name: string, decl: Node): boolean {
  for (const use of identifierUses(loopBody, name)) {
    if (use.startIndex < decl.endIndex) continue;
    for (let p = use.parent; p && p.id !== loopBody.id; p = p.parent) {
      if (
        p.type === 'func_literal' ||
        p.type === 'go_statement' ||
        p.type === 'defer_statement' ||
        p.type === 'send_statement' ||
        p.type === 'return_statement' ||
        p.type === 'literal_value'
      )
        return true;
      if (p.type === 'call_expression' && calleeText(p) === 'append' && p.childForFieldName('arguments')!.namedChildren[0]?.id !== use.id) return true;
      if (p.type === 'assignment_statement' && p.childForFieldName('right')!.startIndex <= use.startIndex) return true;
    }
  }
  return false;
}

const allocInLoop: Rule = {
  id: 'go/alloc-in-loop',
  languages: GO,
  severity: 'info',
  title: 'Allocation or regexp compilation repeated on every iteration',
  message:
    'This allocates on every iteration (or recompiles a constant regular expression each time), which costs time in the allocator and in GC. Hoist it before the loop and reuse it (buf = buf[:0], clear(m)); compile constant regexps once at package level.',
  query: '((call_expression function: (_) @fn) @target (#match? @fn "^(make|regexp\\.(MustCompile|Compile|MustCompilePOSIX))$"))',
  check(c, ctx) {
    c.args = c.target.childForFieldName('arguments')!;
    const loop = enclosingLoop(c.target, ctx.grammar);
    if (!loop || inTestCode(c.target, ctx)) return false;
    const fn = c.fn.text;
    const first = c.args.namedChildren[0];
    if (/^regexp\.(MustCompile|Compile|MustCompilePOSIX)$/.test(fn))
      return first?.type === 'interpreted_string_literal' || first?.type === 'raw_string_literal';
    if (fn !== 'make' || (first?.type !== 'slice_type' && first?.type !== 'map_type')) return false;
    const decl = c.target.parent?.parent;
    if (decl?.type !== 'short_var_declaration' || decl.childForFieldName('left')!.namedChildren.length !== 1) return false;
    return !escapes(loop.childForFieldName('body')!, decl.childForFieldName('left')!.namedChildren[0].text, decl);
  },
  // A constant regexp compiled per pass is always waste. A make is sure only where the path repeats
  // (the loop runs inside another loop) and the size is the same on every pass (so one buffer serves);
  // a `for {}` retry loop usually runs once.
  confidence(c, ctx) {
    if (c.fn.text !== 'make') return 'high';
    // A small make of constant size that does not escape is put on the stack by the compiler: no allocation.
    const sizes = c.args.namedChildren.slice(1);
    if (sizes.length > 0 && sizes.every((n) => n.type === 'int_literal' && Number(n.text) <= 1024)) return 'low';
    const loop = enclosingLoop(c.target, ctx.grammar)!;
    const endless = loop.type === 'for_statement' && loop.namedChildren.length === 1;
    return !endless && enclosingLoop(loop, ctx.grammar) !== null && loopInvariant(c.args, loop) ? 'high' : 'low';
  },
  example: {
    bad: 'for _, f := range files {\n\tbuf := make([]byte, 64*1024)\n\tn, _ := f.Read(buf)\n\tsum += n\n}',
    good: 'buf := make([]byte, 64*1024)\nfor _, f := range files {\n\tn, _ := f.Read(buf)\n\tsum += n\n}',
  },
};

// ---- go/unbuffered-channel-queue ----

function channelName(make: Node): string | null {
  const holder = make.parent?.parent;
  if (holder?.type === 'short_var_declaration' || holder?.type === 'assignment_statement') {
    const left = holder.childForFieldName('left')!.namedChildren;
    return left.length === 1 ? left[0].text : null;
  }
  if (make.parent?.type === 'expression_list' && holder?.type === 'var_spec') return holder.childForFieldName('name')?.text ?? null;
  return null;
}

function sendsOn(scope: Node, ch: string): Node[] {
  const out: Node[] = [];
  for (const n of descendants(scope)) if (n.type === 'send_statement' && n.childForFieldName('channel')?.text === ch) out.push(n);
  return out;
}

/** The body of the outermost function around `n` (a goroutine's literal sits inside the function that made its channels). */
function outermostBody(n: Node): Node | null {
  let fn = enclosingFunction(n);
  for (let up = fn && enclosingFunction(fn); up; up = enclosingFunction(up)) fn = up;
  return fn?.childForFieldName('body') ?? null;
}

/** `name := make(chan T[, n])` anywhere in `body`. */
function chanMadeIn(body: Node | null, name: string): boolean {
  for (const n of body ? descendants(body) : [])
    if (
      n.type === 'call_expression' &&
      calleeText(n) === 'make' &&
      n.childForFieldName('arguments')!.namedChildren[0]?.type === 'channel_type' &&
      channelName(n) === name
    )
      return true;
  return false;
}

/**
 * A send inside a loop that waits for its input: a range over a channel (made in the function or a parameter) or over a call
 * that takes a context (`range c.ListObjects(ctx, …)`), or a receive (`case req := <-reqCh:`) in the loop.
 */
function pacedByInput(send: Node, grammar: RuleContext['grammar']): boolean {
  const loop = enclosingLoop(send, grammar);
  if (!loop) return false;
  const over = loop.namedChildren.find((k) => k.type === 'range_clause')?.childForFieldName('right');
  const body = outermostBody(send);
  const chanParam = () => goParamType(body?.parent ?? null, over!.text)?.type === 'channel_type';
  if (over && (chanMadeIn(body, over.text) || chanParam() || (over.type === 'call_expression' && /\bctx\b|context\./.test(over.text)))) return true;
  return [...descendants(loop)].some((n) => n.type === 'unary_expression' && n.childForFieldName('operator')?.text === '<-');
}

/** The channel leaves the function (`return ch`, `newObject(…, ch)`, `c.RemoveObjects(ctx, b, ch, …)`): its consumer is an API designed elsewhere. */
function handedOff(body: Node, ch: string): boolean {
  return identifierUses(body, ch).some((u) => {
    const holder = u.parent?.type === 'expression_list' ? u.parent.parent : u.parent;
    if (holder?.type === 'return_statement') return true;
    const call = holder?.type === 'argument_list' ? holder.parent : null;
    return !!call && call.parent?.type !== 'go_statement' && calleeText(call) !== 'close' && calleeText(call) !== 'len' && calleeText(call) !== 'cap';
  });
}

/**
 * Sure only when a buffer would let the producer run ahead: no send is a select case with a way out (a
 * cancellable pipeline stage, whose pace the author chose), the producing loop does not itself wait on
 * another channel or do I/O per item (a call taking a context), and the channel stays in the function.
 */
function queueConfidence(c: Captures, ctx: RuleContext): Confidence {
  const ch = channelName(c.target)!;
  const body = functionBody(c.target)!;
  const sends = sendsOn(body, ch).filter((s) => enclosingLoop(s, ctx.grammar) !== null);
  if (handedOff(body, ch)) return 'low';
  for (const s of sends) {
    if (sendCanGiveUp(s) || pacedByInput(s, ctx.grammar)) return 'low';
    const loop = enclosingLoop(s, ctx.grammar)!;
    if (
      [...descendants(loop)].some(
        (n) => n.type === 'call_expression' && /^(ctx|context\.\w+\(\))$/.test(n.childForFieldName('arguments')?.namedChildren[0]?.text ?? ''),
      )
    )
      return 'low';
  }
  return 'high';
}

const unbufferedQueue: Rule = {
  id: 'go/unbuffered-channel-queue',
  languages: GO,
  severity: 'info',
  title: 'Unbuffered channel used as a work queue',
  message:
    'Values are sent on this unbuffered channel in a loop, so producer and consumer hand off one value at a time: each send blocks until a receiver is ready, and the two goroutines run in lockstep. Give the queue a buffer (make(chan T, n)) sized to absorb bursts.',
  query: '((call_expression function: (identifier) @fn arguments: (argument_list . (channel_type) @type .)) @target (#eq? @fn "make"))',
  check(c, ctx) {
    if (c.fn.text !== 'make' || /struct\s*\{\s*\}|\bbool$/.test(c.type.text)) return false;
    const ch = channelName(c.target);
    const body = functionBody(c.target);
    return (
      !inTestCode(c.target, ctx) &&
      !!ch &&
      !!body &&
      // A send repeated by a loop of its own function: a producer feeding a consumer. Goroutines started
      // in a loop that each send one result (fan-in) are not a queue: every one of them runs at once.
      sendsOn(body, ch).some((s) => enclosingLoop(s, ctx.grammar) !== null)
    );
  },
  confidence: queueConfidence,
  example: { bad: 'jobs := make(chan Job)\ngo worker(jobs)\nfor _, j := range all {\n\tjobs <- j\n}', good: 'jobs := make(chan Job, 64)' },
};

// ---- go/reflect-in-loop ----

/** The call is part of a `panic(…)` or a `return`: it runs once, on the pass that leaves the loop (`panic(fmt.Sprintf("invalid %v", reflect.TypeOf(arg)))`). */
function leavesLoop(call: Node, loop: Node): boolean {
  for (let n = call.parent; n && n.id !== loop.id; n = n.parent) {
    if (n.type === 'return_statement' || (n.type === 'call_expression' && calleeText(n) === 'panic')) return true;
  }
  return false;
}

// Calls that make a new value on each call (its result is kept per iteration): not something to hoist.
const REFLECT_MAKERS = /^(New|NewAt|Zero|Append|AppendSlice|MakeSlice|MakeMap|MakeMapWithSize|MakeChan|MakeFunc|Copy|Indirect|Select)$/;

/** Whether every name the call reads keeps its value across iterations of `loop` (so the call can move out). */
function loopInvariant(args: Node, loop: Node): boolean {
  const changed = new Set<string>();
  // `fs[0].Name = …`: a write into an element or field changes what the call sees.
  for (const n of descendants(loop)) {
    if (n.type !== 'assignment_statement') continue;
    for (let left of n.childForFieldName('left')!.namedChildren) {
      while (left.type === 'selector_expression' || left.type === 'index_expression') left = left.namedChildren[0];
      changed.add(left.text);
    }
  }
  for (const id of descendants(args)) {
    if (id.type === 'identifier' && (changed.has(id.text) || boundIn(loop, id.text) || writes(loop, id.text))) return false;
  }
  return true;
}

const reflectInLoop: Rule = {
  id: 'go/reflect-in-loop',
  languages: GO,
  severity: 'info',
  title: 'reflect called on every loop iteration',
  message:
    'reflect calls are slow (interface boxing, allocations, no inlining) and here they run on every iteration. Do the reflection once before the loop (cache the reflect.Type, field indexes or a method value), or use a type switch or generics.',
  query: '((call_expression function: (selector_expression operand: (identifier) @pkg field: (field_identifier) @fn)) @target (#eq? @pkg "reflect"))',
  check: (c, ctx) => c.pkg.text === 'reflect' && /"reflect"/.test(ctx.text) && enclosingLoop(c.target, ctx.grammar) !== null && !inTestCode(c.target, ctx),
  // Sure only when the call could move before the loop: it reads nothing the loop changes and returns
  // metadata, not a new value. Reflection on each element (encoding/json, fmt, gob) is the package's job.
  confidence(c, ctx) {
    const loop = enclosingLoop(c.target, ctx.grammar)!;
    if (leavesLoop(c.target, loop)) return 'low';
    return !REFLECT_MAKERS.test(c.fn.text) && loopInvariant(c.target.childForFieldName('arguments')!, loop) ? 'high' : 'low';
  },
  example: {
    bad: 'for _, v := range values {\n\tt := reflect.TypeOf(v)\n\tuse(t.Name())\n}',
    good: 'switch v := v.(type) { /* or cache reflect.TypeOf once */ }',
  },
};

// ---- go/goroutine-leak ----

function unbufferedMakeOf(body: Node, ch: string): Node | null {
  for (const n of descendants(body)) {
    if (n.type === 'call_expression' && calleeText(n) === 'make') {
      const args = n.childForFieldName('arguments')!.namedChildren;
      if (args.length === 1 && args[0].type === 'channel_type' && channelName(n) === ch) return n;
    }
  }
  return null;
}

/** A send that is one case of a select with others (`case ch <- v:` beside `case <-ctx.Done():`) never blocks for good. */
function sendCanGiveUp(send: Node): boolean {
  const sel = send.parent?.type === 'communication_case' ? send.parent.parent : null;
  return sel?.type === 'select_statement' && sel.namedChildren.filter((k) => k.type === 'communication_case' || k.type === 'default_case').length > 1;
}

/**
 * Whether a case of the caller's select other than the receive of `ch` leaves without receiving: any
 * other case of a select on its own, but in a loop only one that returns, jumps or breaks out of the loop
 * (a ticker case that just loops again still ends in the receive).
 */
function receiverGivesUp(sel: Node, others: Node[]): boolean {
  if (!enclosingLoop(sel, 'go')) return others.length > 0;
  return others.some((k) =>
    [...descendants(k)].some(
      (n) =>
        /^(return|goto)_statement$/.test(n.type) ||
        (n.type === 'break_statement' && n.namedChildCount > 0) ||
        /^(panic|os\.Exit)$/.test(n.type === 'call_expression' ? calleeText(n) : ''),
    ),
  );
}

/** `go func(){ ch <- v }()` while the caller selects on ch with a timeout/cancel case it leaves by: the send blocks forever. */
function leakyChannel(c: Captures): { make: Node; sends: Node[] } | null {
  const outer = functionBody(c.target);
  if (!outer) return null;
  const chans = new Set<string>();
  for (const n of descendants(c.body)) if (n.type === 'send_statement' && !sendCanGiveUp(n)) chans.add(n.childForFieldName('channel')!.text);
  for (const ch of chans) {
    const make = unbufferedMakeOf(outer, ch);
    if (!make) continue;
    for (const sel of descendants(outer)) {
      if (sel.type !== 'select_statement') continue;
      const cases = sel.namedChildren.filter((k) => k.type === 'communication_case' || k.type === 'default_case');
      const receive = cases.find((k) => k.childForFieldName('communication')?.text.replace(/\s/g, '').includes(`<-${ch}`));
      if (
        receive &&
        receiverGivesUp(
          sel,
          cases.filter((k) => k.id !== receive.id),
        )
      )
        return { make, sends: sendsOn(c.body, ch) };
    }
  }
  return null;
}

function neverExits(body: Node): boolean {
  const stmts = body.namedChildren[0]?.type === 'statement_list' ? body.namedChildren[0].namedChildren : body.namedChildren;
  return stmts.some(
    (s) =>
      s.type === 'for_statement' && s.namedChildren.length === 1 && !/\b(return|break|goto|os\.Exit|panic)\b|<-\s*(ctx\.Done\(\)|done|quit|stop)/.test(s.text),
  );
}

const goroutineLeak: Rule = {
  id: 'go/goroutine-leak',
  languages: GO,
  severity: 'warning',
  title: 'Goroutine that can block or run forever',
  message:
    'This goroutine can never finish: it sends on an unbuffered channel whose receiver may have given up (a select with a timeout or cancellation), or loops forever with no way to stop. Each call leaks a goroutine and its stack. Give the channel a buffer of 1, or stop the goroutine through a context or done channel.',
  query: '(go_statement (call_expression function: (func_literal body: (block) @body))) @target',
  check: (c, ctx) => !inTestCode(c.target, ctx) && (leakyChannel(c) !== null || neverExits(c.body)),
  // A blocked send is a leak on every call. An endless loop that waits on a channel or sleeps between
  // passes (`for { update(); time.Sleep(d) }`, a periodic refresher) is a worker or a dispatcher: it sleeps, and leaks only when the function that starts it runs more than once (a
  // process-long worker pool is started once), which the syntax does not show; a busy loop burns a core.
  confidence: (c) => (leakyChannel(c) === null && /<-|\bselect\b|\btime\.Sleep\(/.test(c.body.text) ? 'low' : 'high'),
  fix(c) {
    const leak = leakyChannel(c);
    if (!leak || leak.sends.length !== 1) return null;
    const args = leak.make.childForFieldName('arguments')!;
    return { title: 'Give the channel a buffer of 1 so the send never blocks', edits: [{ start: args.endIndex - 1, end: args.endIndex - 1, newText: ', 1' }] };
  },
  example: {
    bad: 'ch := make(chan result)\ngo func() { ch <- slowCall() }()\nselect {\ncase r := <-ch:\n\treturn r\ncase <-time.After(time.Second):\n\treturn timeout\n}',
    good: 'ch := make(chan result, 1) // the send completes even after the timeout',
  },
};

export const goRules: Rule[] = [allocInLoop, appendPrealloc, goStringConcat, unbufferedQueue, reflectInLoop, goroutineLeak];
