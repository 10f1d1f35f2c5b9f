/**
 * Maps V8 .cpuprofile frames of transpiled TypeScript back to the .ts sources.
 *
 * The profile is rewritten before it is imported and saved, so the saved .cpuprofile already
 * names the .ts files and lines: reopening it later needs no source map. Function positions
 * (callFrame line/column, 0-based) map exactly through the source map; per-line ticks
 * (positionTicks, 1-based lines, no columns) map through a line table made from the first
 * mapped segment of each generated line. Ticks of generated lines that land on the same .ts
 * line are merged.
 */
import { decodedMappings, originalPositionFor, TraceMap } from '@jridgewell/trace-mapping';
import { pathToFileURL } from 'node:url';

export interface CpuProfileCallFrame {
  functionName: string;
  scriptId: string | number;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

export interface CpuProfileNode {
  id: number;
  callFrame: CpuProfileCallFrame;
  hitCount?: number;
  children?: number[];
  positionTicks?: { line: number; ticks: number }[];
  [key: string]: unknown;
}

export interface CpuProfileJson {
  nodes: CpuProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
  [key: string]: unknown;
}

/**
 * A generated file's source map and where its original code is: one original file (a transpiled
 * .ts), or, for a bundle of many sources, a resolver from the map's source names to files.
 */
export type SourceMapEntry =
  | {
      /** Source map JSON (v3) as an object or text. */
      readonly map: string | object;
      /** Absolute path of the original .ts file. */
      readonly originalPath: string;
    }
  | {
      readonly map: string | object;
      /** The absolute path of a source as the map names it (resolved against the map's URL), or null to leave its frames as they are. */
      readonly resolveSource: (source: string) => string | null;
    };

/** Line-level mapper for one generated file. */
export class LineMapper {
  private readonly trace: TraceMap;
  private readonly lines: Int32Array;

  constructor(map: string | object) {
    this.trace = new TraceMap(map as ConstructorParameters<typeof TraceMap>[0]);
    const decoded = decodedMappings(this.trace);
    this.lines = new Int32Array(decoded.length).fill(-1);
    decoded.forEach((segments, i) => {
      // segment = [genColumn, sourceIndex, origLine(0-based), origColumn, name?]
      const first = segments.find((s) => s.length >= 4);
      if (first) this.lines[i] = (first[2] as number) + 1;
    });
  }

  /** Original 1-based line of a generated 1-based line, or null when unmapped. */
  line(generatedLine: number): number | null {
    const v = this.lines[generatedLine - 1];
    return v !== undefined && v > 0 ? v : null;
  }

  /** Original position of a generated 1-based line and 0-based column (exact), else by line. */
  position(generatedLine: number, column: number): { line: number; column: number; source: string | null } | null {
    const p = originalPositionFor(this.trace, { line: generatedLine, column: Math.max(0, column) });
    if (p.line !== null && p.line > 0) return { line: p.line, column: p.column ?? 0, source: p.source };
    const l = this.line(generatedLine);
    return l === null ? null : { line: l, column: 0, source: this.lineSource(generatedLine) };
  }

  /**
   * The name of the function that starts at an original position, read from the map's
   * sourcesContent the way DevTools names minified frames: `function NAME`, a method `NAME(`,
   * or `NAME = (…) =>` / `NAME: function` just before it. Null when the map has no content there.
   */
  functionName(source: string | null, line: number, column: number): string | null {
    if (source === null) return null;
    const content = this.trace.sourcesContent?.[this.trace.resolvedSources.indexOf(source)];
    if (!content) return null;
    const text = content.split('\n')[line - 1];
    if (text === undefined) return null;
    const from = text.slice(column);
    const declared =
      /^(?:export\s+)?(?:default\s+)?(?:async\s+)?function\s*\*?\s*([\w$]+)/.exec(from) ??
      /^(?:static\s+)?(?:async\s+)?(?:get\s+|set\s+)?\*?\s*([\w$]+)\s*\(/.exec(from);
    if (declared && !/^(?:if|for|while|switch|catch|function|return)$/.test(declared[1]!)) return declared[1]!;
    const assigned = /([\w$]+)\s*[:=]\s*(?:async\s*)?(?:function\b[^(]*)?$/.exec(text.slice(0, column));
    return assigned ? assigned[1]! : null;
  }

  /**
   * The original name of a minified identifier used before a generated position (1-based line, 0-based
   * column): the nearest earlier segment that carries a name from the map's `names` and whose generated
   * text there is that identifier, in the same original file (a bundler maps each renamed use of a
   * variable to its original name).
   * Null when the map names none: the bundle was not renamed there, or the map has no `names`.
   */
  originalName(code: string, minified: string, generatedLine: number, column: number): string | null {
    const decoded = decodedMappings(this.trace);
    const lines = code.split('\n');
    const isIdent = /[\w$]/;
    // Only uses in the same original file as the position (a bundle reuses short names across modules).
    const source = this.position(generatedLine, column)?.source ?? null;
    for (let l = Math.min(generatedLine, decoded.length) - 1; l >= 0; l--) {
      const text = lines[l] ?? '';
      const segs = decoded[l]!;
      for (let k = segs.length - 1; k >= 0; k--) {
        const seg = segs[k]!;
        if (seg.length < 5 || (l === generatedLine - 1 && seg[0] >= column)) continue;
        if (source !== null && this.trace.resolvedSources[seg[1] as number] !== source) continue;
        const at = seg[0];
        if (text.startsWith(minified, at) && !isIdent.test(text[at + minified.length] ?? '') && !isIdent.test(text[at - 1] ?? ''))
          return this.trace.names[seg[4] as number] ?? null;
      }
    }
    return null;
  }

  /** The source of a generated 1-based line's first mapped segment (bundles mix sources). */
  lineSource(generatedLine: number): string | null {
    const p = originalPositionFor(this.trace, { line: generatedLine, column: 0 });
    if (p.source !== null) return p.source;
    const decoded = decodedMappings(this.trace)[generatedLine - 1];
    const first = decoded?.find((seg) => seg.length >= 4);
    return first ? (this.trace.resolvedSources[first[1] as number] ?? null) : null;
  }
}

/** The inline source map of a generated file (`//# sourceMappingURL=data:...;base64,...`), or null. */
export function inlineSourceMap(generatedText: string): object | null {
  const m = /\/\/[#@] sourceMappingURL=data:application\/json(?:;charset=[^;,]+)?;base64,([A-Za-z0-9+/=]+)\s*$/m.exec(generatedText);
  if (!m) return null;
  try {
    return JSON.parse(Buffer.from(m[1]!, 'base64').toString('utf8')) as object;
  } catch {
    return null;
  }
}

function urlKey(url: string): string {
  return url.startsWith('file://') ? decodeURIComponent(new URL(url).pathname) : url;
}

/**
 * Returns a copy of the profile with every frame of a mapped file moved to its .ts file and
 * line. `lookup` receives the frame's file path (file:// URLs decoded) and returns the map of
 * that generated file, or null to leave the frame as it is. Reports how many frames moved.
 */
export function remapCpuProfile(profile: CpuProfileJson, lookup: (path: string) => SourceMapEntry | null): { profile: CpuProfileJson; remappedFrames: number } {
  const mappers = new Map<string, { mapper: LineMapper; fileOf: (source: string | null) => string | null; renamed: boolean } | null>();
  const mapperFor = (url: string) => {
    if (!url) return null;
    const key = urlKey(url);
    if (!mappers.has(key)) {
      const entry = lookup(key);
      const fileOf = !entry
        ? null
        : 'originalPath' in entry
          ? () => entry.originalPath
          : (source: string | null) => (source === null ? null : entry.resolveSource(source));
      mappers.set(key, entry && fileOf ? { mapper: new LineMapper(entry.map), fileOf, renamed: !('originalPath' in entry) } : null);
    }
    return mappers.get(key)!;
  };
  let remappedFrames = 0;
  const nodes = profile.nodes.map((node) => {
    const m = mapperFor(node.callFrame.url);
    if (!m) return node;
    const cf = node.callFrame;
    const pos = cf.lineNumber >= 0 ? m.mapper.position(cf.lineNumber + 1, cf.columnNumber) : null;
    const file = m.fileOf(pos?.source ?? null);
    if (!file) return node;
    remappedFrames++;
    // Minified bundles rename functions; the original source says what they were called.
    const functionName = (pos && m.renamed ? m.mapper.functionName(pos.source, pos.line, pos.column) : null) ?? cf.functionName;
    const callFrame = {
      ...cf,
      functionName,
      url: pathToFileURL(file).href,
      lineNumber: pos ? pos.line - 1 : cf.lineNumber,
      columnNumber: pos ? pos.column : cf.columnNumber,
    };
    let positionTicks = node.positionTicks;
    if (positionTicks) {
      const merged = new Map<number, number>();
      for (const t of positionTicks) {
        // A tick on a generated line of another source (a bundle) stays on the function's line.
        const sameSource = !pos || pos.source === null || m.mapper.lineSource(t.line) === pos.source;
        const line = (sameSource ? m.mapper.line(t.line) : null) ?? (pos ? pos.line : t.line);
        merged.set(line, (merged.get(line) ?? 0) + t.ticks);
      }
      positionTicks = [...merged].map(([line, ticks]) => ({ line, ticks }));
    }
    return { ...node, callFrame, ...(positionTicks ? { positionTicks } : {}) };
  });
  return { profile: { ...profile, nodes }, remappedFrames };
}
