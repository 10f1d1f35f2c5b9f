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

/** A generated file's source map and the original file it came from. */
export interface SourceMapEntry {
  /** Source map JSON (v3) as an object or text. */
  readonly map: string | object;
  /** Absolute path of the original .ts file. */
  readonly originalPath: string;
}

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
  position(generatedLine: number, column: number): { line: number; column: number } | null {
    const p = originalPositionFor(this.trace, { line: generatedLine, column: Math.max(0, column) });
    if (p.line !== null && p.line > 0) return { line: p.line, column: p.column ?? 0 };
    const l = this.line(generatedLine);
    return l === null ? null : { line: l, column: 0 };
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
  const mappers = new Map<string, { mapper: LineMapper; url: string } | null>();
  const mapperFor = (url: string) => {
    if (!url) return null;
    const key = urlKey(url);
    if (!mappers.has(key)) {
      const entry = lookup(key);
      mappers.set(key, entry ? { mapper: new LineMapper(entry.map), url: pathToFileURL(entry.originalPath).href } : null);
    }
    return mappers.get(key)!;
  };
  let remappedFrames = 0;
  const nodes = profile.nodes.map((node) => {
    const m = mapperFor(node.callFrame.url);
    if (!m) return node;
    remappedFrames++;
    const cf = node.callFrame;
    const pos = cf.lineNumber >= 0 ? m.mapper.position(cf.lineNumber + 1, cf.columnNumber) : null;
    const callFrame = { ...cf, url: m.url, lineNumber: pos ? pos.line - 1 : cf.lineNumber, columnNumber: pos ? pos.column : cf.columnNumber };
    let positionTicks = node.positionTicks;
    if (positionTicks) {
      const merged = new Map<number, number>();
      for (const t of positionTicks) {
        const line = m.mapper.line(t.line) ?? (pos ? pos.line : t.line);
        merged.set(line, (merged.get(line) ?? 0) + t.ticks);
      }
      positionTicks = [...merged].map(([line, ticks]) => ({ line, ticks }));
    }
    return { ...node, callFrame, ...(positionTicks ? { positionTicks } : {}) };
  });
  return { profile: { ...profile, nodes }, remappedFrames };
}
