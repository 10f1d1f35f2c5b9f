/** Turns a profiler's raw output into the file Hotline saves (plan.transform). */
import { createReadStream, createWriteStream, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { PYTHON_LAUNCHER } from '../core/plan';
import { inlineSourceMap, remapCpuProfile, type CpuProfileJson } from '../core/sourcemap';

export interface SpeedscopeDoc {
  shared?: { frames?: { name?: string; file?: string }[] };
  profiles?: { type?: string; samples?: number[][] }[];
}

/**
 * Cuts Hotline's Python launcher from py-spy's speedscope stacks: a stack (root first) that
 * starts with `<module>` of `<string>` followed by runpy's `run_path` loses every frame up to
 * runpy's `_run_code`, so the script's own `<module>` becomes the root, as with
 * `py-spy record -- python script.py`. Other `<string>` frames (site's .pth exec at start-up)
 * are left alone. Returns the number of stacks cut.
 */
export function stripPythonLauncher(doc: SpeedscopeDoc): number {
  const frames = doc.shared?.frames ?? [];
  const is = (i: number | undefined, name: string, file: RegExp) => i !== undefined && frames[i]?.name === name && file.test(frames[i]?.file ?? '');
  // With --subprocesses each stack starts with `process N:"<command line>"`; show the program's
  // command line there, not the launcher's source.
  const launcherArgs = ` -c ${PYTHON_LAUNCHER} `;
  for (const f of frames) {
    if (!f.name?.startsWith('process ') || !f.name.includes(launcherArgs)) continue;
    const at = f.name.indexOf(launcherArgs);
    const rest = f.name.slice(at + launcherArgs.length).replace(/^\S+ /, ''); // drops the exit-code file
    f.name = `${f.name.slice(0, at)} ${rest}`;
  }
  let cut = 0;
  for (const p of doc.profiles ?? []) {
    const samples = p.samples ?? [];
    for (let k = 0; k < samples.length; k++) {
      const s = samples[k]!;
      const first = /^process \d+:/.test(frames[s[0] ?? -1]?.name ?? '') ? 1 : 0;
      if (!is(s[first], '<module>', /^<string>$/) || !(is(s[first + 1], 'run_path', /runpy/) || is(s[first + 1], 'run_module', /runpy/))) continue;
      let end = first + 2;
      while (end < s.length && !is(s[end], '_run_code', /runpy/)) end++;
      if (end < s.length - 1) {
        samples[k] = [...s.slice(0, first), ...s.slice(end + 1)];
        cut++;
      }
    }
  }
  return cut;
}

export function stripPythonLauncherFile(path: string): number {
  const doc = JSON.parse(readFileSync(path, 'utf8')) as SpeedscopeDoc;
  const cut = stripPythonLauncher(doc);
  writeFileSync(path, JSON.stringify(doc));
  return cut;
}

/** Rewrites a .cpuprofile of transpiled files to name the .ts sources; returns frames moved. */
export function remapTypescriptProfile(path: string, generated: ReadonlyMap<string, string>): number {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfileJson;
  const { profile: mapped, remappedFrames } = remapCpuProfile(profile, (file) => {
    const original = generated.get(file);
    if (!original) return null;
    const map = inlineSourceMap(readFileSync(file, 'utf8'));
    return map ? { map, originalPath: original } : null;
  });
  writeFileSync(path, JSON.stringify(mapped));
  return remappedFrames;
}

const FRAME_WITH_DSO = /^\s+[0-9a-fA-F]+ .* \((?:\/|\[)[^()]*\)$/;
const FRAME_NO_DSO = /^(\s+[0-9a-fA-F]+ )(.+)$/;

/**
 * Makes the inlined frames `perf script -F ...,srcline` prints read like ordinary frames: an
 * inlined frame line (`\t113f upper_case`, no "(dso)") gets a dso, and srclines lose their
 * " (inlined)" suffix. Without this the user's inlined functions (the hot loop of an -O2 build)
 * disappear into their callers. The dso is that of the real frame at the same address when the
 * sample has one (the function it was inlined into), else of the nearest real frame on the leaf
 * side (perf prints libc's inlined `__GI___libc_malloc` with no real frame of its own, right
 * under `_int_malloc`), else of the nearest one on the root side.
 */
export function normalizePerfScriptLines(lines: readonly string[]): string[] {
  const out = [...lines];
  let start = 0;
  for (let i = 0; i <= out.length; i++) {
    if (i === out.length || out[i] === '' || !/^\s/.test(out[i]!)) {
      normalizeSample(out, start, i);
      start = i + 1;
    }
  }
  return out;
}

const SRCLINE_LIKE = /^\s+(?:\S.*:(?:\d+|\?)(?: \(discriminator \d+\))?(?: \(inlined\))?|\?\?:0|\[[^\]]*\]\[[0-9a-f]+\])$/;

/** Frames of lines [from, to) of one sample (header excluded): fills in dsos, strips "(inlined)". */
function normalizeSample(out: string[], from: number, to: number): void {
  const frames: { i: number; addr: string; dso: string | null }[] = [];
  for (let i = from; i < to; i++) {
    const l = out[i]!;
    if (FRAME_WITH_DSO.test(l)) {
      frames.push({ i, addr: l.trim().split(/\s+/, 1)[0]!, dso: l.slice(l.lastIndexOf(' (') + 1) });
    } else if (SRCLINE_LIKE.test(l)) {
      out[i] = l.replace(/ \(inlined\)$/, '');
    } else if (FRAME_NO_DSO.test(l)) {
      frames.push({ i, addr: l.trim().split(/\s+/, 1)[0]!, dso: null });
    }
  }
  frames.forEach((f, k) => {
    if (f.dso !== null) return;
    const sameAddr = frames.find((g) => g.dso !== null && g.addr === f.addr);
    let dso = sameAddr?.dso ?? null;
    for (let j = k - 1; dso === null && j >= 0; j--) dso = frames[j]!.dso;
    for (let j = k + 1; dso === null && j < frames.length; j++) dso = frames[j]!.dso;
    const m = FRAME_NO_DSO.exec(out[f.i]!);
    if (dso && m) out[f.i] = `${m[1]}${m[2]} ${dso}`;
  });
}

/** Rewrites a perf script file in place, sample by sample (files can be gigabytes). */
export async function normalizePerfScriptFile(path: string): Promise<void> {
  const tmp = `${path}.normalized`;
  const output = createWriteStream(tmp);
  const rl = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  let sample: string[] = [];
  const flush = async () => {
    if (sample.length === 0) return;
    const text = `${normalizePerfScriptLines(sample).join('\n')}\n`;
    sample = [];
    if (!output.write(text)) await once(output, 'drain');
  };
  for await (const line of rl) {
    sample.push(line);
    if (line === '') await flush();
  }
  await flush();
  output.end();
  await once(output, 'finish');
  renameSync(tmp, path);
}
