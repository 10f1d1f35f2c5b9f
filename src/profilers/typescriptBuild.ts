/**
 * Transpiles a TypeScript entry and the .ts files it imports (relative imports, followed
 * recursively) with typescript.transpileModule: no type checking, no whitespace minification,
 * so each statement keeps its own line, and an inline source map per file. Output mirrors the
 * sources under outDir relative to rootDir, so `require('pkg')` still walks up to the project's
 * node_modules. Relative .js/.json/.mjs/.cjs imports are copied beside them.
 *
 * The compiler is the project's own `typescript` when it has one, else Hotline's.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { transpiledPath } from '../core/plan';
import type { TranspileStep } from '../core/plan';

type TS = typeof import('typescript');

function loadTypescript(projectRoot: string): TS {
  const attempts: string[] = [];
  for (const base of [join(projectRoot, 'package.json'), __filename]) {
    try {
      const req = createRequire(base);
      const ts = req(req.resolve('typescript')) as TS;
      if (typeof ts.transpileModule === 'function') return ts;
      attempts.push(`${base}: typescript without a compiler API (7.x native port?)`);
    } catch (e) {
      attempts.push(`${base}: ${(e as Error).message.split('\n')[0]}`);
    }
  }
  throw new Error(`cannot load the TypeScript compiler to transpile (install it in the project: npm install --save-dev typescript@5): ${attempts.join('; ')}`);
}

const TS_EXT = /\.(m|c)?tsx?$/;

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** Resolves a relative import specifier of `from` to a source file, or null. */
function resolveImport(from: string, spec: string): string | null {
  const base = resolve(dirname(from), spec);
  const candidates = [base, `${base}.ts`, `${base}.tsx`, `${base}.mts`, `${base}.cts`, join(base, 'index.ts'), join(base, 'index.tsx')];
  // NodeNext style: import './util.js' names the output of util.ts.
  if (/\.(m|c)?js$/.test(spec)) candidates.unshift(base.replace(/\.(m|c)?js$/, (_m, k: string | undefined) => `.${k ?? ''}ts`));
  return candidates.find(isFile) ?? null;
}

export interface TranspileResult {
  /** Generated .js path -> original .ts path, for source-map lookups. */
  readonly files: ReadonlyMap<string, string>;
}

export function transpileProgram(step: TranspileStep): TranspileResult {
  const ts = loadTypescript(step.rootDir);
  const files = new Map<string, string>();
  const queue = [resolve(step.entry)];
  const seen = new Set<string>();
  while (queue.length > 0) {
    const src = queue.pop()!;
    if (seen.has(src)) continue;
    seen.add(src);
    const text = readFileSync(src, 'utf8');
    const outPath = TS_EXT.test(src) ? transpiledPath(src, step.rootDir, step.outDir) : join(step.outDir, src.slice(step.rootDir.length));
    mkdirSync(dirname(outPath), { recursive: true });
    if (!TS_EXT.test(src)) {
      copyFileSync(src, outPath);
      continue;
    }
    const esm = src.endsWith('.mts') || (step.moduleKind === 'esm' && !src.endsWith('.cts'));
    const out = ts.transpileModule(text, {
      fileName: src,
      reportDiagnostics: false,
      compilerOptions: {
        module: esm ? ts.ModuleKind.ESNext : ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2022,
        inlineSourceMap: true,
        esModuleInterop: true,
        jsx: src.endsWith('x') ? ts.JsxEmit.ReactJSX : undefined,
        removeComments: false,
      },
    });
    writeFileSync(outPath, out.outputText);
    files.set(outPath, src);
    for (const imp of ts.preProcessFile(text, true, true).importedFiles) {
      if (!imp.fileName.startsWith('.')) continue;
      const target = resolveImport(src, imp.fileName);
      if (target && target.startsWith(step.rootDir) && !seen.has(target)) queue.push(target);
    }
  }
  if (!existsSync(transpiledPath(resolve(step.entry), step.rootDir, step.outDir))) throw new Error(`transpiling ${step.entry} produced no output`);
  return { files };
}
