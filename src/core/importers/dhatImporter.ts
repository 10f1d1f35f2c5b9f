/**
 * DHAT's JSON (`valgrind --tool=dhat`, dhat.out.<pid>; the Rust `dhat` crate's dhat-heap.json):
 * one record per program point (allocation stack) with totals over the run (`tb` bytes, `tbk`
 * blocks), what was live at the global peak t-gmax (`gb`, `gbk`) and at exit (`eb`, `ebk`), and
 * bytes read and written (`rb`, `wb`). Stacks are indexes into `ftbl`, leaf first, whose strings
 * read "0x1091BB: churn (allocs.c:14)", "0x…: malloc (in /lib/…so)" or, from Rust, "… (f.rs:3:9)".
 */
import { ProfileBuilder, ProfileFormatError, type FrameInput, type WeightType } from '../model/profile';
import { parseJson, type BufferImporter } from './importerTypes';

const FORMAT = 'dhat';

interface ProgramPoint {
  fs: number[];
  [field: string]: unknown;
}
interface DhatDocument {
  dhatFileVersion: number;
  mode?: string;
  /** Block lifetimes recorded: the t-gmax and t-end fields are there. */
  bklt?: boolean;
  /** Block accesses recorded: the reads and writes fields are there. */
  bkacc?: boolean;
  cmd?: string;
  pps: ProgramPoint[];
  ftbl: string[];
}

/** Program-point fields Hotline keeps, when the document's flags say they are present. */
function fieldsOf(doc: DhatDocument): { field: string; type: WeightType }[] {
  const heap = doc.mode === undefined || /heap/.test(doc.mode);
  const bytes = heap || /copy/.test(doc.mode ?? '') ? 'bytes' : 'count';
  const fields = [
    { field: 'tb', type: { name: heap ? 'total_bytes' : 'total_units', unit: bytes } as WeightType },
    { field: 'tbk', type: { name: heap ? 'total_blocks' : 'total_events', unit: 'objects' } as WeightType },
  ];
  if (doc.bklt) {
    fields.push(
      { field: 'gb', type: { name: 'gmax_bytes', unit: 'bytes' } },
      { field: 'gbk', type: { name: 'gmax_blocks', unit: 'objects' } },
      { field: 'eb', type: { name: 'end_bytes', unit: 'bytes' } },
      { field: 'ebk', type: { name: 'end_blocks', unit: 'objects' } },
    );
  }
  if (doc.bkacc) fields.push({ field: 'rb', type: { name: 'read_bytes', unit: 'bytes' } }, { field: 'wb', type: { name: 'write_bytes', unit: 'bytes' } });
  return fields;
}

export const dhatImporter: BufferImporter = {
  id: FORMAT,
  label: 'DHAT JSON (valgrind --tool=dhat, Rust dhat)',
  extensions: [],
  looseExtensions: ['.json'],
  detect: ({ json, text }) => json && /"dhatFileVersion"\s*:/.test(text),
  kind: 'buffer',
  parse(bytes, { source }) {
    const fail = (detail: string, where?: string) => new ProfileFormatError(FORMAT, detail, source, where);
    const doc = parseJson<DhatDocument>(bytes, FORMAT, source);
    if (!doc || typeof doc !== 'object' || typeof doc.dhatFileVersion !== 'number') throw fail('no "dhatFileVersion"');
    if (!Array.isArray(doc.pps) || !Array.isArray(doc.ftbl)) throw fail('"pps" and "ftbl" must be arrays');
    const fields = fieldsOf(doc);
    const builder = new ProfileBuilder(
      { format: FORMAT, profiler: 'DHAT', command: typeof doc.cmd === 'string' ? doc.cmd.split(' ') : undefined, deterministic: true, sourceFile: source },
      fields.map((f) => f.type),
    );
    const frameIds = new Map<number, number>();
    const frameOf = (index: unknown, where: string): number => {
      const text = typeof index === 'number' ? doc.ftbl[index] : undefined;
      if (typeof text !== 'string') throw fail(`frame ${JSON.stringify(index)} is not in "ftbl" (${doc.ftbl.length} entries)`, where);
      let id = frameIds.get(index as number);
      if (id === undefined) frameIds.set(index as number, (id = builder.frame(parseDhatFrame(text))));
      return id;
    };
    const weights = new Array<number>(fields.length).fill(0);
    const stack: number[] = [];
    doc.pps.forEach((pp, i) => {
      const where = `pps[${i}]`;
      if (!pp || !Array.isArray(pp.fs)) throw fail('a program point without "fs"', where);
      fields.forEach(({ field }, k) => {
        const v = pp[field];
        if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw fail(`"${field}" is ${JSON.stringify(v)}, not a count`, where);
        weights[k] = v;
      });
      stack.length = 0;
      // fs is leaf first; DHAT's "[root]" entry (ftbl[0]) is not a frame of the program.
      for (let j = pp.fs.length - 1; j >= 0; j--) if (pp.fs[j] !== 0 || doc.ftbl[0] !== '[root]') stack.push(frameOf(pp.fs[j], `${where}.fs[${j}]`));
      if (stack.length === 0) stack.push(builder.frame({ name: '[root]', kind: 'runtime' }));
      if (!builder.addSample(stack, weights)) throw fail('a count is out of range', where);
    });
    if (doc.pps.length === 0) throw fail('no program points: the program made no allocation DHAT saw');
    return builder.build();
  },
};

/** "0x1091BB: churn (allocs.c:14)", "0x48417B4: malloc (in /usr/lib/x.so)", "0x…: f (src/m.rs:3:9)", "0x…: ???". */
export function parseDhatFrame(text: string): FrameInput {
  const m = /^(?:0x[0-9a-fA-F]+: )?(.*?)(?: \((?:in (.+)|(.+?):(\d+)(?::(\d+))?)\))?$/.exec(text)!;
  const name = m[1] === '' ? text : m[1]!;
  if (m[2] !== undefined) return { name, file: m[2], kind: 'native' };
  if (m[3] !== undefined) return { name, file: m[3], line: Number(m[4]), column: m[5] === undefined ? null : Number(m[5]) };
  return { name, file: null };
}
