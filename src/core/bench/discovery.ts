// Finds benchmark definitions in source text (for CodeLens and for running one benchmark): pure, by pattern.
// Patterns, not parsing: a benchmark defined some other way is simply not found.

export type BenchLanguage = 'python' | 'go' | 'rust' | 'javascript';

export interface BenchmarkDefinition {
  /** The name the tool reports (Go: BenchmarkX; pytest: test_x; criterion: the id string; node: the key). */
  name: string;
  /** 0-based line of the definition. */
  line: number;
  language: BenchLanguage;
}

const PATTERNS: Record<BenchLanguage, RegExp[]> = {
  // def test_x(benchmark) / def test_x(self, benchmark, other)
  python: [/^\s*(?:async\s+)?def\s+(test\w*)\s*\([^)]*\bbenchmark\b/],
  go: [/^func\s+(Benchmark\w*)\s*\(\s*\w+\s+\*testing\.B\s*\)/],
  // c.bench_function("id", ...) / group.bench_function("id", ...)
  rust: [/\.bench_function\s*\(\s*"((?:[^"\\]|\\.)*)"/, /\.bench_with_input\s*\(\s*BenchmarkId::new\(\s*"((?:[^"\\]|\\.)*)"/],
  // Keys of the default-exported object: `name() {`, `name: () =>`, `'name': fn`
  javascript: [/^\s{2}(?:async\s+)?([A-Za-z_$][\w$]*)\s*\([^)]*\)\s*\{/, /^\s{2}['"]?([\w$ .:-]+?)['"]?\s*:\s*(?:async\s*)?(?:\(|function)/],
};

/**
 * A regular expression that matches exactly this benchmark name, for the tools whose filter is a
 * regexp (go test -bench, criterion, Hotline's Node runner): `^name$` with its metacharacters escaped.
 */
export function exactNameRegex(name: string): string {
  return `^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`;
}

export function languageOfBenchFile(fileName: string): BenchLanguage | null {
  if (/(^|\/)(test_[^/]*|[^/]*_test)\.py$/.test(fileName)) return 'python';
  if (/_test\.go$/.test(fileName)) return 'go';
  if (/(^|\/)benches\/[^/]+\.rs$/.test(fileName)) return 'rust';
  if (/\.bench\.(mjs|js)$/.test(fileName)) return 'javascript';
  return null;
}

export function findBenchmarks(text: string, language: BenchLanguage): BenchmarkDefinition[] {
  const out: BenchmarkDefinition[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    for (const re of PATTERNS[language]) {
      const m = re.exec(lines[i]);
      if (m) {
        out.push({ name: m[1], line: i, language });
        break;
      }
    }
  }
  return out;
}
