/**
 * DTrace aggregations of stacks, as `dtrace -n 'profile-997 { @[ustack()] = count(); }'` prints
 * them (also `stack()`, or `stack(), ustack()` in one key): an optional `CPU ID FUNCTION:NAME`
 * header and probe line, then per record its frames, leaf first, one per indented line
 * (`module\`function+0xoffset`, or a bare address), kernel and user stacks separated by a blank
 * line, and the count alone on the record's last line. Frames keep `module\`function` as written;
 * only the instruction offset is dropped (one frame per function, as FlameGraph's stackcollapse.pl
 * folds them).
 */
import { ProfileBuilder, ProfileFormatError } from '../model/profile';
import type { ImportContext, LineParser, TextImporter } from './importerTypes';
import { preview } from './foldedImporter';

const FORMAT = 'dtrace';
const HEADER = /^\s*CPU\s+ID\s+FUNCTION:NAME\s*$/;
/** The probe that printed the aggregation: "  0  64091    :tick-60s". */
const PROBE_LINE = /^\s*\d+\s+\d+\s+\S*:\S*\s*$/;
const COUNT = /^\s+(\d+)\s*$/;
const FRAME = /^\s+(\S.*?)\s*$/;
/** A symbolised frame: module`function, the mark of DTrace's stack printing. */
const SYMBOL_FRAME = /^\s+[^\s`]+`\S/;

export const dtraceImporter: TextImporter = {
  id: FORMAT,
  label: 'DTrace stack aggregation (stack()/ustack() counts)',
  extensions: [],
  looseExtensions: ['.txt', '.out'],
  // Before perf script and folded: the header, or indented frames (some module`function) closed by a count line.
  detect: ({ json, lines }) => {
    if (json) return false;
    const body = lines.filter((l) => l.trim() !== '');
    if (HEADER.test(body[0] ?? '')) return true;
    const first = body.findIndex((l) => !PROBE_LINE.test(l));
    const rest = body.slice(first);
    return first >= 0 && FRAME.test(body[first]!) && rest.some((l) => SYMBOL_FRAME.test(l)) && rest.some((l) => COUNT.test(l));
  },
  kind: 'text',
  create(ctx: ImportContext): LineParser {
    const fail = (detail: string, where?: string) => new ProfileFormatError(FORMAT, detail, ctx.source, where);
    const builder = new ProfileBuilder({ format: FORMAT, profiler: 'DTrace', sourceFile: ctx.source }, [{ name: 'samples', unit: 'samples' }]);
    const frames = new Map<string, number>();
    let leafFirst: string[] = [];
    let started = false;
    let records = 0;
    return {
      line(text, lineNo) {
        if (!started) {
          if (text.trim() === '' || HEADER.test(text) || PROBE_LINE.test(text)) return;
          started = true;
        }
        if (text.trim() === '') return; // between records, or between a record's kernel and user stacks
        const count = COUNT.exec(text);
        if (count) {
          if (leafFirst.length > 0) {
            let node = -1;
            for (let i = leafFirst.length - 1; i >= 0; i--) {
              const name = leafFirst[i]!;
              let id = frames.get(name);
              if (id === undefined) frames.set(name, (id = builder.frame({ name, kind: /^(?:unix|genunix)`/.test(name) ? 'native' : undefined })));
              node = builder.stack(node, id);
            }
            if (!builder.addSampleAt(node, [Number(count[1])])) throw fail('a count is out of range', `line ${lineNo}`);
            records++;
          }
          leafFirst = [];
          return;
        }
        const frame = FRAME.exec(text);
        if (!frame) throw fail('expected an indented frame or count', `line ${lineNo}: ${preview(text)}`);
        leafFirst.push(frame[1]!.replace(/\+0x[0-9a-f]+$/i, ''));
      },
      finish() {
        if (leafFirst.length > 0) {
          if (records === 0) throw fail('a stack without its count (a cut file, or not a DTrace aggregation)');
          builder.note(`the last stack (${leafFirst.length} frames) has no count (truncated file) and was dropped`);
        }
        if (records === 0) throw fail('no stacks with counts found');
        return builder.build();
      },
    };
  },
};
