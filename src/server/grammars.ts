import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Language as LanguageT, Parser as ParserT } from 'web-tree-sitter';
import { grammarSpecs, type GrammarId } from '../core/languages';
import { Language, Parser } from './treeSitter';

/** The grammars Hotline lints with (src/core/languages.ts). */
export type { GrammarId };

const GRAMMARS = grammarSpecs();
const WASM_FILE = Object.fromEntries(GRAMMARS.map((g) => [g.id, g.wasm])) as Record<GrammarId, string>;
const RUNTIME_WASM = 'web-tree-sitter/web-tree-sitter.wasm';

/** Where the .wasm files live: a folder holding them flat (the bundle's dist/grammars/) or node_modules. */
export type GrammarLocation = { dir: string } | 'node_modules';

/** Default: next to the bundle (dist/server.js -> dist/grammars/) when present, else node_modules. */
function defaultGrammarLocation(): GrammarLocation {
  const bundled = join(__dirname, 'grammars');
  return existsSync(join(bundled, 'web-tree-sitter.wasm')) ? { dir: bundled } : 'node_modules';
}

function wasmPath(location: GrammarLocation, spec: string): string {
  if (location === 'node_modules') return require.resolve(spec);
  return join(location.dir, spec.split('/')[1]);
}

/** Loads the tree-sitter runtime once and each grammar on first use. */
export class GrammarSet {
  private ready: Promise<void> | undefined;
  private readonly languages = new Map<GrammarId, Promise<LanguageT>>();

  constructor(readonly location: GrammarLocation = defaultGrammarLocation()) {}

  private init(): Promise<void> {
    const runtime = wasmPath(this.location, RUNTIME_WASM);
    this.ready ??= Parser.init({ locateFile: () => runtime });
    return this.ready;
  }

  async language(id: GrammarId): Promise<LanguageT> {
    await this.init();
    let lang = this.languages.get(id);
    if (!lang) {
      const file = wasmPath(this.location, WASM_FILE[id]);
      lang = Language.load(file).catch((err: unknown) => {
        this.languages.delete(id);
        throw new Error(`cannot load the ${id} grammar from ${file}: ${(err as Error).message}`);
      });
      this.languages.set(id, lang);
    }
    return lang;
  }

  async parser(id: GrammarId): Promise<ParserT> {
    const language = await this.language(id);
    const parser = new Parser();
    parser.setLanguage(language);
    return parser;
  }
}

/** Grammar for a file name (the CLI) — null when Hotline has no rules for it. */
export function grammarForPath(path: string): GrammarId | null {
  const ext = /\.[A-Za-z0-9]+$/.exec(path)?.[0].toLowerCase();
  return (GRAMMARS.find((g) => ext !== undefined && g.extensions.includes(ext))?.id as GrammarId | undefined) ?? null;
}

/** Grammar for an LSP languageId (VS Code's ids), falling back to the file extension. */
export function grammarForLanguageId(languageId: string, uri: string): GrammarId | null {
  const byId = GRAMMARS.find((g) => g.vscodeIds.includes(languageId))?.id as GrammarId | undefined;
  return byId ?? grammarForPath(uri.replace(/[?#].*$/, ''));
}
