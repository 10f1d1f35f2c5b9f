/**
 * The one way the extension reads a profile file: the Profiles view, the custom editor and a
 * flame graph panel restored after a window reload all load through here, so every format gets
 * what it needs (raw pstats: the Python converter; node --prof logs: node --prof-process; legacy
 * pprof: go tool pprof; all refused in Restricted Mode). A file on disk is read in a child process (profileLoaderChild.ts),
 * so a big file's parse never weighs on the extension host; bytes (a virtual workspace) here.
 */
import * as vscode from 'vscode';
import type { Profile } from '../core/model/profile';
import { ProfileFormatError } from '../core/model/profile';
import { openDialogExtensions } from '../core/importers/registry';
import { loadProfileSource, type ProfileSource } from '../profilers/profileLoader';
import { loadProfileInChild } from '../profilers/profileLoaderChild';
import { restrictedModeRefusal } from './workspaceTrust';

/** The Open Profile dialog's filters: every ending the importers name. */
export const PROFILE_FILTERS = { Profiles: openDialogExtensions(), 'All files': ['*'] };

/** `thread`: for files with several profiled threads (the panel's thread picker, a restored panel), the one to show. */
export function loadProfile(source: ProfileSource, opts: { thread?: string } = {}): Promise<Profile> {
  if (typeof source !== 'string') return loadProfileSource(source, { ...opts, beforeConvert: refuseInRestrictedMode });
  return loadProfileInChild({ path: source, ...opts, refuseConverters: !vscode.workspace.isTrusted }, { beforeConvert: refuseInRestrictedMode });
}

/** What each converter runs, and why that is not done on an untrusted workspace's file. */
const CONVERTER_REFUSALS: Record<string, [what: string, why: string]> = {
  // marshal is documented as unsafe on crafted data, and the file comes from the untrusted workspace.
  pstats: ['run Python to read a raw cProfile (.pstats) file', "Python's marshal reader is not safe on untrusted files"],
  // The tick processor is a program, and it runs nm and objdump on whatever library paths the log names.
  'node-prof': ['run node --prof-process to read a node --prof log', 'the tick processor runs nm and objdump on the files the untrusted log names'],
  // go tool pprof runs no code from the workspace, but like the tick processor it hands the binaries the untrusted file names to addr2line and nm.
  'pprof-legacy': ['run go tool pprof to read a legacy pprof profile', 'pprof runs addr2line and nm on the binaries the untrusted profile names'],
  'go-trace': ['run go tool trace to read a Go execution trace', 'go tool trace is a program that parses the untrusted file'],
};

/** Converters run a tool on the file (raw pstats: Python; node --prof logs: node; legacy pprof: go): never in Restricted Mode. */
function refuseInRestrictedMode(format: string, name: string): void {
  const [what, why] = CONVERTER_REFUSALS[format] ?? [`run a converter to read a ${format} file`, 'that runs a program on an untrusted file'];
  const refusal = restrictedModeRefusal(what, why);
  if (refusal) throw new ProfileFormatError(format, refusal, name);
}
