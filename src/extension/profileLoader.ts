/**
 * The one way the extension reads a profile file: the Profiles view, the custom editor and a
 * flame graph panel restored after a window reload all load through here, so every format gets
 * what it needs (raw pstats: the Python converter, refused in Restricted Mode).
 */
import type { Profile } from '../core/model/profile';
import { ProfileFormatError } from '../core/model/profile';
import { openDialogExtensions } from '../core/importers/registry';
import { loadProfileSource, type ProfileSource } from '../profilers/profileLoader';
import { restrictedModeRefusal } from './workspaceTrust';

/** The Open Profile dialog's filters: every ending the importers name. */
export const PROFILE_FILTERS = { Profiles: openDialogExtensions(), 'All files': ['*'] };

export function loadProfile(source: ProfileSource): Promise<Profile> {
  return loadProfileSource(source, { beforeConvert: refuseInRestrictedMode });
}

/** Raw cProfile/pstats files need Python to read their marshal format: never in Restricted Mode. */
function refuseInRestrictedMode(format: string, name: string): void {
  // marshal is documented as unsafe on crafted data, and the file comes from the untrusted workspace.
  const refusal = restrictedModeRefusal('run Python to read a raw cProfile (.pstats) file', "Python's marshal reader is not safe on untrusted files");
  if (refusal) throw new ProfileFormatError(format, refusal, name);
}
