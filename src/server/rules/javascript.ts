import type { Node } from 'web-tree-sitter';
import type { Captures, Fix, Rule, RuleContext } from '../rule';
import { calleeText, contains, enclosingFunction, enclosingLoop, freshName, indentAt } from '../syntax';
import { findBinding, isAsyncFunction, isPlainChain, mutates, rootIdentifier, STORY_OR_TEST } from './jsScope';
import { syncIoConfidence } from './jsOneShot';
import { unstableReference } from './jsReact';
import { isRequestHandler, syncJsonParse, unboundedCache } from './jsRequest';

const JS = ['javascript', 'typescript', 'tsx'] as const;

/**
 * A method call whose name matches `methods` (a regexp alternation). Only @target and @method are
 * captured: every capture of every call in the file is marshalled out of wasm before predicates run,
 * so the receiver and arguments are looked up (withMember) only for calls that passed the name test.
 */
const memberCall = (methods: string) =>
  `((call_expression function: (member_expression property: (property_identifier) @method)) @target (#match? @method "^(${methods})$"))`;

function withMember(c: Captures): Captures {
  if (!c.recv && c.method) {
    c.recv = c.target.childForFieldName('function')!.childForFieldName('object')!;
    c.args = c.target.childForFieldName('arguments')!;
  }
  return c;
}

const STATEMENT_LOOPS = new Set(['for_statement', 'for_in_statement', 'while_statement', 'do_statement']);
const STATEMENT_PARENTS = new Set(['statement_block', 'program', 'switch_case', 'switch_default']);

/** The statement holding a loop: the loop itself, or for `xs.forEach(cb)` the statement around the call. */
function loopStatement(loop: Node): Node | null {
  let s: Node | null = loop;
  if (!STATEMENT_LOOPS.has(loop.type)) while (s && !STATEMENT_PARENTS.has(s.parent?.type ?? '')) s = s.parent;
  return s && STATEMENT_PARENTS.has(s.parent?.type ?? '') ? s : null;
}

function bindingIsInside(ctx: RuleContext, name: string, use: Node, scope: Node): boolean {
  const b = findBinding(ctx.root, name, use);
  return !!b && contains(scope, b.node);
}

// ---- js/array-lookup-in-loop ----

const ARRAYISH = /^(\[|new Array\b|Array\.(from|of)\b|Object\.(keys|values|entries)\b)|\.(map|filter|slice|concat|split|flat|flatMap|sort|toSorted)\([^]*\)$/;
const STRINGISH =
  /^(['"`]|String\()|\.(join|toLowerCase|toUpperCase|trim|trimStart|trimEnd|toString|padStart|padEnd|repeat|replace|replaceAll|substring|slice)\([^)]*\)$|^JSON\.stringify\(/;
const STRING_TYPE = /^:\s*(string|String)\s*$/;
const ARRAY_TYPE = /^:\s*(readonly\s+)?([\w.<>, ]+\[\]|Array<|ReadonlyArray<)/;

/** 'array' | 'string' | null from the receiver's syntax and its binding. */
function receiverKind(recv: Node, ctx: RuleContext): 'array' | 'string' | null {
  if (recv.type === 'string' || recv.type === 'template_string') return 'string';
  if (recv.type === 'array') return 'array';
  if (recv.type !== 'identifier') return null;
  const b = findBinding(ctx.root, recv.text, recv);
  if (!b) return null;
  // A type annotation is the author's word: `const local: string[] = wanted.slice()` is an array even
  // though `.slice(` also makes strings.
  const type = b.type ?? '';
  if (STRING_TYPE.test(type)) return 'string';
  if (ARRAY_TYPE.test(type)) return 'array';
  const value = b.value?.text ?? '';
  if (STRINGISH.test(value)) return 'string';
  if (ARRAYISH.test(value)) return 'array';
  return null;
}

function isPropertyRead(n: Node): boolean {
  return n.type === 'member_expression' || n.type === 'subscript_expression';
}

function lookupIsFlagged(c: Captures, ctx: RuleContext): boolean {
  const method = c.method.text;
  if (!/^(find|findIndex|findLast|findLastIndex|includes|indexOf|lastIndexOf|some)$/.test(method)) return false;
  const loop = enclosingLoop(c.target, ctx.grammar);
  if (!loop) return false;
  const root = rootIdentifier(c.recv);
  // Receivers made per iteration (the loop variable, a local of the body) cannot be hoisted.
  if (!root || (root.type === 'identifier' && bindingIsInside(ctx, root.text, root, loop))) return false;
  if (mutates(loop.text, c.recv.text)) return false;
  const kind = receiverKind(c.recv, ctx);
  if (kind === 'string') return false;
  if (kind === 'array') return true;
  // Unknown receiver: find/some/findIndex exist only on arrays; includes/indexOf also on strings,
  // where a literal argument (`path.includes("/")`) is the usual string use.
  if (/^(includes|indexOf|lastIndexOf)$/.test(method)) {
    const arg = c.args.namedChildren[0];
    if (!arg || arg.type === 'string' || arg.type === 'template_string' || (c.recv.type !== 'identifier' && c.recv.type !== 'member_expression')) return false;
    if (/(^|\.)(str|text|line|name|path|url|s|src|source|content|body|query|prefix|suffix|message|msg)$/i.test(c.recv.text)) return false;
    // A property read of an object of unknown type (`user.label`, or `const label = user.label`) is as
    // likely a string (substring search) as an array; without types, stay quiet rather than guess.
    if (isPropertyRead(c.recv)) return false;
    const b = c.recv.type === 'identifier' ? findBinding(ctx.root, c.recv.text, c.recv) : null;
    if (b && !b.type && b.value && isPropertyRead(b.value)) return false;
  }
  return true;
}

/** `ids.includes(x)` / `ids.indexOf(x) !== -1` in a loop → `idsSet.has(x)` with the Set built before the loop. */
function setFix(c: Captures, ctx: RuleContext): Fix | null {
  const method = c.method.text;
  if ((method !== 'includes' && method !== 'indexOf') || c.args.namedChildCount !== 1 || !isPlainChain(c.recv)) return null;
  if (c.args.namedChildren[0]!.type === 'spread_element') return null;
  let replaced: Node = c.target;
  let negate = false;
  if (method === 'indexOf') {
    const cmp = c.target.parent;
    if (cmp?.type !== 'binary_expression' || cmp.childForFieldName('left')?.id !== c.target.id) return null;
    const rel = `${cmp.childForFieldName('operator')!.text} ${cmp.childForFieldName('right')!.text}`;
    if (/^(!==|!=|>) -1$|^>= 0$/.test(rel)) negate = false;
    else if (/^(===|==) -1$|^< 0$/.test(rel)) negate = true;
    else return null;
    replaced = cmp;
  }
  // Hoist to the outermost loop of this function in which the receiver stays the same.
  let loop = enclosingLoop(c.target, ctx.grammar)!;
  for (let outer = enclosingLoop(loop, ctx.grammar); outer; outer = enclosingLoop(outer, ctx.grammar)) {
    const root = rootIdentifier(c.recv)!;
    if ((root.type === 'identifier' && bindingIsInside(ctx, root.text, root, outer)) || mutates(outer.text, c.recv.text)) break;
    loop = outer;
  }
  const stmt = loopStatement(loop);
  if (!stmt) return null;
  const base = c.recv.text.split('.').pop()!;
  const set = freshName(ctx.text, `${base}Set`);
  const has = `${negate ? '!' : ''}${set}.has(${c.args.namedChildren[0]!.text})`;
  return {
    title: `Build a Set from ${c.recv.text} once before the loop and use .has()`,
    edits: [
      { start: stmt.startIndex, end: stmt.startIndex, newText: `const ${set} = new Set(${c.recv.text});\n${indentAt(ctx.text, stmt.startIndex)}` },
      { start: replaced.startIndex, end: replaced.endIndex, newText: has },
    ],
  };
}

/**
 * The array searched names a component's own schema: its columns, fields, inputs or props, the
 * names it omits, an observer's thresholds (`omit`, `columns`, `propNames`, `columnRanks`,
 * `availableFields`). A handful of entries the code or the user's layout fixes, not records.
 */
const SCHEMA_NAME = /^(omit|(column|field|input|prop|threshold)\w*|\w*(Columns|Fields|Inputs|Props|Thresholds))$/;

/**
 * Sure unless the lookup runs in a story or a test (fixtures of two or three records), searches a
 * schema array (SCHEMA_NAME), or the loop walks an object's own keys
 * (`Object.keys(props).filter(k => !injected.includes(k))`): a handful of property names, not data.
 */
function lookupConfidence(c: Captures, ctx: RuleContext): 'high' | 'low' {
  if (STORY_OR_TEST.test(ctx.text) || SCHEMA_NAME.test(withMember(c).recv.text.split('.').pop()!)) return 'low';
  for (let loop = enclosingLoop(c.target, ctx.grammar); loop; loop = enclosingLoop(loop, ctx.grammar)) {
    const over = loop.type === 'call_expression' ? loop.childForFieldName('function')?.childForFieldName('object') : loop.childForFieldName('right');
    if (/^Object\.(keys|entries|getOwnPropertyNames)\(/.test(over?.text ?? '')) return 'low';
  }
  return 'high';
}

const arrayLookup: Rule = {
  id: 'js/array-lookup-in-loop',
  languages: JS,
  severity: 'warning',
  title: 'Linear array search inside a loop',
  message:
    'find/includes/indexOf/some scan the whole array on every iteration of the loop, so the loop is O(n·m). Build a Set (membership) or a Map keyed by the looked-up field once before the loop, then use .has()/.get().',
  query: memberCall('find|findIndex|findLast|findLastIndex|includes|indexOf|lastIndexOf|some'),
  check: (c, ctx) => lookupIsFlagged(withMember(c), ctx),
  confidence: lookupConfidence,
  fix: (c, ctx) => setFix(withMember(c), ctx),
  example: {
    bad: 'for (const order of orders) {\n  if (vipIds.includes(order.customerId)) vip.push(order);\n}',
    good: 'const vipIdsSet = new Set(vipIds);\nfor (const order of orders) {\n  if (vipIdsSet.has(order.customerId)) vip.push(order);\n}',
  },
};

// ---- js/dom-mutation-in-loop ----

const DOM_SOURCE = /\b(document|querySelector|querySelectorAll|getElementById|getElementsBy\w+|createElement|body|shadowRoot)\b/;

function isFragment(recv: Node, ctx: RuleContext): boolean {
  if (recv.type !== 'identifier') return false;
  return /createDocumentFragment\(/.test(findBinding(ctx.root, recv.text, recv)?.value?.text ?? '');
}

/**
 * `el = document.createElement(…)` earlier in the function and not inserted anywhere before the loop:
 * filling a node that is not in the document yet costs no layout.
 */
function detached(recv: Node, loop: Node): boolean {
  const fn = enclosingFunction(loop);
  if (recv.type !== 'identifier' || !fn) return false;
  const before = fn.text.slice(0, loop.startIndex - fn.startIndex);
  const name = recv.text.replace(/\$/g, '\\$');
  const created = new RegExp(`(^|[^.\\w$])${name}\\s*=\\s*[\\w$.]*\\.createElement(NS)?\\(`).test(before);
  const inserted = new RegExp(`\\.(appendChild|append|prepend|insertBefore|replaceChild|replaceChildren|replaceWith|after|before)\\([^)]*\\b${name}\\b`).test(
    before,
  );
  return created && !inserted;
}

function domMutationIsFlagged(c: Captures, ctx: RuleContext): boolean {
  const loop = enclosingLoop(c.target, ctx.grammar);
  if (!loop) return false;
  const root = rootIdentifier(c.recv);
  // Building a detached element made in this iteration is cheap: nothing is laid out yet.
  if (!root || (root.type === 'identifier' && bindingIsInside(ctx, root.text, root, loop)) || isFragment(c.recv, ctx) || detached(c.recv, loop)) return false;
  if (c.prop) return /^(innerHTML|outerHTML|textContent|innerText)$/.test(c.prop.text);
  const method = c.method.text;
  if (/^(appendChild|insertBefore|insertAdjacentHTML|insertAdjacentElement|replaceChild)$/.test(method)) return true;
  if (method !== 'append' && method !== 'prepend') return false;
  // append/prepend also exist on FormData, URLSearchParams and Headers: need evidence of a DOM node.
  const binding = c.recv.type === 'identifier' ? findBinding(ctx.root, c.recv.text, c.recv) : null;
  return DOM_SOURCE.test(binding?.value?.text ?? c.recv.text) || /:\s*(HTML\w*Element|Element|Node)\b/.test(binding?.type ?? '');
}

/** appendChild/append in a loop → into a DocumentFragment, attached once after the loop. */
function fragmentFix(c: Captures, ctx: RuleContext): Fix | null {
  if (c.prop || !/^(appendChild|append)$/.test(c.method.text) || !isPlainChain(c.recv)) return null;
  if (c.target.parent?.type !== 'expression_statement') return null; // the return value is used
  const loop = enclosingLoop(c.target, ctx.grammar)!;
  if (!STATEMENT_LOOPS.has(loop.type) || !STATEMENT_PARENTS.has(loop.parent?.type ?? '')) return null;
  const body = loop.childForFieldName('body')!;
  // The parent must not be read in the loop (it would see the missing children), and the loop must
  // always reach its end (an early return would skip the final append).
  const esc = c.recv.text.replace(/[.$]/g, (m) => `\\${m}`);
  const uses = loop.text.match(new RegExp(`(^|[^.\\w$])${esc}\\b`, 'g'))?.length ?? 0;
  if (uses !== 1 || /\b(return|await|yield|throw)\b/.test(body.text)) return null;
  const frag = freshName(ctx.text, 'fragment');
  const indent = indentAt(ctx.text, loop.startIndex);
  return {
    title: `Append to a DocumentFragment and attach it to ${c.recv.text} once after the loop`,
    edits: [
      { start: loop.startIndex, end: loop.startIndex, newText: `const ${frag} = document.createDocumentFragment();\n${indent}` },
      { start: c.recv.startIndex, end: c.recv.endIndex, newText: frag },
      { start: loop.endIndex, end: loop.endIndex, newText: `\n${indent}${c.recv.text}.appendChild(${frag});` },
    ],
  };
}

const domMutation: Rule = {
  id: 'js/dom-mutation-in-loop',
  languages: JS,
  severity: 'warning',
  title: 'DOM mutated on every loop iteration',
  message:
    'Inserting into the live DOM (or assigning innerHTML) on every iteration invalidates style and layout each time, and any layout read in the loop forces a reflow. Build the nodes in a DocumentFragment (or one HTML string) and attach it once after the loop.',
  // Two top-level patterns, not an alternation: predicates inside [...] would apply to both branches.
  query: `${memberCall('appendChild|insertBefore|insertAdjacentHTML|insertAdjacentElement|replaceChild|append|prepend')} ((augmented_assignment_expression left: (member_expression object: (_) @recv property: (property_identifier) @prop)) @target (#match? @prop "^(innerHTML|outerHTML|textContent|innerText)$"))`,
  check: (c, ctx) => domMutationIsFlagged(withMember(c), ctx),
  fix: (c, ctx) => fragmentFix(withMember(c), ctx),
  example: {
    bad: 'for (const item of items) {\n  list.appendChild(render(item));\n}',
    good: 'const fragment = document.createDocumentFragment();\nfor (const item of items) {\n  fragment.appendChild(render(item));\n}\nlist.appendChild(fragment);',
  },
};

// ---- js/listener-not-removed ----

function normalise(s: string): string {
  return s.replace(/\s+/g, '').replace(/"/g, "'");
}

function listenerIsFlagged(c: Captures, ctx: RuleContext): boolean {
  if (c.method.text !== 'addEventListener') return false;
  const [event, handler, options] = c.args.namedChildren;
  if (!event || !handler || !enclosingFunction(c.target)) return false;
  if (options && /\bonce\s*:\s*true\b|\bsignal\b/.test(options.text)) return false;
  // A target created in this function (an IndexedDB request, a new Worker, an element) takes its
  // listeners with it when it is dropped; only long-lived targets (parameters, globals, this.x) leak.
  if (c.recv.type === 'identifier') {
    const b = findBinding(ctx.root, c.recv.text, c.recv);
    const fn = enclosingFunction(c.target);
    // Globals and lookups of existing elements stay long-lived even when held in a local.
    const existing = /^(window|document|globalThis|self)(\.\w+)*$|\b(querySelector|querySelectorAll|getElementById|getElementsBy\w+|closest)\(/;
    if (b?.node.type === 'variable_declarator' && fn && contains(fn, b.node) && b.value && !existing.test(b.value.text)) return false;
  }
  if (handler.type === 'arrow_function' || handler.type === 'function_expression') return true; // cannot be removed
  const removal = `.removeEventListener(${normalise(event.text)},${normalise(handler.text)}`;
  return !normalise(ctx.text).includes(removal);
}

const LONG_LIVED = /^(window|document|globalThis|self)\b/;

/** A function that runs again and again: a component, an effect, a lifecycle method, a request handler. */
function runsRepeatedly(fn: Node): boolean {
  for (let f: Node | null = fn; f; f = enclosingFunction(f)) {
    const call = f.parent?.parent;
    if (call?.type === 'call_expression' && /^(React\.)?(useEffect|useLayoutEffect)$/.test(calleeText(call))) return true;
    const name = f.childForFieldName('name') ?? (f.parent?.type === 'variable_declarator' ? f.parent.childForFieldName('name') : null);
    if (
      name &&
      ((/^[A-Z]/.test(name.text) && f.type !== 'method_definition') || /^(componentDidMount|componentDidUpdate|connectedCallback|render)$/.test(name.text))
    )
      return true;
  }
  return isRequestHandler(fn);
}

/**
 * Sure when the target outlives the function (window, document, a module-level object) and the
 * function runs again (per render, mount or request): each run adds one more listener. A listener
 * added in setup code that runs once, or to a per-request object (an AbortSignal), does not pile up.
 */
function listenerConfidence(c: Captures, ctx: RuleContext): 'high' | 'low' {
  const root = rootIdentifier(c.recv);
  if (!root) return 'low';
  const b = root.type === 'identifier' ? findBinding(ctx.root, root.text, root) : null;
  const moduleLevel = !!b && b.node.type === 'variable_declarator' && !enclosingFunction(b.node);
  const longLived = (!b && LONG_LIVED.test(root.text)) || moduleLevel;
  return longLived && runsRepeatedly(enclosingFunction(c.target)!) ? 'high' : 'low';
}

/** In `useEffect(() => { x.addEventListener(e, h) })` without a cleanup, return one that removes it. */
function cleanupFix(c: Captures, ctx: RuleContext): Fix | null {
  const [event, handler, options] = c.args.namedChildren;
  if (handler.type !== 'identifier' && !isPlainChain(handler)) return null;
  if (!isPlainChain(c.recv)) return null;
  const effect = enclosingFunction(c.target);
  const call = effect?.parent?.parent;
  if (!effect || call?.type !== 'call_expression' || !/^(React\.)?(useEffect|useLayoutEffect)$/.test(calleeText(call))) return null;
  const body = effect.childForFieldName('body');
  if (body?.type !== 'statement_block' || body.namedChildren.some((s) => s.type === 'return_statement')) return null;
  if (c.target.parent?.type !== 'expression_statement' || c.target.parent.parent?.id !== body.id) return null;
  const others = body.text.match(/addEventListener\(/g)?.length ?? 0;
  if (others !== 1) return null;
  const args = [event.text, handler.text, ...(options ? [options.text] : [])].join(', ');
  const cleanup = `return () => ${c.recv.text}.removeEventListener(${args});`;
  const last = body.namedChildren.filter((s) => s.type !== 'comment').at(-1)!;
  const multiline = body.text.includes('\n');
  return {
    title: 'Return a cleanup that removes the listener',
    edits: [{ start: last.endIndex, end: last.endIndex, newText: multiline ? `\n${indentAt(ctx.text, last.startIndex)}${cleanup}` : ` ${cleanup}` }],
  };
}

const listenerNotRemoved: Rule = {
  id: 'js/listener-not-removed',
  languages: JS,
  severity: 'warning',
  title: 'Event listener added and never removed',
  message:
    'This listener is added every time the function runs and never removed: the handler (and everything it closes over) stays alive and fires once per registration, so work and memory grow. Remove it in the cleanup (removeEventListener with the same handler), or pass { once: true } or an AbortController signal.',
  query: memberCall('addEventListener'),
  check: (c, ctx) => listenerIsFlagged(withMember(c), ctx),
  confidence: (c, ctx) => listenerConfidence(withMember(c), ctx),
  fix: (c, ctx) => cleanupFix(withMember(c), ctx),
  example: {
    bad: 'useEffect(() => {\n  window.addEventListener("resize", onResize);\n}, []);',
    good: 'useEffect(() => {\n  window.addEventListener("resize", onResize);\n  return () => window.removeEventListener("resize", onResize);\n}, []);',
  },
};

// ---- js/sync-io-in-async ----

const SYNC_IO =
  /^((fs|node:fs|fsSync)\.)?(readFileSync|writeFileSync|appendFileSync|readdirSync|statSync|lstatSync|existsSync|mkdirSync|rmSync|rmdirSync|unlinkSync|copyFileSync|renameSync|accessSync|openSync|readSync|writeSync|fstatSync)$|^((child_process|cp|childProcess)\.)?(execSync|execFileSync|spawnSync)$/;

const syncIoInAsync: Rule = {
  id: 'js/sync-io-in-async',
  languages: JS,
  severity: 'warning',
  title: 'Synchronous I/O inside an async function',
  message:
    'A *Sync call inside an async function blocks the event loop until the disk or the child process answers: every other request and timer waits. Use the promise API (fs/promises, util.promisify(execFile)) and await it.',
  query: '((call_expression function: (_) @fn) @target (#match? @fn "Sync$"))',
  check: (c) => SYNC_IO.test(c.fn.text) && isAsyncFunction(enclosingFunction(c.target)),
  confidence: (c, ctx) => syncIoConfidence(c.target, c.fn.text, ctx),
  example: {
    bad: 'async function load(p) {\n  return fs.readFileSync(p, "utf8");\n}',
    good: 'async function load(p) {\n  return await fs.promises.readFile(p, "utf8");\n}',
  },
};

export const javascriptRules: Rule[] = [unstableReference, syncJsonParse, domMutation, arrayLookup, listenerNotRemoved, syncIoInAsync, unboundedCache];
