/**
 * The annotations of a whole profile, computed per file on demand: a document the profile does not
 * touch costs one path lookup and nothing else; a touched file is computed once and cached.
 */
import { annotateLines, hottestLineSelf, type LineAnnotation, type LineWeight } from './lineAnnotations';
import { ProfilePathIndex, type PathIndexOptions } from './profilePaths';
import type { WeightDisplay } from './weightFormat';

/** One function's weights as core's `topFunctions` reports them. */
export interface FunctionWeight {
  readonly name: string;
  readonly file: string | null;
  readonly line: number | null;
  readonly self: number;
  readonly total: number;
  readonly frameIds?: readonly number[];
}

/** Frame-like: name, file and line as recorded (see core's Frame). */
export interface FrameLocation {
  readonly name: string;
  readonly file: string | null;
  readonly line: number | null;
}

export interface AnnotatorInput {
  /** Per recorded file, per line weights (core's `fileLineStats`). */
  lineStats: ReadonlyMap<string, readonly LineWeight[]>;
  /** Functions with their weights (core's `topFunctions`, unlimited). */
  functions: readonly FunctionWeight[];
  /** The profile's frames, for naming the functions on a hovered line. */
  frames?: readonly FrameLocation[];
  profileTotal: number;
  display: WeightDisplay;
  paths: PathIndexOptions;
}

export interface AnnotatorSettings {
  thresholdPercent: number;
  codeLensThresholdPercent: number;
}

export interface FileAnnotations {
  /** The file's path as the profile recorded it. */
  readonly recordedFile: string;
  /** Sorted by line. */
  readonly lines: readonly LineAnnotation[];
  readonly byLine: ReadonlyMap<number, LineAnnotation>;
  /** Functions of this file at or above the CodeLens threshold, hottest first. */
  readonly hotFunctions: readonly FunctionWeight[];
  /** Every function of this file with weight, sorted by recorded line (for the hover's enclosing function). */
  readonly functions: readonly FunctionWeight[];
}

export class ProfileAnnotator {
  readonly paths: ProfilePathIndex;
  readonly hottestSelf: number;
  private readonly cache = new Map<string, FileAnnotations>();
  private functionsByFile?: Map<string, FunctionWeight[]>;
  private framesByFile?: Map<string, Map<number, string[]>>;

  constructor(
    private readonly input: AnnotatorInput,
    private readonly settings: AnnotatorSettings,
  ) {
    this.paths = new ProfilePathIndex(input.lineStats.keys(), input.paths);
    this.hottestSelf = hottestLineSelf(input.lineStats.values());
  }

  /** How many files have been computed so far (the benchmark checks untouched files cost nothing). */
  get computedFiles(): number {
    return this.cache.size;
  }

  get display(): WeightDisplay {
    return this.input.display;
  }

  get profileTotal(): number {
    return this.input.profileTotal;
  }

  /** Annotations for an editor file (absolute path), or undefined when the profile does not touch it. */
  forDocument(path: string): FileAnnotations | undefined {
    const recorded = this.paths.match(path);
    return recorded === undefined ? undefined : this.forRecordedFile(recorded);
  }

  forRecordedFile(recorded: string): FileAnnotations | undefined {
    const cached = this.cache.get(recorded);
    if (cached) return cached;
    const stats = this.input.lineStats.get(recorded);
    if (!stats) return undefined;
    const lines = annotateLines(stats, {
      profileTotal: this.input.profileTotal,
      hottestSelf: this.hottestSelf,
      thresholdPercent: this.settings.thresholdPercent,
      display: this.input.display,
    });
    const byLine = new Map<number, LineAnnotation>();
    for (const a of lines) byLine.set(a.line, a);
    const functions = this.functionsOf(recorded);
    const minLens = this.input.profileTotal * (this.settings.codeLensThresholdPercent / 100);
    const hotFunctions = functions.filter((f) => f.total > 0 && f.total >= minLens).sort((a, b) => b.total - a.total);
    const result: FileAnnotations = { recordedFile: recorded, lines, byLine, hotFunctions, functions };
    this.cache.set(recorded, result);
    return result;
  }

  /** Names of the profiled functions recorded on a 1-based line of a recorded file. */
  functionNamesAt(recorded: string, line: number): string[] {
    if (!this.framesByFile) {
      this.framesByFile = new Map();
      for (const f of this.input.frames ?? []) {
        if (f.file === null || f.line === null) continue;
        let lines = this.framesByFile.get(f.file);
        if (!lines) this.framesByFile.set(f.file, (lines = new Map()));
        const names = lines.get(f.line);
        if (!names) lines.set(f.line, [f.name]);
        else if (!names.includes(f.name)) names.push(f.name);
      }
    }
    return this.framesByFile.get(recorded)?.get(line) ?? [];
  }

  /**
   * The function a 1-based line most likely belongs to: one recorded on that line, else the
   * nearest function of the file that starts at or above it.
   */
  enclosingFunction(recorded: string, line: number): FunctionWeight | undefined {
    const functions = this.functionsOf(recorded);
    const named = this.functionNamesAt(recorded, line);
    const exact = functions.find((f) => named.includes(f.name));
    if (exact) return exact;
    let best: FunctionWeight | undefined;
    for (const f of functions) if (f.line !== null && f.line <= line && (!best || f.line > best.line!)) best = f;
    return best;
  }

  private functionsOf(recorded: string): FunctionWeight[] {
    if (!this.functionsByFile) {
      this.functionsByFile = new Map();
      for (const f of this.input.functions) {
        if (f.file === null) continue;
        let list = this.functionsByFile.get(f.file);
        if (!list) this.functionsByFile.set(f.file, (list = []));
        list.push(f);
      }
      for (const list of this.functionsByFile.values()) list.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    }
    return this.functionsByFile.get(recorded) ?? [];
  }
}
