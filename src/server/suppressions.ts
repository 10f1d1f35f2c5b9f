/**
 * Suppression comments: `# hotline: ignore[rule-a, rule-b]` (Python) and `// hotline-ignore rule-a rule-b`
 * (JS/TS, Go, Rust), on the offending line or alone on the line above. Without ids, every rule is ignored.
 */
const PATTERN = /(?:#\s*hotline:\s*ignore(?:\[([^\]]*)\])?|\/\/\s*hotline-ignore\b([^\n]*))/g;

export type Suppressions = Map<number, Set<string> | 'all'>;

export function parseSuppressions(text: string): Suppressions {
  const out: Suppressions = new Map();
  if (!text.includes('hotline')) return out;
  let line = 0;
  let scanned = 0;
  for (const m of text.matchAll(PATTERN)) {
    for (let i = text.indexOf('\n', scanned); i !== -1 && i < m.index; i = text.indexOf('\n', i + 1)) line++;
    scanned = m.index;
    const list = (m[1] ?? m[2] ?? '').split(/[\s,]+/).filter((id) => /^[a-z]+\/[a-z0-9-]+$/.test(id));
    const lineStart = text.lastIndexOf('\n', m.index - 1) + 1;
    const alone = text.slice(lineStart, m.index).trim() === '';
    // A comment alone on its line covers the next line; a trailing comment covers its own line.
    const target = alone ? line + 1 : line;
    const prev = out.get(target);
    if (list.length === 0 || prev === 'all') out.set(target, 'all');
    else out.set(target, new Set([...(prev ?? []), ...list]));
  }
  return out;
}

export function isSuppressed(s: Suppressions, line: number, rule: string): boolean {
  const entry = s.get(line);
  return entry === 'all' || (entry !== undefined && entry.has(rule));
}
