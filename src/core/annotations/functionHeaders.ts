/**
 * Finds where a profiled function is defined, to put its CodeLens on the definition rather than on
 * whichever line happened to be sampled. Profilers name functions differently
 * (`slow_concat`, `main.buildReport`, `hotline::parse::h1a2b3c4d5e6f7a8b`, `(*Server).Handle`),
 * so names are reduced to their last identifier first.
 */

/** `pkg.(*T).Method` → `Method`, `a::b::c::h0123456789abcdef` → `c`, `Foo.bar [as baz]` → `bar`. */
export function shortFunctionName(name: string): string {
  let n = name.trim();
  n = n.replace(/\s*\[as [^\]]*\]$/, ''); // V8's "fn [as alias]"
  n = n.replace(/::h[0-9a-f]{16}$/, ''); // Rust legacy mangling hash
  n = n.replace(/\{\{closure\}\}/g, ''); // Rust closures belong to their function
  n = n.replace(/<[^<>]*>/g, ''); // generics (one level is enough for names)
  n = n.replace(/\([^()]*\)$/, ''); // argument lists some profilers append
  n = n.replace(/[.:]+$/, '');
  const parts = n.split(/::|\.|\//).filter((p) => p !== '' && !/^\(\*?[\w$]+\)$/.test(p));
  const last = parts[parts.length - 1] ?? n;
  return last.replace(/^func\d+$/, '').replace(/[^\w$]/g, '') || last;
}

const DEFINITION = (name: string): RegExp => {
  const id = name.replace(/[$]/g, '\\$');
  return new RegExp(
    [
      `\\bdef\\s+${id}\\s*\\(`, // Python
      `\\bfunction\\s*\\*?\\s*${id}\\s*[(<]`, // JS function declarations
      `\\bfunc\\s+(?:\\([^)]*\\)\\s*)?${id}\\s*[([]`, // Go functions and methods
      `\\bfn\\s+${id}\\s*[(<]`, // Rust
      `(?:^|[\\s,{])(?:async\\s+)?(?:static\\s+)?(?:get\\s+|set\\s+)?\\*?${id}\\s*\\([^)]*\\)\\s*(?::[^={]*)?\\{`, // class methods
      `\\b(?:const|let|var)\\s+${id}\\s*=\\s*(?:async\\s+)?(?:function\\b|\\([^)]*\\)\\s*=>|[\\w$]+\\s*=>)`, // arrow functions
      `\\b${id}\\s*[:=]\\s*(?:async\\s+)?(?:function\\b|\\([^)]*\\)\\s*=>)`, // object members
      `^\\s*(?!(?:return|await|yield|else|case|new|throw|delete|typeof|not|and|or|in|go|defer)\\b)(?:[\\w:<>,*&]+\\s+)+\\**${id}\\s*\\([^;]*$`, // C/C++ definitions (a return type first)
    ].join('|'),
  );
};

/**
 * 0-based line of the definition of `name` at or above `hintLine` (a sampled or recorded line of it),
 * searching at most `maxUp` lines; the hint itself when nothing matches.
 */
export function findFunctionHeader(lineAt: (line: number) => string, lineCount: number, hintLine: number, name: string, maxUp = 400): number {
  // Python's module-level code belongs to the file, not to the first line that was sampled.
  if (name === '<module>') return 0;
  const short = shortFunctionName(name);
  const start = Math.min(Math.max(hintLine, 0), lineCount - 1);
  if (!short || !/^[\w$]+$/.test(short) || start < 0) return Math.max(0, start);
  const re = DEFINITION(short);
  for (let l = start; l >= 0 && l >= start - maxUp; l--) {
    if (re.test(lineAt(l))) return l;
  }
  return start;
}
