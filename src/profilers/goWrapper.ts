/**
 * Cleans the pprof profile of a Go main package run through Hotline's generated TestMain
 * (src/core/plan/go.ts): the wrapper's frames (_testmain.go's main.main, TestMain and its
 * closure) are removed from every stack, and the package's functions get back the names `go
 * run` gives them (`main.renderReport`, not `example.com/mod.renderReport`, which is how a test
 * binary names package main). The result reads like a profile of the program itself.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { Profile as PprofProfile } from 'pprof-format';

export function stripGoMainWrapper(bytes: Uint8Array, wrapperFile: string): { bytes: Uint8Array; removedFrames: number } {
  const gz = bytes[0] === 0x1f && bytes[1] === 0x8b;
  const p = PprofProfile.decode(gz ? gunzipSync(bytes) : bytes);
  const strings = p.stringTable.strings;
  const isWrapperFile = (file: string) => file === '_testmain.go' || file.endsWith(`/${wrapperFile}`) || file === wrapperFile;
  const wrapperFns = new Set<string>();
  let prefix: string | null = null;
  for (const f of p.function) {
    const file = strings[Number(f.filename)] ?? '';
    const name = strings[Number(f.name)] ?? '';
    if (!isWrapperFile(file)) continue;
    wrapperFns.add(String(f.id));
    if (name.endsWith('.TestMain') && file !== '_testmain.go') prefix = name.slice(0, -'.TestMain'.length);
  }
  const dropped = new Set(p.location.filter((l) => l.line.length > 0 && l.line.every((ln) => wrapperFns.has(String(ln.functionId)))).map((l) => String(l.id)));
  let removedFrames = 0;
  for (const s of p.sample) {
    const before = s.locationId.length;
    s.locationId = s.locationId.filter((id) => !dropped.has(String(id)));
    removedFrames += before - s.locationId.length;
  }
  p.location = p.location.filter((l) => !dropped.has(String(l.id)));
  const used = new Set(p.location.flatMap((l) => l.line.map((ln) => String(ln.functionId))));
  p.function = p.function.filter((f) => used.has(String(f.id)));
  if (prefix && prefix !== 'main') {
    // The string table encodes what was decoded; new names are added with dedup, not edited in place.
    const rename = (idx: number | bigint) => {
      const s = strings[Number(idx)] ?? '';
      return s.startsWith(`${prefix}.`) ? p.stringTable.dedup(`main.${s.slice(prefix!.length + 1)}`) : idx;
    };
    for (const f of p.function) {
      f.name = rename(f.name);
      f.systemName = rename(f.systemName);
    }
  }
  const out = p.encode();
  return { bytes: gz ? gzipSync(out) : out, removedFrames };
}
