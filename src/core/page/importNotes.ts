/**
 * Import size notes: the import lines of the page's own source files that pull in the heaviest npm
 * packages of its bundles, each with what that package weighs in the bundle the file is part of
 * ("lodash: 71.1 KiB, 97.1% of main.js"). Pure: the caller reads the files.
 */
import { formatBytes, formatShare } from '../annotations/weightFormat';
import { OWN_CODE, UNMAPPED, type BundleComposition } from './bundle';

/** How many of the heaviest packages (over all bundles) get notes. */
export const NOTED_PACKAGES = 5;

export interface ImportNote {
  /** The source file as read (a workspace path). */
  readonly path: string;
  /** 1-based: the line of the `import`/`export`/`require` keyword. */
  readonly line: number;
  readonly package: string;
  readonly bytes: number;
  /** Of the bundle's size. */
  readonly share: number;
  readonly bundleUrl: string;
  readonly text: string;
}

/** One of the bundles' own source files, as the map names it, and its text read from the workspace. */
export interface BundleSourceFile {
  readonly source: string;
  readonly path: string;
  readonly text: string;
}

/** The package a bare import specifier names ("lodash/fp" → lodash, "@s/p/x" → @s/p); undefined for relative, absolute and node: ones. */
export function importedPackage(spec: string): string | undefined {
  if (/^(?:\.|\/|[a-z][\w+.-]*:)/i.test(spec)) return undefined;
  const parts = spec.split('/');
  return spec.startsWith('@') ? (parts.length > 1 ? `${parts[0]}/${parts[1]}` : undefined) : parts[0] || undefined;
}

const IMPORT = /\b(?:(?:import|export)\s[^;'"`]*?\bfrom\s*(['"])([^'"\n]+)\1|import\s*\(?\s*(['"])([^'"\n]+)\3|require\s*\(\s*(['"])([^'"\n]+)\5)/g;

/** Each import of a package in a source text: its 1-based line and the package. */
export function packageImports(text: string): { line: number; package: string }[] {
  const out: { line: number; package: string }[] = [];
  let line = 1;
  let pos = 0;
  for (const m of text.matchAll(IMPORT)) {
    const pkg = importedPackage(m[2] ?? m[4] ?? m[6] ?? '');
    if (!pkg) continue;
    for (let nl = text.indexOf('\n', pos); nl >= 0 && nl < m.index; nl = text.indexOf('\n', pos)) {
      line++;
      pos = nl + 1;
    }
    out.push({ line, package: pkg });
  }
  return out;
}

/** The file name of a bundle's URL or path ("main.js"). */
export function bundleName(url: string): string {
  return (
    url
      .replace(/[?#].*$/, '')
      .split(/[/\\]/)
      .filter(Boolean)
      .pop() ?? url
  );
}

/** The notes for the heaviest packages' import lines in `files` (each bundle's own sources). */
export function importSizeNotes(bundles: readonly BundleComposition[], files: readonly BundleSourceFile[], top = NOTED_PACKAGES): ImportNote[] {
  const weight = new Map<string, number>();
  for (const b of bundles) for (const p of b.packages) if (p.name !== OWN_CODE && p.name !== UNMAPPED) weight.set(p.name, (weight.get(p.name) ?? 0) + p.bytes);
  const heaviest = new Set(
    [...weight]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name]) => name),
  );
  const notes: ImportNote[] = [];
  for (const file of files) {
    const bundle = bundles.find((b) => b.files.some((f) => f.name === file.source));
    if (!bundle) continue;
    for (const imp of packageImports(file.text)) {
      const part = heaviest.has(imp.package) ? bundle.packages.find((p) => p.name === imp.package) : undefined;
      if (!part) continue;
      const share = bundle.bytes > 0 ? part.bytes / bundle.bytes : 0;
      const text = `📦 ${imp.package}: ${formatBytes(part.bytes)}, ${formatShare(share)} of ${bundleName(bundle.url)}`;
      notes.push({ path: file.path, line: imp.line, package: imp.package, bytes: part.bytes, share, bundleUrl: bundle.url, text });
    }
  }
  return notes;
}
