/**
 * TypeScript programs for the memory tools: transpiled with the profilers' line-preserving
 * transpiler (inline source maps), run as JavaScript, and every file:line in the results mapped
 * back to the .ts sources — heap-profile call frames, leak sites, stacks and closure names.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { transpiledPath } from '../../core/plan';
import { inlineSourceMap, LineMapper } from '../../core/sourcemap/index';
import type { LeakReport, LeakSite } from '../../core/memory/leakReport';
import { transpileProgram } from '../typescriptBuild';

export interface TranspiledProgram {
  /** The generated JavaScript entry to run. */
  jsEntry: string;
  /** Original .ts position of a generated file's 1-based line (and 0-based column), or null. */
  map(file: string, line: number, column?: number): { file: string; line: number; column: number } | null;
  /** The generated .js files. */
  generatedFiles: string[];
}

function moduleKind(file: string): 'commonjs' | 'esm' {
  if (file.endsWith('.mts')) return 'esm';
  if (file.endsWith('.cts')) return 'commonjs';
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        return (JSON.parse(readFileSync(pkg, 'utf8')) as { type?: string }).type === 'module' ? 'esm' : 'commonjs';
      } catch {
        return 'commonjs';
      }
    }
    if (dirname(dir) === dir) return 'commonjs';
  }
}

export function transpileForMemory(program: string, rootDir: string, outDir: string): TranspiledProgram {
  const tsOut = join(outDir, 'ts-build');
  const { files } = transpileProgram({
    kind: 'transpile-ts',
    label: `transpile ${basename(program)}`,
    entry: program,
    rootDir,
    outDir: tsOut,
    moduleKind: moduleKind(program),
  });
  const mappers = new Map<string, LineMapper | null>();
  const mapperFor = (generated: string): LineMapper | null => {
    if (!mappers.has(generated)) {
      const sm = files.has(generated) ? inlineSourceMap(readFileSync(generated, 'utf8')) : null;
      mappers.set(generated, sm ? new LineMapper(sm) : null);
    }
    return mappers.get(generated)!;
  };
  return {
    jsEntry: transpiledPath(program, rootDir, tsOut),
    generatedFiles: [...files.keys()],
    map(file, line, column = 0) {
      const generated = file.startsWith('file:') ? fileURLToPath(file) : file;
      const original = files.get(generated);
      const mapper = original ? mapperFor(generated) : null;
      const pos = mapper?.position(line, column);
      return original && pos ? { file: original, line: pos.line, column: pos.column } : null;
    },
  };
}

interface HeapNode {
  callFrame: { url: string; lineNumber: number; columnNumber: number };
  children: HeapNode[];
}

/** Rewrites a .heapprofile's call frames of generated files to the .ts sources; returns frames moved. */
export function remapHeapProfileFile(path: string, ts: TranspiledProgram): number {
  const doc = JSON.parse(readFileSync(path, 'utf8')) as { head: HeapNode };
  let moved = 0;
  const stack = [doc.head];
  while (stack.length) {
    const node = stack.pop()!;
    const f = node.callFrame;
    if (f.url && f.lineNumber >= 0) {
      const to = ts.map(f.url, f.lineNumber + 1, Math.max(0, f.columnNumber));
      if (to) {
        node.callFrame = { ...f, url: pathToFileURL(to.file).href, lineNumber: to.line - 1, columnNumber: to.column };
        moved++;
      }
    }
    stack.push(...(node.children ?? []));
  }
  writeFileSync(path, JSON.stringify(doc));
  return moved;
}

/** Maps a leak report's sites, stacks, definitions and closure names back to the .ts sources. */
export function remapLeakReport(report: LeakReport, ts: TranspiledProgram): LeakReport {
  // Closures are named "@ file.js:LINE" after their generated file: rename every such mention.
  const byBase = new Map(ts.generatedFiles.map((f) => [basename(f), f] as const));
  const rename = (text: string) =>
    text.replace(/@ ([\w.-]+\.[cm]?js):(\d+)/g, (whole, base: string, line: string) => {
      const gen = byBase.get(base);
      const to = gen ? ts.map(gen, Number(line)) : null;
      return to ? `@ ${basename(to.file)}:${to.line}` : whole;
    });
  const site = (s: LeakSite): LeakSite => {
    const to = s.file && s.line ? ts.map(s.file, s.line) : null;
    return {
      ...s,
      ...(to ? { file: to.file, line: to.line } : {}),
      stack: s.stack.map((f) => {
        const t = f.file && f.line ? ts.map(f.file, f.line) : null;
        return t ? { ...f, file: t.file, line: t.line } : f;
      }),
    };
  };
  const kinds = report.kinds.map((k) => {
    const def = k.definedAt ? ts.map(k.definedAt.file, k.definedAt.line) : null;
    return { ...k, definedAt: def ? { file: def.file, line: def.line } : k.definedAt, allocatedAt: k.allocatedAt?.map(site) };
  });
  return {
    ...report,
    kinds: kinds.map((k) => ({
      ...k,
      name: rename(k.name),
      retainerPath: k.retainerPath?.map((s) => ({ ...s, text: rename(s.text) })),
      allocatedAt: k.allocatedAt?.map((s) => ({ ...s, kinds: s.kinds?.map(rename) })),
    })),
    sites: report.sites.map(site).map((s) => ({ ...s, kinds: s.kinds?.map(rename) })),
    patterns: report.patterns.map((p) => ({ ...p, evidence: rename(p.evidence), kind: p.kind ? rename(p.kind) : p.kind })),
    notes: [...report.notes, 'the TypeScript program was transpiled (no type check) and its positions mapped back through source maps'],
  };
}
