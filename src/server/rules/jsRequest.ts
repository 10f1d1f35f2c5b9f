// Rules about request handlers and module state in servers: js/sync-json-parse-large, js/unbounded-cache.
import type { Node } from 'web-tree-sitter';
import type { Rule, RuleContext } from '../rule';
import { calleeText, enclosingFunction } from '../syntax';
import { inJsTestCode } from './jsOneShot';
import { findBinding } from './jsScope';

const JS = ['javascript', 'typescript', 'tsx'] as const;

// ---- js/sync-json-parse-large ----

const READ_SYNC = /^((fs|fs\.promises|node:fs)\.)?readFileSync$/;

export function isRequestHandler(fn: Node | null): boolean {
  for (let f = fn; f; f = enclosingFunction(f)) {
    const params = f.childForFieldName('parameters')?.namedChildren.map((p) => p.text.replace(/:.*$/, '').trim()) ?? [];
    if (/^(req|request)$/.test(params[0] ?? '') && /^(res|response|reply)$/.test(params[1] ?? '')) return true;
    const call = f.parent?.parent;
    if (
      call?.type === 'call_expression' &&
      /(^|\.)(createServer|get|post|put|patch|delete|all|route)$/.test(calleeText(call)) &&
      /^(app|router|server|fastify|http|https)\b/.test(calleeText(call)) &&
      !/^https?\.(get|request)$/.test(calleeText(call)) // the client's callback gets a response, not a request
    )
      return true;
  }
  return false;
}

/** A request body read from a handler's parameter: `req.body`, `ctx.request.rawBody`, `event.body`, `await request.text()`. */
const BODY = /^(await\s+)?(req|request|ctx|context|event|evt)(\.request)?\.(body|rawBody|text\(\))(\.toString\(\))?$/;

/**
 * `body += chunk` inside a `.on("data", …)` callback of the function that declared `body`. With `incoming`, the
 * stream must not be a response (`res.on("data")` in an `http.get` callback: a body this program asked for).
 */
function collectedFromDataEvents(name: string, decl: Node, incoming: boolean): boolean {
  const scope = enclosingFunction(decl);
  const esc = name.replace(/\$/g, '\\$');
  const m = scope && new RegExp(`([\\w$]*)\\s*\\.on\\(\\s*['"]data['"][^]*?\\b${esc}\\s*\\+=`).exec(scope.text);
  return !!m && !(incoming && /^(res|resp|response)$/.test(m[1]));
}

/**
 * Whether the JSON.parse argument is a request body, following the variable it was assigned from
 * (two hops: `const raw = ctx.request.rawBody; const text = raw.toString()`), or a string collected
 * from the request's `data` events. The root (`req`, `event`, …) must be a parameter, not a local.
 */
function readsBody(arg: Node, ctx: RuleContext, incoming = false, depth = 0): boolean {
  const m = BODY.exec(arg.text.replace(/\s*\.\s*/g, '.').replace(/\s+/g, ' '));
  if (m) {
    const root = findBinding(ctx.root, m[2], arg);
    return !!root && root.node.type !== 'variable_declarator';
  }
  if (arg.type !== 'identifier' || depth > 2) return false;
  const b = findBinding(ctx.root, arg.text, arg);
  if (b?.node.type !== 'variable_declarator') return false;
  if (b.value && readsBody(b.value, ctx, incoming, depth + 1)) return true;
  return collectedFromDataEvents(arg.text, b.node, incoming);
}

export const syncJsonParse: Rule = {
  id: 'js/sync-json-parse-large',
  languages: JS,
  severity: 'info',
  title: 'Synchronous JSON.parse of a file or request payload',
  message:
    'JSON.parse is synchronous: parsing a large file or request body blocks the event loop for the whole parse (roughly 10 ms per MB), stalling every other request. Read files asynchronously and parse off the main thread (a worker, or a streaming parser), and cap request body sizes.',
  query:
    '((call_expression function: (member_expression object: (identifier) @obj property: (property_identifier) @prop) arguments: (arguments . (_) @arg)) @target (#eq? @obj "JSON") (#eq? @prop "parse"))',
  check(c, ctx) {
    if (c.obj.text !== 'JSON' || c.prop.text !== 'parse') return false;
    const fn = enclosingFunction(c.target);
    if (!fn) return false; // a config read once at start-up is fine
    if (isRequestHandler(fn)) return c.arg.type !== 'string' && c.arg.type !== 'template_string';
    if (readsBody(c.arg, ctx)) return true;
    let arg = c.arg;
    if (arg.type === 'identifier') arg = findBinding(ctx.root, arg.text, arg)?.value ?? arg;
    return arg.type === 'call_expression' && READ_SYNC.test(calleeText(arg));
  },
  // Sure on what a request brings (a handler's body): a file read and parsed outside a handler is a config or
  // manifest read at start-up (release-it, standard-version, json-server), a response body one this program asked for.
  confidence: (c, ctx) => (!inJsTestCode(ctx) && (isRequestHandler(enclosingFunction(c.target)) || readsBody(c.arg, ctx, true)) ? 'high' : 'low'),
  example: {
    bad: 'app.post("/import", (req, res) => {\n  const rows = JSON.parse(req.body);\n});',
    good: 'app.post("/import", express.json({ limit: "1mb" }), (req, res) => {\n  const rows = req.body;\n});',
  },
};

// ---- js/unbounded-cache ----

/**
 * Whether a write to the cache sits in a request handler: keys then come from requests, an unbounded
 * input. On real code most module caches are keyed by a small vocabulary (tag names, CSS properties,
 * event names in react-dom): those are shown as hints.
 */
function filledPerRequest(name: string, decl: Node, ctx: RuleContext): boolean {
  const esc = name.replace(/\$/g, '\\$');
  const write = new RegExp(`\\b${esc}\\.set\\(|\\b${esc}\\[[^\\]]+\\]\\s*=[^=]`, 'g');
  write.lastIndex = decl.endIndex;
  for (let m = write.exec(ctx.text); m; m = write.exec(ctx.text)) {
    const at = ctx.root.descendantForIndex(m.index);
    if (at && isRequestHandler(enclosingFunction(at))) return true;
  }
  return false;
}

export const unboundedCache: Rule = {
  id: 'js/unbounded-cache',
  languages: JS,
  severity: 'info',
  title: 'Module-level cache that only grows',
  message:
    'This module-level cache is filled inside functions but nothing ever deletes from it: it keeps every key for the life of the process and memory grows with the input. Bound it (evict the oldest entry when size exceeds a limit, an LRU), or key it by objects with a WeakMap.',
  query: `[
    (program (lexical_declaration (variable_declarator name: (identifier) @name value: (_) @value)) @target)
    (program (variable_declaration (variable_declarator name: (identifier) @name value: (_) @value)) @target)
  ]`,
  check(c, ctx) {
    const name = c.name.text;
    const value = c.value.text.replace(/\s+/g, '');
    if (!/^new(Map|Object)(<[^>]*>)?\(\)$|^\{\}$/.test(value)) return false;
    const esc = name.replace(/\$/g, '\\$');
    const rest = ctx.text.slice(c.target.endIndex);
    const writes = new RegExp(`\\b${esc}\\.set\\(|\\b${esc}\\[[^\\]]+\\]\\s*=[^=]`).test(rest);
    const memo = new RegExp(`\\b${esc}\\.(has|get)\\(|\\b${esc}\\[`).test(rest);
    const evicts = new RegExp(
      `\\b${esc}\\.(delete|clear)\\(|\\bdelete\\s+${esc}\\[|\\b${esc}\\.size\\b|\\b${esc}\\s*=[^=]|Object\\.keys\\(${esc}\\)\\.length`,
    ).test(rest);
    return writes && memo && !evicts && (/cache|memo/i.test(name) || /\.has\(/.test(rest));
  },
  confidence: (c, ctx) => (filledPerRequest(c.name.text, c.target, ctx) ? 'high' : 'low'),
  example: {
    bad: 'const cache = new Map();\nexport function price(sku) {\n  if (!cache.has(sku)) cache.set(sku, lookup(sku));\n  return cache.get(sku);\n}',
    good: 'const cache = new Map();\nexport function price(sku) {\n  if (!cache.has(sku)) {\n    if (cache.size >= 10_000) cache.delete(cache.keys().next().value);\n    cache.set(sku, lookup(sku));\n  }\n  return cache.get(sku);\n}',
  },
};
