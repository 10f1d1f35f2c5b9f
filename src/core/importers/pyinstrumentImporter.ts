/**
 * pyinstrument's JSON renderer (`pyinstrument -r json -o out.json prog.py`): the processed call
 * tree, each node with its inclusive `time` in seconds (printed to the microsecond) and children.
 * A node's self time is its time less its children's; pyinstrument's `[self]` (and `[await]`) nodes
 * are that self time made visible, so they are folded back into their parent. pyinstrument records
 * the function's first line only (`line_no`), never the line a sample was on.
 */
import { classifyFrame, ProfileBuilder, ProfileFormatError, type FrameKind } from '../model/profile';
import { parseJson, type BufferImporter } from './importerTypes';

const FORMAT = 'pyinstrument';
/** Nodes pyinstrument adds for the parent's own time; their time is the parent's self time. */
const SELF_NODES = new Set(['[self]', '[await]']);

interface PyiNode {
  function: string;
  file_path?: string;
  line_no?: number;
  time: number;
  is_application_code?: boolean;
  class_name?: string;
  children: PyiNode[];
}
interface PyiDocument {
  duration?: number;
  sample_count?: number;
  cpu_time?: number;
  target_description?: string;
  root_frame: PyiNode | null;
}

export const pyinstrumentImporter: BufferImporter = {
  id: FORMAT,
  label: 'pyinstrument JSON (-r json)',
  extensions: [],
  looseExtensions: ['.json'],
  detect: ({ json, text }) => json && /"root_frame"\s*:/.test(text) && /"sample_count"\s*:/.test(text),
  kind: 'buffer',
  parse(bytes, { source }) {
    const fail = (detail: string, where?: string) => new ProfileFormatError(FORMAT, detail, source, where);
    const doc = parseJson<PyiDocument>(bytes, FORMAT, source);
    if (!doc || typeof doc !== 'object' || !('root_frame' in doc)) throw fail('no "root_frame"');
    if (doc.root_frame === null) throw fail('"root_frame" is null: pyinstrument recorded no samples');
    const builder = new ProfileBuilder(
      {
        format: FORMAT,
        profiler: 'pyinstrument',
        language: 'python',
        durationNs: typeof doc.duration === 'number' ? Math.round(doc.duration * 1e9) : undefined,
        sourceFile: source,
      },
      [{ name: 'wall', unit: 'nanoseconds' }],
    );
    if (typeof doc.sample_count === 'number')
      builder.note(`pyinstrument: ${doc.sample_count} samples, ${doc.duration ?? '?'} s wall, ${doc.cpu_time ?? '?'} s CPU`);
    if (typeof doc.target_description === 'string') builder.note(doc.target_description);
    let clamped = 0;
    // Depth-first without recursion: deep Python recursion makes deep trees.
    const work: { node: unknown; parent: number; path: string }[] = [{ node: doc.root_frame, parent: -1, path: 'root_frame' }];
    const weight = [0];
    while (work.length > 0) {
      const { node, parent, path } = work.pop()!;
      const n = checkNode(node, path, fail);
      const stack = builder.stack(parent, builder.frame(frameOf(n)));
      // Integer microseconds (the renderer's precision) so sums do not drift.
      let self = micros(n.time);
      n.children.forEach((child, i) => {
        const c = checkNode(child, `${path}.children[${i}]`, fail);
        if (SELF_NODES.has(c.function)) return;
        self -= micros(c.time);
        work.push({ node: c, parent: stack, path: `${path}.children[${i}]` });
      });
      if (self < 0) {
        clamped++;
        continue;
      }
      weight[0] = self * 1000;
      if (self > 0) builder.addSampleAt(stack, weight);
    }
    if (clamped) builder.note(`${clamped} node(s) had children longer than themselves (rounding); their self time is taken as 0`);
    const p = builder.build();
    if (p.sampleStack.length === 0) throw fail('the tree holds no time');
    return p;
  },
};

function micros(seconds: number): number {
  return Math.round(seconds * 1e6);
}

function checkNode(node: unknown, path: string, fail: (d: string, w?: string) => ProfileFormatError): PyiNode {
  const n = node as PyiNode;
  if (!n || typeof n !== 'object' || typeof n.function !== 'string') throw fail('a node without a "function" name', path);
  if (typeof n.time !== 'number' || !Number.isFinite(n.time) || n.time < 0) throw fail(`"time" is not a non-negative number: ${JSON.stringify(n.time)}`, path);
  if (!Array.isArray(n.children)) throw fail('"children" is not an array', path);
  return n;
}

function frameOf(n: PyiNode): { name: string; file: string | null; line: number | null; functionLine: number | null; kind?: FrameKind } {
  const file = typeof n.file_path === 'string' && n.file_path !== '' ? n.file_path : null;
  const line = typeof n.line_no === 'number' && n.line_no > 0 ? n.line_no : null;
  const name = typeof n.class_name === 'string' && n.class_name !== '' ? `${n.class_name}.${n.function}` : n.function;
  // pyinstrument's own judgement of "not your code" wins over the path rules, which only know site-packages.
  const byPath = classifyFrame(name, file);
  const kind: FrameKind = file === '<built-in>' ? 'native' : n.is_application_code === false && byPath === 'user' ? 'library' : byPath;
  return { name, file, line, functionLine: line, kind };
}
