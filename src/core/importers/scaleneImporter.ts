/**
 * scalene's JSON (`scalene run -o out.json prog.py`; older versions `scalene --json --outfile`):
 * per file and line, the share of the run's elapsed time spent in Python, in native code and in
 * the system (`n_cpu_percent_python`, `n_cpu_percent_c`, `n_sys_percent`, percent of
 * `elapsed_time_sec`) and the megabytes allocated there (`n_malloc_mb`). A flat profile: one root
 * frame per line with activity, named after the function the line is in.
 */
import { ProfileBuilder, ProfileFormatError, type WeightType } from '../model/profile';
import { parseJson, type BufferImporter } from './importerTypes';

const FORMAT = 'scalene';
const MIB = 1024 * 1024;

interface ScaleneLine {
  lineno: number;
  start_function_line?: number;
  [field: string]: unknown;
}
interface ScaleneFile {
  lines: ScaleneLine[];
  functions?: { line: string; lineno: number }[];
}
interface ScaleneDocument {
  elapsed_time_sec: number;
  files: Record<string, ScaleneFile>;
  program?: string;
  args?: string[];
  max_footprint_mb?: number;
}

/** Line fields kept as weights: percent of elapsed time (scaled to ns) or MB (scaled to bytes). */
const WEIGHTS: { field: string; type: WeightType; percentOfTime: boolean }[] = [
  { field: 'n_cpu_percent_python', type: { name: 'cpu_python', unit: 'nanoseconds' }, percentOfTime: true },
  { field: 'n_cpu_percent_c', type: { name: 'cpu_native', unit: 'nanoseconds' }, percentOfTime: true },
  { field: 'n_sys_percent', type: { name: 'cpu_system', unit: 'nanoseconds' }, percentOfTime: true },
  { field: 'n_malloc_mb', type: { name: 'alloc_space', unit: 'bytes' }, percentOfTime: false },
];

export const scaleneImporter: BufferImporter = {
  id: FORMAT,
  label: 'scalene JSON',
  extensions: [],
  looseExtensions: ['.json'],
  // scalene sorts its keys: "alloc_samples" comes first; older files are told by their line fields.
  detect: ({ json, text }) =>
    json && (/^\s*\{\s*"alloc_samples"\s*:/.test(text) || (/"elapsed_time_sec"\s*:/.test(text) && /"n_cpu_percent_python"\s*:/.test(text))),
  kind: 'buffer',
  parse(bytes, { source }) {
    const fail = (detail: string, where?: string) => new ProfileFormatError(FORMAT, detail, source, where);
    const doc = parseJson<ScaleneDocument>(bytes, FORMAT, source);
    if (!doc || typeof doc !== 'object' || !doc.files || typeof doc.files !== 'object') throw fail('no "files"');
    const elapsed = doc.elapsed_time_sec;
    if (typeof elapsed !== 'number' || !Number.isFinite(elapsed) || elapsed < 0) throw fail(`"elapsed_time_sec" is ${JSON.stringify(elapsed)}, not a duration`);
    const builder = new ProfileBuilder(
      {
        format: FORMAT,
        profiler: 'scalene',
        language: 'python',
        durationNs: Math.round(elapsed * 1e9),
        command: typeof doc.program === 'string' ? [doc.program, ...(Array.isArray(doc.args) ? doc.args.slice(1).map(String) : [])] : undefined,
        sourceFile: source,
      },
      WEIGHTS.map((w) => w.type),
    );
    if (typeof doc.max_footprint_mb === 'number') builder.note(`scalene: peak memory footprint ${doc.max_footprint_mb.toFixed(3)} MB`);
    const weights = new Array<number>(WEIGHTS.length).fill(0);
    for (const [file, entry] of Object.entries(doc.files)) {
      if (!entry || !Array.isArray(entry.lines)) throw fail('a file without "lines"', `files[${JSON.stringify(file)}]`);
      const functionAt = new Map<number, string>();
      for (const f of Array.isArray(entry.functions) ? entry.functions : [])
        if (f && typeof f.line === 'string' && typeof f.lineno === 'number') functionAt.set(f.lineno, f.line);
      entry.lines.forEach((l, i) => {
        const where = `files[${JSON.stringify(file)}].lines[${i}]`;
        if (!l || typeof l.lineno !== 'number') throw fail('a line without "lineno"', where);
        let any = false;
        WEIGHTS.forEach(({ field, percentOfTime }, k) => {
          const v = l[field] ?? 0;
          if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw fail(`"${field}" is ${JSON.stringify(v)}, not a figure`, where);
          weights[k] = percentOfTime ? (v / 100) * elapsed * 1e9 : v * MIB;
          any ||= v > 0;
        });
        if (!any) return;
        const start = typeof l.start_function_line === 'number' ? l.start_function_line : 0;
        const name = functionAt.get(start) ?? '<module>';
        builder.addSample([builder.frame({ name, file, line: l.lineno, functionLine: start || null })], weights);
      });
    }
    const p = builder.build();
    if (p.sampleStack.length === 0) throw fail('no line has CPU time or allocations (scalene saw no samples)');
    return p;
  },
};
