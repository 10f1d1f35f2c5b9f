/**
 * Apple Instruments "Deep Copy" of a call tree (Time Profiler, Allocations, CPU Counters): a
 * tab-separated header (`Running Time` or `Weight` or `Bytes Used`, a self or count column, …,
 * `Symbol Name`), then one row per call-tree node, its depth the leading spaces of the symbol
 * column. The first column is the node's total ("4273.0ms   99.9%", "96.08 Gc  100.0%",
 * " 429.93 MB  100.0%"); a node's self weight is its total minus its children's totals, as
 * Instruments' own self column shows it (and as speedscope reads it).
 */
import { ProfileBuilder, ProfileFormatError, type WeightType } from '../model/profile';
import type { ImportContext, LineParser, TextImporter } from './importerTypes';
import { preview } from './foldedImporter';

const FORMAT = 'instruments';
const HEADER = /^(Running Time|Weight|Bytes Used)\t.*\tSymbol Names?\s*$/;
/** A total: a number (thousands separators allowed), a unit, and the percentage of the whole. */
const TOTAL = /^\s*([\d,]+(?:\.\d+)?)\s*([A-Za-zµ]+)?\s+\d+(?:\.\d+)?%\s*$/;

const KINDS: { type: WeightType; units: Record<string, number> }[] = [
  { type: { name: 'cpu', unit: 'nanoseconds' }, units: { ns: 1, µs: 1e3, us: 1e3, ms: 1e6, s: 1e9, min: 60e9 } },
  { type: { name: 'bytes_used', unit: 'bytes' }, units: { Bytes: 1, B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3, TB: 1024 ** 4 } },
  { type: { name: 'cycles', unit: 'count' }, units: { cycles: 1, c: 1, Kc: 1e3, Mc: 1e6, Gc: 1e9, Tc: 1e12 } },
];

interface Open {
  node: number;
  total: number;
  children: number;
}

export const instrumentsImporter: TextImporter = {
  id: FORMAT,
  label: 'Apple Instruments deep copy (call tree text)',
  extensions: [],
  looseExtensions: ['.txt'],
  detect: ({ json, lines }) => !json && HEADER.test(lines[0]!.replace(/^\uFEFF/, '')),
  kind: 'text',
  create(ctx: ImportContext): LineParser {
    const fail = (detail: string, where?: string) => new ProfileFormatError(FORMAT, detail, ctx.source, where);
    let builder: ProfileBuilder | null = null;
    let kind: (typeof KINDS)[number] | null = null;
    let header = true;
    let base = -1;
    let pending: ProfileFormatError | null = null;
    const open: Open[] = [];
    const frames = new Map<string, number>();
    const close = (depth: number) => {
      while (open.length > depth) {
        const n = open.pop()!;
        const self = n.total - n.children;
        if (self > 0) builder!.addSampleAt(n.node, [self]);
      }
    };
    return {
      line(text, lineNo) {
        if (pending) throw pending;
        if (header) {
          if (!HEADER.test(text.replace(/^\uFEFF/, ''))) throw fail('the first line is not a deep copy header (Weight/Running Time/Bytes Used … Symbol Name)');
          header = false;
          return;
        }
        if (text.trim() === '') return;
        const cols = text.split('\t');
        const symbol = cols[cols.length - 1]!;
        const name = symbol.trim();
        const m = TOTAL.exec(cols[0]!);
        const total = m && resolveUnit(m[2] ?? '');
        if (!m || !total || name === '' || cols.length < 2) {
          // Kept pending: a cut last line of a truncated copy is dropped with a note.
          pending = fail('expected "TOTAL UNIT PERCENT%<tab>…<tab>SYMBOL"', `line ${lineNo}: ${preview(text)}`);
          return;
        }
        if (kind && kind !== total.kind) throw fail(`mixes units: "${m[2] ?? ''}" is not a ${kind.type.unit} unit like the rows before`, `line ${lineNo}`);
        kind = total.kind;
        const b = (builder ??= new ProfileBuilder({ format: FORMAT, profiler: 'Instruments', sourceFile: ctx.source }, [kind.type]));
        const indent = symbol.length - symbol.trimStart().length;
        if (base < 0) base = indent;
        const depth = indent - base;
        if (depth < 0 || depth > open.length) throw fail(`row at depth ${depth} under a node at depth ${open.length - 1}`, `line ${lineNo}: ${preview(text)}`);
        close(depth);
        const value = Number(m[1]!.replace(/,/g, '')) * total.scale;
        const parent = open[open.length - 1];
        if (parent) parent.children += value;
        let frame = frames.get(name);
        if (frame === undefined) frames.set(name, (frame = b.frame({ name })));
        open.push({ node: b.stack(parent ? parent.node : -1, frame), total: value, children: 0 });
      },
      finish(stats) {
        if (pending) {
          if (stats.endedWithNewline || !builder) throw pending;
          builder.note('the last line was cut off (truncated file) and was dropped');
        }
        if (!builder) throw fail(header ? 'the file is empty' : 'no call-tree rows after the header');
        close(0);
        return builder.build();
      },
    };
  },
};

function resolveUnit(unit: string): { kind: (typeof KINDS)[number]; scale: number } | null {
  for (const kind of KINDS) if (unit in kind.units) return { kind, scale: kind.units[unit]! };
  return null;
}
