/**
 * Reading a profile file (or bytes) with whatever its format needs set up: the pstats converter,
 * which runs Python, the node --prof converter, which runs `node --prof-process`, the legacy
 * pprof one, which runs `go tool pprof`, and the Go execution trace converter, which runs
 * `go tool trace -pprof=…`. The CLI calls this directly; the extension through
 * src/extension/profileLoader.ts, which adds its Restricted Mode check.
 */
import { importProfileBytes, importProfileFile, type ProfileConverter } from '../core/importers/index';
import type { Profile } from '../core/model/profile';
import { legacyPprofConverterHook } from './legacyPprofConverter';
import { goTraceConverterHook, type GoTraceProfile } from './goTraceConverter';
import { nodeProfConverterHook } from './nodeProfConverter';
import { pstatsConverterHook } from './pstatsConverter';

/** A file path, or the name and bytes of a file that is not on disk (a virtual workspace, an upload). */
export type ProfileSource = string | { name: string; bytes: Uint8Array };

export interface LoadProfileOptions {
  /** Skip detection and use this format id. */
  format?: string;
  /** The thread to show, by name or tid, for formats that hold several (Chrome trace events, Gecko). */
  thread?: string;
  /** Called before a converter runs a tool on the file (raw pstats: Python; node --prof: node), with the format and the file's name; throws to refuse. */
  beforeConvert?: (format: string, name: string) => void;
  /** Which blocking profile of a Go execution trace (default sync). */
  goTraceProfile?: GoTraceProfile;
}

/** Imports the profile; a file path becomes its metadata.sourceFile (panels reopen it from there). */
export async function loadProfileSource(source: ProfileSource, opts: LoadProfileOptions = {}): Promise<Profile> {
  const checked =
    (format: string, convert: ProfileConverter): ProfileConverter =>
    async (input) => {
      opts.beforeConvert?.(format, input.name);
      return convert(input);
    };
  const importOptions = {
    ...(opts.format ? { format: opts.format } : {}),
    ...(opts.thread ? { thread: opts.thread } : {}),
    convertPstats: checked('pstats', pstatsConverterHook()),
    convertNodeProf: checked('node-prof', nodeProfConverterHook()),
    convertLegacyPprof: checked('pprof-legacy', legacyPprofConverterHook()),
    convertGoTrace: checked('go-trace', goTraceConverterHook({ profile: opts.goTraceProfile })),
  };
  if (typeof source !== 'string') return importProfileBytes(source.name, source.bytes, importOptions);
  const profile = await importProfileFile(source, importOptions);
  profile.metadata.sourceFile = source;
  return profile;
}
