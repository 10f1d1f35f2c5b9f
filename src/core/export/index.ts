/**
 * Every format Hotline writes a profile in, one line each: `hotline report FILE --export ID -o OUT`
 * and its help come from this list.
 */
import type { Profile } from '../model/profile';
import { exportFolded } from './foldedExport';
import { exportPprof } from './pprofExport';
import { exportSpeedscope } from './speedscopeExport';

export interface Exporter {
  readonly id: string;
  readonly label: string;
  write(profile: Profile): Uint8Array;
}

const utf8 = (s: string) => new TextEncoder().encode(s);

export const EXPORTERS: readonly Exporter[] = [
  { id: 'pprof', label: 'pprof protobuf, gzipped (go tool pprof, every weight a sample type)', write: exportPprof },
  { id: 'speedscope', label: 'speedscope JSON (weight 0)', write: (p) => utf8(exportSpeedscope(p)) },
  { id: 'folded', label: 'folded stacks (weight 0)', write: (p) => utf8(exportFolded(p)) },
];

export const exporterById = (id: string) => EXPORTERS.find((e) => e.id === id);
