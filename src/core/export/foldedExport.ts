/**
 * Folded stacks (`root;caller;leaf COUNT`), readable by inferno, flamegraph.pl, speedscope and
 * Hotline itself. Frames with a file are written py-spy style, `name (file:LINE)`, so a
 * round trip keeps lines. The format cannot hold ";" or line breaks inside a name: those are
 * replaced (";" → ":", CR/LF → " "); everything else is kept as data.
 */
import type { Frame, Profile } from '../model/profile';

function foldedFrameText(f: Frame): string {
  const name = f.name.replace(/;/g, ':').replace(/[\r\n]+/g, ' ');
  if (f.file === null) return name;
  const file = f.file.replace(/;/g, ':').replace(/[\r\n]+/g, ' ');
  return f.line !== null ? `${name} (${file}:${f.line})` : `${name} (${file})`;
}

/** One line per distinct stack (no trailing newline), root first. Iterative: any depth. */
function* foldedLines(profile: Profile, opts: { weight?: number } = {}): Generator<string> {
  const w = opts.weight ?? 0;
  const n = profile.weightTypes.length;
  const text = profile.frames.map(foldedFrameText);
  const parts: string[] = [];
  for (let j = 0; j < profile.sampleStack.length; j++) {
    const v = profile.sampleWeights[j * n + w]!;
    if (!(v > 0)) continue;
    parts.length = 0;
    for (let node = profile.sampleStack[j]!; node >= 0; node = profile.stackParent[node]!) parts.push(text[profile.stackFrame[node]!]!);
    parts.reverse();
    yield `${parts.join(';')} ${Number.isInteger(v) ? v : Math.round(v)}`;
  }
}

export function exportFolded(profile: Profile, opts: { weight?: number } = {}): string {
  let out = '';
  for (const line of foldedLines(profile, opts)) out += `${line}\n`;
  return out;
}
