/**
 * Loading kept and opened profiles, making one active (annotations, status bar, language server),
 * and showing them in the flame graph panel. Commands and the test API go through here.
 */
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { totalWeight, type Profile } from '../core/model/profile';
import type { ActiveProfile, LoadedProfile } from './activeProfile';
import { FlameGraphPanel } from './flameGraphPanel';
import { hotlineLog } from './log';
import { loadProfile } from './profileLoader';
import type { KeptProfile, ProfileStore } from './profileStore';

export function profileSummary(profile: Profile): Pick<KeptProfile, 'format' | 'language' | 'profiler' | 'command' | 'durationMs' | 'samples'> {
  const m = profile.metadata;
  return {
    format: m.format,
    language: m.language,
    profiler: m.profiler,
    command: m.command,
    durationMs: m.durationNs !== undefined ? m.durationNs / 1e6 : undefined,
    samples: profile.weightTypes[0]?.unit === 'samples' ? Math.round(totalWeight(profile, 0)) : undefined,
  };
}

export class ProfileLibrary {
  /** Parsed profiles by file path, so switching back and forth does not re-read big files. */
  private readonly parsed = new Map<string, Promise<Profile>>();

  constructor(
    private readonly context: vscode.ExtensionContext,
    readonly store: ProfileStore,
    readonly active: ActiveProfile,
  ) {}

  read(file: string): Promise<Profile> {
    let p = this.parsed.get(file);
    if (!p) {
      // loadProfile keeps the path as sourceFile: the panel's serializer reopens the profile from it after a reload.
      p = loadProfile(file);
      p.catch(() => this.parsed.delete(file));
      this.parsed.set(file, p);
      // Keep the cache small: the last few profiles are the ones users switch between.
      if (this.parsed.size > 6) this.parsed.delete(this.parsed.keys().next().value!);
    }
    return p;
  }

  forget(file: string): void {
    this.parsed.delete(file);
  }

  /** Opens a profile file from anywhere: lists it in the Profiles view and makes it active. */
  async openFile(file: string, options: { show?: boolean } = {}): Promise<LoadedProfile> {
    const profile = await this.read(file);
    const entry = await this.store.reference(file, { ...profileSummary(profile), capturedAt: profile.metadata.capturedAt });
    const loaded: LoadedProfile = { profile, label: entry.name, entry };
    this.active.set(loaded);
    hotlineLog().info(`opened ${file} (${profile.metadata.format}, ${profile.frames.length} frames)`);
    if (options.show ?? true) this.show(loaded);
    return loaded;
  }

  /** Makes a kept profile the active one. */
  async activate(entry: KeptProfile, options: { show?: boolean } = {}): Promise<LoadedProfile> {
    const profile = await this.read(entry.file);
    const loaded: LoadedProfile = { profile, label: entry.name, entry };
    this.active.set(loaded);
    if (options.show) this.show(loaded);
    return loaded;
  }

  /** Adopts a freshly recorded profile (already parsed) as active. */
  adopt(entry: KeptProfile, profile: Profile): LoadedProfile {
    profile.metadata.sourceFile = entry.file;
    this.parsed.set(entry.file, Promise.resolve(profile));
    const loaded: LoadedProfile = { profile, label: entry.name, entry };
    this.active.set(loaded);
    return loaded;
  }

  show(loaded: LoadedProfile, baseline?: LoadedProfile): FlameGraphPanel {
    return FlameGraphPanel.show(this.context, {
      profile: loaded.profile,
      title: baseline ? `${baseline.label} → ${loaded.label}` : loaded.label,
      baseline: baseline?.profile,
      baselineTitle: baseline?.label,
    });
  }

  async compare(base: KeptProfile, next: KeptProfile): Promise<void> {
    const [b, n] = await Promise.all([this.read(base.file), this.read(next.file)]);
    this.show({ profile: n, label: next.name, entry: next }, { profile: b, label: base.name, entry: base });
  }

  label(file: string): string {
    return basename(file);
  }
}
