import type { Rule } from './rule';

/** What each rule deliberately does not report, and what its quick fix does (or why there is none). */
const NOTES: Record<string, { quiet: string[]; fix: string }> = {
  'py/string-concat-in-loop': {
    quiet: [
      'numeric `+=` (`total += x`) and list `+=` (`items += [x]`)',
      '`bytes` accumulation (`b += chunk` on `b""`)',
      'a `+=` outside any loop',
      'a string made new on every pass: the loop variable, or assigned afresh before the `+=` in the same pass',
      'an attribute of the loop variable (`obj.name += …`), a `+=` right before `break`/`return`',
      'shown as hints: test code, scanners reading one token (a loop that stops at a terminator or tests the next character), loops over a literal list or `*args`',
    ],
    fix: 'Collect the pieces in a list and `"".join` them after the loop: offered when the string is a local assigned just before the loop and only `+=`-ed inside it (never read in the loop).',
  },
  'py/heavy-import-at-module-level': {
    quiet: [
      'imports under `if TYPE_CHECKING:`',
      'modules without `if __name__ == "__main__":` / argparse / click / typer (libraries)',
      'imports already inside functions',
      'a module whose names are used at module level (a constant built with numpy)',
    ],
    fix: 'None: moving an import can change import-time side effects; move it by hand into the function that uses it.',
  },
  'py/pandas-apply-rows': {
    quiet: ['`Series.apply(f)` and `DataFrame.apply(f, axis=0)` (column-wise)', '`itertuples()` loops'],
    fix: 'None: the vectorised form depends on what the function computes.',
  },
  'py/sync-io-in-async': {
    quiet: [
      'blocking calls in a plain `def` nested inside an `async def`',
      'calls passed by reference to `asyncio.to_thread(time.sleep, 1)` or inside a `lambda` given to `run_in_executor`',
      'synchronous functions',
    ],
    fix: '`time.sleep(x)` becomes `await asyncio.sleep(x)`; `requests.*`, `subprocess.*`, `urlopen`, `os.system` and `shutil.*` become `await asyncio.to_thread(f, args…)` (parenthesised inside larger expressions; `import asyncio` added when missing). No fix for `open()` (the reads would still block) or inside generator expressions.',
  },
  'py/del-with-reference-cycle': {
    quiet: [
      'classes without `__del__`',
      'references held through `weakref.ref` / `WeakMethod`',
      'ordinary attributes computed from `self`',
      "self listed in a global registry (kept alive, but no cycle), `id(self)`, another object's table",
    ],
    fix: 'None: choose between `weakref.finalize`, a context manager and weak references by hand.',
  },
  'py/unbounded-cache': {
    quiet: [
      '`@lru_cache`, `@lru_cache()` and `@lru_cache(maxsize=N)` (bounded)',
      'module dicts that are evicted (`pop`, `del`, `clear`, a `len()` check)',
      'module dicts not named like a cache (settings, registries)',
      'a cached function without parameters (one entry); shown as hints: module dicts and cached functions, whose keys are usually a small vocabulary (only a cached method, which keeps every `self`, is sure)',
    ],
    fix: 'None: the right bound depends on the workload.',
  },
  'js/unstable-reference-in-render': {
    quiet: [
      'inline objects and functions on DOM elements (`<div onClick={() => …}>`)',
      'primitive and constant props',
      'dependencies produced by `useMemo`/`useCallback` or defined outside the component',
    ],
    fix: 'None: hoisting or memoising needs to know what the value closes over.',
  },
  'js/sync-json-parse-large': {
    quiet: [
      'a configuration file parsed once at module level (start-up)',
      'string literals',
      '`JSON.parse` of a value in ordinary functions, unless it is a request body: `event.body`, `ctx.request.body`, `await request.text()` or a string grown in `req.on("data")`, followed through up to two variables',
      'a WebSocket frame (`event.data`), a fetch response (`response.text()`)',
    ],
    fix: 'None: the asynchronous form changes the function signature.',
  },
  'js/dom-mutation-in-loop': {
    quiet: [
      'appending to a `DocumentFragment`',
      'building a detached element created in the same iteration',
      'filling an element assigned from `createElement` earlier in the function (not in the document yet)',
      '`append` on `FormData`, `URLSearchParams` or `Headers`',
      'a single insertion outside loops',
    ],
    fix: 'Append to a `DocumentFragment` created before the loop and attach it once after: offered for `appendChild`/`append` statements in `for`/`while` loops whose body never reads the parent and cannot leave early (`return`, `throw`, `await`, `yield`).',
  },
  'js/array-lookup-in-loop': {
    quiet: [
      '`.includes`/`.indexOf` on strings (string literals, `string`-typed or string-initialised receivers, the loop variable itself)',
      'a lookup outside any loop',
      'receivers that are per-iteration (the loop variable, locals of the body) or change in the loop (`push`, assignment)',
      'shown as hints: lookups in Storybook stories and test files, and in loops over `Object.keys(…)` (a handful of property names)',
    ],
    fix: '`xs.includes(v)` and `xs.indexOf(v) !== -1` / `>= 0` / `=== -1` / `< 0` become `xsSet.has(v)` with `const xsSet = new Set(xs);` before the outermost loop in which `xs` does not change. `includes` and `Set` both use SameValueZero; `indexOf` uses `===`, which differs only for `NaN`.',
  },
  'js/listener-not-removed': {
    quiet: [
      'listeners with `{ once: true }` or an AbortController `signal`',
      'a matching `removeEventListener` with the same event and handler anywhere in the file (the cleanup)',
      'listeners added once at module level',
    ],
    fix: 'In a `useEffect`/`useLayoutEffect` callback without a cleanup: `return () => target.removeEventListener(event, handler[, options]);`. Not offered for inline handlers (they cannot be removed; name them first).',
  },
  'js/sync-io-in-async': {
    quiet: ['`*Sync` calls in synchronous functions, including plain functions nested in async ones', 'the promise API (`fs.promises.readFile`)'],
    fix: 'None: switching to the promise API needs an `await` and often an import.',
  },
  'js/unbounded-cache': {
    quiet: [
      'caches with `delete`, `clear`, a `size` check or reassignment',
      '`WeakMap` caches',
      'maps local to a function',
      'shown as hints: caches not filled in a request handler (keyed by names from the code: tags, styles, events)',
    ],
    fix: 'None: the right bound depends on the workload.',
  },
  'go/alloc-in-loop': {
    quiet: [
      'allocations that escape the iteration (appended to a result, sent, returned, stored, captured by a closure)',
      '`regexp.MustCompile` of a non-constant pattern',
      'allocations before the loop',
    ],
    fix: 'None: reusing a buffer needs `buf = buf[:0]` or `clear(m)` at the right place.',
  },
  'go/append-without-prealloc': {
    quiet: ['slices made with `make([]T, 0, n)`', 'conditional appends (a filter: the final length is unknown)', 'ranges over channels'],
    fix: '`out := []T{}` / `make([]T, 0)` become `make([]T, 0, len(xs))` when `xs` is a slice, array or map in scope at the declaration; `var out []T` keeps its declaration and gets `if len(xs) > 0 { out = make([]T, 0, len(xs)) }` before the loop, so a nil slice stays nil for empty input (JSON `null`, `== nil`).',
  },
  'go/string-concat-in-loop': {
    quiet: ['numeric `+=` (ints, floats)', '`+=` outside loops'],
    fix: '`var s string` / `s := "…"` becomes a `strings.Builder`, each `s += e` becomes `WriteString(e)`, and `s := b.String()` follows the loop; `"strings"` is imported when missing. Offered when the string is only appended to in the loop.',
  },
  'go/unbuffered-channel-queue': {
    quiet: ['buffered channels', '`chan struct{}` / `chan bool` signal channels', 'single hand-offs (one send, not in a loop)'],
    fix: 'None: the buffer size is a design decision (and a buffer changes synchronisation).',
  },
  'go/reflect-in-loop': {
    quiet: ['reflection before the loop', 'an identifier called `reflect` when the file does not import "reflect"'],
    fix: 'None.',
  },
  'go/goroutine-leak': {
    quiet: [
      'a send on a buffered channel',
      'a caller that always receives (no competing `select` case)',
      'endless loops that can exit (`return`, `break`, `<-ctx.Done()`)',
    ],
    fix: 'For the select-with-timeout leak with one send: `make(chan T)` becomes `make(chan T, 1)`, so the send completes even when nobody receives.',
  },
  'rs/clone-in-loop': {
    quiet: ['clones moved into a collection (`v.push(x.clone())`, `map.insert(k.clone(), …)`) or passed by value', 'clones outside loops'],
    fix: 'When the clone is the receiver of a `&self` method (`names.clone().contains(k)`), the `.clone()` is removed. Not offered for `&x.clone()` or comparisons, where the types can differ.',
  },
  'rs/vec-without-capacity': {
    quiet: ['`Vec::with_capacity(n)`', 'conditional pushes', '`while`/`loop` loops (unknown count)'],
    fix: '`Vec::new()` / `vec![]` becomes `Vec::with_capacity(xs.len())` for `for x in &xs`, `xs.iter()`, `xs.iter_mut()`, `xs.into_iter()`, `0..xs.len()`, or `Vec::with_capacity(N)` for `0..N` with a literal `N`. Not offered for `0..n` with a variable of unknown integer type.',
  },
  'rs/box-dyn-in-loop': {
    quiet: ['a `Box<dyn …>` made once before the loop', 'boxes of concrete types'],
    fix: 'None.',
  },
  'rs/unbounded-collection-growth': {
    quiet: ['fields that are cleared, drained, truncated, popped, retained, replaced or length-checked anywhere in the file', 'local collections'],
    fix: 'None: choose a bound or a consumer by hand.',
  },
};

const FENCE: Record<string, string> = { py: 'python', js: 'js', go: 'go', rs: 'rust' };

export function ruleNotes(id: string): { quiet: string[]; fix: string } | undefined {
  return NOTES[id];
}

/** The documentation page of one rule (docs/rules/<rule-id>.md, the diagnostics' codeDescription target). */
export function ruleDocPage(rule: Rule): string {
  const notes = NOTES[rule.id];
  const lang = FENCE[rule.id.split('/')[0]];
  return [
    `# ${rule.id}`,
    '',
    `**${rule.title}.** Severity: ${rule.severity}. Languages: ${rule.languages.join(', ')}.`,
    '',
    '## Why it is slow, and what to do',
    '',
    rule.message,
    '',
    '## Example',
    '',
    'Reported:',
    '',
    '```' + lang,
    rule.example.bad,
    '```',
    '',
    'Instead:',
    '',
    '```' + lang,
    rule.example.good,
    '```',
    '',
    '## Not reported (look-alikes)',
    '',
    ...(notes?.quiet ?? []).map((q) => `- ${q}`),
    '',
    '## Quick fix',
    '',
    notes?.fix ?? 'None.',
    '',
    '## Turning it off',
    '',
    `- one line: \`${rule.id.startsWith('py/') ? `# hotline: ignore[${rule.id}]` : `// hotline-ignore ${rule.id}`}\` at the end of the line, or alone on the line above`,
    `- everywhere: add \`"${rule.id}"\` to the \`hotline.lint.disabledRules\` setting, or \`hotline lint --disable ${rule.id}\``,
    '',
    'With a profile open, a diagnostic on a hot line is at least a warning (a hint or info becomes a warning, a warning an error) and says how many samples the line has; elsewhere it keeps its severity, so a low-confidence hint stays a hint. See [all rules](../README.md).',
    '',
  ].join('\n');
}
