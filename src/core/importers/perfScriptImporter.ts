/**
 * `perf script` text: per sample a header line (`comm pid[/tid] [cpu] time: [period] event:`),
 * then one line per frame, leaf first (`\t addr sym+0xoff (dso)`), optionally each followed by a
 * srcline line (`  file.c:12`) when recorded with `-F ...,srcline`; a blank line ends the sample.
 *
 * Written for speed (the bench feeds it a gigabyte): it reads lines as bytes, hashes "sym" and
 * "dso" in place (the address and +0x offset are skipped) to find the already-seen frame, and
 * decodes text only for frames it has not seen. No string is made per line.
 */
import { FrameKind, ProfileBuilder, ProfileFormatError } from '../model/profile';
import type { ByteLineParser, ImportContext, TextImporter } from './importerTypes';
import { preview } from './foldedImporter';
import { PerfEventSamples } from './perfEvents';

const FORMAT = 'perf-script';
const SRCLINE = /^(.+?):(\d+)(?: \(discriminator \d+\))?$/;
const utf8 = new TextDecoder('utf-8');

interface RawFrame {
  name: string;
  /** sym (without +0x offset) and dso bytes as written, for cache matching. */
  sym: Uint8Array;
  dso: Uint8Array;
  dsoText: string;
  kind: FrameKind;
  /** Interned frame id when there is no srcline (-1 until first use); per-srcline ids otherwise. */
  id: number;
  bySrc: Map<string, number> | null;
  /** Next raw frame with the same hash (rare collisions). */
  next: RawFrame | null;
}

export const perfScriptImporter: TextImporter = {
  id: FORMAT,
  label: 'perf script text',
  extensions: ['.perf-script', '.perf.txt'],
  detect: ({ json, lines }) => !json && looksLikePerfScript(lines),
  kind: 'text',
  create(ctx: ImportContext): ByteLineParser {
    // Frames and stacks; the weights (period and samples per event) are kept by `byEvent`.
    const builder = new ProfileBuilder({ format: FORMAT, profiler: 'perf', sourceFile: ctx.source });
    const byEvent = new PerfEventSamples();
    const events = new Map<string, number>();
    let lastEvent: Uint8Array | null = null;
    let lastEventText = '';
    let event = -1;
    let period: number | null = null;
    const rawCache = new Map<number, RawFrame>();
    const frameCache = new Map<string, number>();
    const comms = new Map<string, number>();
    let lastComm: Uint8Array | null = null;
    let lastCommText = '';
    // Frames of the current sample, leaf first, and their srclines (null: none).
    const raws: RawFrame[] = [];
    const srclines: (string | null)[] = [];
    let inSample = false;
    let headerLine = 0;
    let samples = 0;
    let frameLines = 0;

    const frameId = (raw: RawFrame, src: string | null): number => {
      const cached = src === null ? undefined : raw.bySrc?.get(src);
      if (cached !== undefined) return cached;
      const key = src === null ? `${raw.name}\u0000${raw.dsoText}` : `${raw.name}\u0000${raw.dsoText}\u0000${src}`;
      let id = frameCache.get(key);
      if (id === undefined) {
        let file: string | null = null;
        let line: number | null = null;
        const m = src === null ? null : SRCLINE.exec(src);
        if (m && m[1] !== '??' && Number(m[2]) > 0) {
          // Line 0 is DWARF's "no line" (perf prints e.g. go.go:0 when its addr2line cannot read the unit).
          file = m[1]!;
          line = Number(m[2]);
        }
        id = builder.frame({ name: raw.name, file, line, kind: raw.kind });
        frameCache.set(key, id);
      }
      if (src === null) raw.id = id;
      else (raw.bySrc ??= new Map()).set(src, id);
      return id;
    };
    // Whole-sample cache: identical stacks repeat (a hot loop yields thousands of byte-identical
    // frame blocks), so a sample's frame lines are first looked up as one block — a cheap sparse
    // key, then an exact memcmp — and parsed line by line only when new.
    const blockCache = new Map<number, CachedBlock>();
    let blockBytes = 0;
    let pendingBuf: Uint8Array | null = null;
    let blockStart = -1;
    let blockEnd = -1;
    let pendingOk = true; // false once the sample spans chunks or has srclines: parse eagerly
    const pendingLines: number[] = []; // [symStart, end] pairs of frame lines not parsed yet
    let lastBlock: Uint8Array | null = null;

    const parsePending = () => {
      for (let i = 0; i < pendingLines.length; i += 2) {
        raws.push(rawFrame(pendingBuf!, pendingLines[i]!, pendingLines[i + 1]!));
        srclines.push(null);
      }
      pendingLines.length = 0;
    };
    const flush = () => {
      if (!inSample) return;
      inSample = false;
      let cached: CachedBlock | null = null;
      let key = 0;
      if (pendingOk && pendingLines.length > 0) {
        key = sparseKey(pendingBuf!, blockStart, blockEnd);
        let chain = 0;
        for (let c = blockCache.get(key) ?? null; c !== null; c = c.next, chain++) {
          if (c.bytes.length === blockEnd - blockStart && Buffer.prototype.compare.call(pendingBuf!, c.bytes, 0, c.bytes.length, blockStart, blockEnd) === 0) {
            cached = c;
            break;
          }
        }
        if (cached) {
          pendingLines.length = 0;
          pendingBuf = null;
          if (byEvent.add(cached.node, event, period)) samples++;
          return;
        }
        if (chain > 8) key = -1; // many blocks share the key: do not grow the chain
      }
      if (pendingLines.length > 0) parsePending();
      lastBlock = pendingBuf;
      pendingBuf = null;
      let node = -1;
      for (let i = raws.length - 1; i >= 0; i--) {
        const raw = raws[i]!;
        const src = srclines[i]!;
        node = builder.stack(node, src === null && raw.id >= 0 ? raw.id : frameId(raw, src));
      }
      raws.length = 0;
      srclines.length = 0;
      if (pendingOk && key !== -1 && node >= 0 && blockBytes < BLOCK_CACHE_BYTES && blockEnd > blockStart) {
        const bytes = new Uint8Array(lastBlock!.subarray(blockStart, blockEnd));
        blockBytes += bytes.length + 64;
        blockCache.set(key, { bytes, node, next: blockCache.get(key) ?? null });
      }
      lastBlock = null;
      if (node >= 0 && byEvent.add(node, event, period)) samples++;
    };
    const rawFrame = (buf: Uint8Array, symStart: number, end: number): RawFrame => {
      // "... sym+0x1f (dso)": the dso is in the last " (" ... ")".
      let open = end - 2;
      while (open > symStart && !(buf[open] === 32 && buf[open + 1] === 40)) open--;
      const hasDso = open > symStart;
      const symEndFull = hasDso ? open : end;
      let symEnd = symEndFull;
      for (let k = symEndFull - 1; k > symStart + 2; k--) {
        const c = buf[k]!;
        if (c === 120 /* x */ && buf[k - 1] === 48 && buf[k - 2] === 43 /* +0x */) {
          if (k + 1 < symEndFull) symEnd = k - 2;
          break;
        }
        if (!isHexByte(c)) break;
      }
      const dsoStart = hasDso ? open + 2 : end;
      const dsoEnd = hasDso ? end - 1 : end;
      let h = 0x811c9dc5;
      for (let k = symStart; k < symEnd; k++) h = Math.imul(h ^ buf[k]!, 16777619);
      h = Math.imul(h ^ 0x28, 16777619);
      for (let k = dsoStart; k < dsoEnd; k++) h = Math.imul(h ^ buf[k]!, 16777619);
      const key = h & 0x3fffffff;
      const first = rawCache.get(key);
      for (let r: RawFrame | null = first ?? null; r !== null; r = r.next) {
        if (sameBytes(buf, symStart, symEnd, r.sym) && sameBytes(buf, dsoStart, dsoEnd, r.dso)) return r;
      }
      // Copies (a Buffer's slice would be a view that keeps the whole chunk alive).
      const raw = newRawFrame(new Uint8Array(buf.subarray(symStart, symEnd)), new Uint8Array(buf.subarray(dsoStart, dsoEnd)));
      raw.next = first ?? null;
      rawCache.set(key, raw);
      return raw;
    };

    return {
      lineBytes(buf, start, lineEnd, lineNo) {
        let end = lineEnd;
        while (end > start && isSpace(buf[end - 1]!)) end--;
        if (start === end) {
          flush();
          return;
        }
        const c0 = buf[start]!;
        if (c0 === 9 /* \t */ || c0 === 32 /* space */ || (inSample && unindentedFrame(buf, start, end))) {
          if (!inSample) {
            throw new ProfileFormatError(
              FORMAT,
              'frame line before any sample header',
              ctx.source,
              `line ${lineNo}: ${preview(utf8.decode(buf.subarray(start, end)))}`,
            );
          }
          let i = start;
          while (i < end && (buf[i] === 32 || buf[i] === 9)) i++;
          let sp = i;
          while (sp < end && isHexByte(buf[sp]!)) sp++;
          // A srcline line has no "hexaddr " before its text and no "(dso)" at the end.
          if (sp === i || sp >= end || buf[sp] !== 32 || buf[end - 1] !== 41 /* ) */) {
            if (pendingLines.length > 0) parsePending();
            pendingOk = false;
            if (raws.length > 0) srclines[raws.length - 1] = utf8.decode(buf.subarray(i, end));
            return;
          }
          frameLines++;
          if (pendingOk && (pendingBuf === null || pendingBuf === buf)) {
            if (pendingBuf === null) {
              pendingBuf = buf;
              blockStart = start;
            }
            blockEnd = end;
            pendingLines.push(sp + 1, end);
            return;
          }
          // The sample spans two chunks: parse what is pending from the old chunk, then go on eagerly.
          if (pendingLines.length > 0) parsePending();
          pendingOk = false;
          raws.push(rawFrame(buf, sp + 1, end));
          srclines.push(null);
          return;
        }
        if (c0 === 35 /* # */) return;
        // A header starts a new sample (and ends one that had no blank line after it).
        flush();
        inSample = true;
        pendingOk = true;
        pendingBuf = null;
        headerLine = lineNo;
        // Most headers repeat the previous command name: compare bytes, decode only on change.
        if (!(lastComm !== null && startsWithBytes(buf, start, end, lastComm) && isSpace(buf[start + lastComm.length]!))) {
          const header = utf8.decode(buf.subarray(start, end));
          lastCommText = commOf(header);
          lastComm = new TextEncoder().encode(lastCommText);
        }
        comms.set(lastCommText, (comms.get(lastCommText) ?? 0) + 1);
        // "... 12.345678:    1001001 cpu-clock:": period after the timestamp's colon, then the event.
        let k = start;
        while (k < end && !(buf[k] === 58 /* : */ && k > start && isDigit(buf[k - 1]!) && (k + 1 === end || isSpace(buf[k + 1]!)))) k++;
        k++;
        while (k < end && isSpace(buf[k]!)) k++;
        let value = 0;
        let digits = 0;
        while (k < end && isDigit(buf[k]!)) {
          value = value * 10 + (buf[k]! - 48);
          k++;
          digits++;
        }
        if (digits > 0 && k < end && isSpace(buf[k]!)) {
          period = value;
          while (k < end && isSpace(buf[k]!)) k++;
        } else {
          // No period field (perf script -F without "period"): the samples are the weight.
          period = null;
          k -= digits;
        }
        let ev = k;
        while (ev < end && buf[ev] !== 58 && !isSpace(buf[ev]!)) ev++;
        if (!(lastEvent !== null && sameBytes(buf, k, ev, lastEvent))) {
          lastEvent = new Uint8Array(buf.subarray(k, ev));
          lastEventText = utf8.decode(lastEvent);
          event = byEvent.event(lastEventText);
        }
        events.set(lastEventText, (events.get(lastEventText) ?? 0) + 1);
      },
      finish(stats) {
        if (inSample && raws.length === 0 && pendingLines.length === 0 && !stats.endedWithNewline)
          builder.note(`the last sample (line ${headerLine}) was cut off and dropped`);
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
        builder.note(`events: ${[...events].map(([e, n]) => `${e} (${n})`).join(', ')}`);
        return { ...builder.build(), ...byEvent.build() };
      },
    };
  },
};

interface CachedBlock {
  bytes: Uint8Array;
  node: number;
  next: CachedBlock | null;
}

/** Upper bound for the whole-sample cache (copies of distinct frame blocks). */
const BLOCK_CACHE_BYTES = 64 * 1024 * 1024;

/** A cheap key: the length, the last 8 bytes and 24 bytes spread over the block. memcmp decides. */
function sparseKey(buf: Uint8Array, start: number, end: number): number {
  const n = end - start;
  let h = Math.imul(0x811c9dc5 ^ n, 16777619);
  const step = n > 24 ? Math.floor(n / 24) : 1;
  for (let k = start; k < end; k += step) h = Math.imul(h ^ buf[k]!, 16777619);
  for (let k = Math.max(start, end - 8); k < end; k++) h = Math.imul(h ^ buf[k]!, 16777619);
  return h & 0x3fffffff;
}

function isHexByte(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9;
}

function sameBytes(buf: Uint8Array, from: number, to: number, s: Uint8Array): boolean {
  const n = s.length;
  if (n !== to - from) return false;
  for (let k = 0; k < n; k++) if (buf[from + k] !== s[k]) return false;
  return true;
}

function startsWithBytes(buf: Uint8Array, from: number, to: number, s: Uint8Array): boolean {
  return to - from > s.length && sameBytes(buf, from, from + s.length, s);
}

/** Name and kind from the symbol and dso. `[unknown]` symbols are named after their dso, like stackcollapse-perf. */
function newRawFrame(symBytes: Uint8Array, dsoBytes: Uint8Array): RawFrame {
  const sym = utf8.decode(symBytes);
  const dso = utf8.decode(dsoBytes);
  let kind: FrameKind = 'user';
  if (dso.startsWith('[kernel') || dso === '[vdso]' || dso === '[unknown]' || /\.so(?:\.[\d.]+)?$/.test(dso)) kind = 'native';
  const name = sym === '[unknown]' && dso && dso !== '[unknown]' ? `[${dso.slice(dso.lastIndexOf('/') + 1)}]` : sym;
  return { name, sym: symBytes, dso: dsoBytes, dsoText: dso, kind, id: -1, bySrc: null, next: null };
}

/**
 * The command name is everything before the pid field; comm may contain spaces and numbers
 * ("my worker 2 1234/1234 [001] 10.5: ..."), so the pid is the number followed by the cpu, the
 * time or a "/tid", whichever the header has, else the first number.
 */
function commOf(header: string): string {
  const m = COMM_BEFORE_CPU_OR_TIME.exec(header) ?? COMM_BEFORE_PID_TID.exec(header) ?? COMM_BEFORE_NUMBER.exec(header);
  return m ? m[1]!.trim() : header.slice(0, 16);
}
const COMM_BEFORE_CPU_OR_TIME = /^(.*?)\s+\d+(?:\/\d+)?\s+(?:\[\d+\]|\d+\.\d+:)/;
const COMM_BEFORE_PID_TID = /^(.*?)\s+\d+\/\d+\s/;
const COMM_BEFORE_NUMBER = /^(.*?)\s+\d+(?:\/\d+)?\s/;

/**
 * A frame line without its indentation ("4005d6 main (/bin/app)", from files other tools
 * re-wrote): a hex address, a space, and a "(dso)" at the end, with no ": " — every header has
 * the "event:" (or "time:") field, frames never do before their dso.
 */
function unindentedFrame(buf: Uint8Array, start: number, end: number): boolean {
  if (buf[end - 1] !== 41 /* ) */) return false;
  let i = start;
  while (i < end && isHexByte(buf[i]!)) i++;
  if (i === start || buf[i] !== 32) return false;
  let open = end - 2;
  while (open > i && !(buf[open] === 32 && buf[open + 1] === 40)) open--;
  for (let k = i; k < open; k++) if (buf[k] === 58 /* : */ && (k + 1 === open || buf[k + 1] === 32)) return false;
  return true;
}

function looksLikePerfScript(lines: string[]): boolean {
  for (let i = 0; i < lines.length - 1; i++) {
    const l = lines[i]!.trimEnd();
    if (l === '' || l.startsWith('#')) continue;
    // header "comm pid[/tid] [cpu] time: ... event:" followed by a "hexaddr symbol (dso)" line
    // (indented by perf; CRLF and unindented frames come from files that went through other tools)
    return /\s\d+(?:\/\d+)?\s+(?:\[\d+\]\s+)?(?:\d+\.\d+:)?/.test(l) && /^\s*[0-9a-fA-F]+ .*\)\s*$/.test(lines[i + 1] ?? '');
  }
  return false;
}
