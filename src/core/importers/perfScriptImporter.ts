/**
 * `perf script` text: per sample a header line (`comm pid[/tid] [cpu] time: [period] event:`),
 * then one line per frame, leaf first (`\t addr sym+0xoff (dso)`), optionally each followed by a
 * srcline line (`  file.c:12`) when recorded with `-F ...,srcline`; a blank line ends the sample.
 * Written for speed (the bench feeds it a gigabyte): indexOf/charCodeAt, no regex per frame line,
 * and a cache from the raw frame text to the interned frame id.
 */
import { FrameKind, ProfileBuilder, ProfileFormatError } from '../model/profile';
import type { ImportContext, LineParser, TextImporter } from './importerTypes';
import { preview } from './foldedImporter';

const FORMAT = 'perf-script';
const SRCLINE = /^(.+?):(\d+)(?: \(discriminator \d+\))?$/;

interface RawFrame {
  name: string;
  dso: string;
  kind: FrameKind;
}

export const perfScriptImporter: TextImporter = {
  id: FORMAT,
  kind: 'text',
  create(ctx: ImportContext): LineParser {
    const builder = new ProfileBuilder({ format: FORMAT, profiler: 'perf', sourceFile: ctx.source, language: 'c' });
    const rawCache = new Map<string, RawFrame>();
    const frameCache = new Map<string, number>();
    const comms = new Map<string, number>();
    const weights = [1];
    // Frames of the current sample, leaf first: raw frame + optional srcline.
    let raws: RawFrame[] = [];
    let srclines: (string | null)[] = [];
    let inSample = false;
    let headerLine = 0;
    let samples = 0;
    let frameLines = 0;

    const flush = () => {
      if (!inSample) return;
      inSample = false;
      let node = -1;
      for (let i = raws.length - 1; i >= 0; i--) node = builder.stack(node, frameId(raws[i]!, srclines[i]!));
      raws = [];
      srclines = [];
      if (node >= 0 && builder.addSampleAt(node, weights)) samples++;
    };
    const frameId = (raw: RawFrame, src: string | null): number => {
      const key = src === null ? `${raw.name}\u0000${raw.dso}` : `${raw.name}\u0000${raw.dso}\u0000${src}`;
      let id = frameCache.get(key);
      if (id === undefined) {
        let file: string | null = null;
        let line: number | null = null;
        const m = src === null ? null : SRCLINE.exec(src);
        if (m && m[1] !== '??') {
          file = m[1]!;
          line = Number(m[2]);
        }
        id = builder.frame({ name: raw.name, file, line, kind: raw.kind });
        frameCache.set(key, id);
      }
      return id;
    };

    return {
      line(text, lineNo) {
        if (text.length === 0) {
          flush();
          return;
        }
        const c0 = text.charCodeAt(0);
        if (c0 === 9 /* \t */ || c0 === 32 /* space */) {
          if (!inSample) {
            throw new ProfileFormatError(FORMAT, 'frame line before any sample header', ctx.source, `line ${lineNo}: ${preview(text)}`);
          }
          let i = 1;
          while (i < text.length && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
          const sp = text.indexOf(' ', i);
          // A srcline line has no hex address followed by a space and "(dso)" at the end.
          if (sp === -1 || text.charCodeAt(text.length - 1) !== 41 /* ) */ || !isHex(text, i, sp)) {
            if (raws.length > 0) srclines[raws.length - 1] = text.slice(i);
            return;
          }
          const rest = text.slice(sp + 1);
          let raw = rawCache.get(rest);
          if (raw === undefined) {
            raw = parseFrame(rest);
            rawCache.set(rest, raw);
          }
          raws.push(raw);
          srclines.push(null);
          frameLines++;
          return;
        }
        if (c0 === 35 /* # */) return;
        // A header: starts a new sample (flush one that had no blank line after it).
        flush();
        inSample = true;
        headerLine = lineNo;
        const comm = commOf(text);
        comms.set(comm, (comms.get(comm) ?? 0) + 1);
      },
      finish(stats) {
        if (inSample && raws.length === 0 && !stats.endedWithNewline) builder.note(`the last sample (line ${headerLine}) was cut off and dropped`);
        flush();
        if (samples === 0) {
          throw new ProfileFormatError(
            FORMAT,
            frameLines === 0 && comms.size > 0 ? 'samples have no call stacks; record with `perf record -g`' : 'no samples found',
            ctx.source,
          );
        }
        const top = [...comms].sort((a, b) => b[1] - a[1]).slice(0, 5);
        builder.note(`processes (comm): ${top.map(([c, n]) => `${c} (${n})`).join(', ')}${comms.size > 5 ? ', …' : ''}`);
        return builder.build();
      },
    };
  },
};

function isHex(s: string, from: number, to: number): boolean {
  if (to <= from) return false;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70))) return false;
  }
  return true;
}

/** `sym+0x1f (dso)` → name and kind. `[unknown]` symbols are named after their dso, like stackcollapse-perf. */
function parseFrame(rest: string): RawFrame {
  const open = rest.lastIndexOf(' (');
  let sym = open === -1 ? rest : rest.slice(0, open);
  const dso = open === -1 ? '' : rest.slice(open + 2, -1);
  const plus = sym.lastIndexOf('+0x');
  if (plus > 0 && isHex(sym, plus + 3, sym.length)) sym = sym.slice(0, plus);
  let kind: FrameKind = 'user';
  if (dso.startsWith('[kernel') || dso === '[vdso]' || dso === '[unknown]' || /\.so(?:\.[\d.]+)?$/.test(dso)) kind = 'native';
  if (sym === '[unknown]' && dso && dso !== '[unknown]') sym = `[${dso.slice(dso.lastIndexOf('/') + 1)}]`;
  return { name: sym, dso, kind };
}

/** The command name is everything before the pid field (comm may contain spaces). */
function commOf(header: string): string {
  const m = /^(.*?)\s+\d+(?:\/\d+)?\s/.exec(header);
  return m ? m[1]!.trim() : header.slice(0, 16);
}
