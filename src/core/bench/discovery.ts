// Finds benchmark definitions in source text (for CodeLens and for running one benchmark): pure, by pattern.
// Patterns, not parsing: a benchmark defined some other way is simply not found.

import { languagesWith, languageSpec, type BenchLanguage, type BenchSpec } from '../languages';

export type { BenchLanguage };

export interface BenchmarkDefinition {
  /** The name the tool reports (Go: BenchmarkX; pytest: test_x; criterion: the id string; node: the key). */
  name: string;
  /** 0-based line of the definition. */
  line: number;
  language: BenchLanguage;
}

function benchSpec(language: BenchLanguage): BenchSpec {
  return languageSpec(language).bench!;
}

/** A file-name test from a benchmark glob: `**` + `/` any folders, `*` within a name, `{a,b}` either. */
export function globRegex(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (glob.startsWith('**/', i)) {
      source += '(?:^|/)';
      i += 2;
    } else if (c === '*') source += '[^/]*';
    else if (c === '{') source += '(?:';
    else if (c === '}') source += ')';
    else if (c === ',') source += '|';
    else source += c.replace(/[.+?^$()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`${source}$`);
}

/**
 * A regular expression that matches exactly this benchmark name, for the tools whose filter is a
 * regexp (go test -bench, criterion, Hotline's Node runner): `^name$` with its metacharacters escaped.
 */
export function exactNameRegex(name: string): string {
  return `^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`;
}

export function languageOfBenchFile(fileName: string): BenchLanguage | null {
  return (languagesWith('bench') as BenchLanguage[]).find((l) => globRegex(benchSpec(l).glob).test(fileName)) ?? null;
}

/** Benchmark files as globs, one per language (the CodeLens selector). */
export function benchGlobs(): string[] {
  return (languagesWith('bench') as BenchLanguage[]).map((l) => benchSpec(l).glob);
}

/** Profiling one benchmark of this language profiles its whole bench target (criterion). */
export function profilesWholeTarget(language: BenchLanguage): boolean {
  return benchSpec(language).wholeTarget === true;
}

export function findBenchmarks(text: string, language: BenchLanguage): BenchmarkDefinition[] {
  const out: BenchmarkDefinition[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    for (const re of benchSpec(language).definitions) {
      const m = re.exec(lines[i]);
      if (m) {
        out.push({ name: m[1], line: i, language });
        break;
      }
    }
  }
  return out;
}
