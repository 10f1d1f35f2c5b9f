/** The leak finder's operation is a function of the program; these are the ones it can call. */

/** Functions the leak finder can call: Python top-level defs, Node exports. */
export function operationCandidates(text: string, language: 'python' | 'javascript'): string[] {
  const names = new Set<string>();
  if (language === 'python') {
    for (const m of text.matchAll(/^(?:async\s+)?def\s+([A-Za-z_]\w*)\s*\(/gm)) if (!m[1]!.startsWith('_')) names.add(m[1]!);
  } else {
    for (const m of text.matchAll(/module\.exports\s*=\s*\{([^}]*)\}/g))
      for (const part of m[1]!.split(',')) {
        const name = /^\s*([A-Za-z_$][\w$]*)/.exec(part)?.[1];
        if (name) names.add(name);
      }
    for (const m of text.matchAll(/(?:module\.)?exports\.([A-Za-z_$][\w$]*)\s*=/g)) names.add(m[1]!);
    for (const m of text.matchAll(/export\s+(?:async\s+)?(?:function\s*\*?\s*|const\s+|let\s+)([A-Za-z_$][\w$]*)/g)) names.add(m[1]!);
  }
  if (language === 'javascript') {
    // An export declared as a plain value (`const bus = new EventEmitter()`) is not an operation to repeat.
    for (const m of text.matchAll(/(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*(?=\S)(?!(?:async\s+)?(?:function\b|\([^)]*\)\s*=>|[A-Za-z_$][\w$]*\s*=>))/g)) {
      names.delete(m[1]!);
    }
  }
  return [...names];
}
