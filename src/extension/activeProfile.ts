/**
 * The profile the editor is annotated with. Derived views (per-line stats, functions) are computed
 * once per profile; the annotator is rebuilt when settings or workspace folders change.
 */
import * as vscode from 'vscode';
import { ProfileAnnotator } from '../core/annotations/profileAnnotations';
import { weightDisplay } from '../core/annotations/weightFormat';
import type { Profile } from '../core/model/profile';
import { totalWeight } from '../core/model/profile';
import { fileLineStats, topFunctions } from '../core/model/views';
import type { KeptProfile } from './profileStore';
import { annotationSettings } from './settings';

export interface LoadedProfile {
  readonly profile: Profile;
  /** Shown in the status bar and panel titles. */
  readonly label: string;
  /** The kept-profile entry, when the profile is listed in the Profiles view. */
  readonly entry?: KeptProfile;
}

interface Derived {
  lineStats: Map<string, { line: number; self: number; total: number }[]>;
  functions: ReturnType<typeof topFunctions>;
  total: number;
  userFiles: Set<string>;
}

export class ActiveProfile implements vscode.Disposable {
  private current?: LoadedProfile;
  private derived?: Derived;
  private annotatorCache?: ProfileAnnotator;
  private readonly changed = new vscode.EventEmitter<LoadedProfile | undefined>();
  /** Fires when the active profile changes (or is cleared). */
  readonly onDidChange = this.changed.event;
  private readonly annotatorChanged = new vscode.EventEmitter<void>();
  /** Fires when annotations must be recomputed (profile, settings or workspace folders changed). */
  readonly onDidChangeAnnotator = this.annotatorChanged.event;
  private readonly disposables: vscode.Disposable[] = [];

  constructor() {
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('hotline.annotations')) this.invalidate();
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.invalidate()),
    );
  }

  get(): LoadedProfile | undefined {
    return this.current;
  }

  set(loaded: LoadedProfile): void {
    this.current = loaded;
    const profile = loaded.profile;
    const stats = fileLineStats(profile, { weight: 0 });
    const lineStats = new Map<string, { line: number; self: number; total: number }[]>();
    for (const [file, lines] of stats)
      lineStats.set(
        file,
        lines.map((l) => ({ line: l.line, self: l.self, total: l.total })),
      );
    const userFiles = new Set<string>();
    for (const f of profile.frames) if (f.kind === 'user' && f.file) userFiles.add(f.file);
    this.derived = {
      lineStats,
      functions: topFunctions(profile, { weight: 0, limit: Number.MAX_SAFE_INTEGER }),
      total: totalWeight(profile, 0),
      userFiles,
    };
    void vscode.commands.executeCommand('setContext', 'hotline.hasActiveProfile', true);
    this.changed.fire(loaded);
    this.invalidate();
  }

  clear(): void {
    this.current = undefined;
    this.derived = undefined;
    void vscode.commands.executeCommand('setContext', 'hotline.hasActiveProfile', false);
    this.changed.fire(undefined);
    this.invalidate();
  }

  /** Source paths as the active profile recorded them (keys of its per-line stats). */
  recordedFiles(): string[] {
    return this.derived ? [...this.derived.lineStats.keys()] : [];
  }

  /** The annotator for the active profile and current settings, or undefined without a profile. */
  annotator(): ProfileAnnotator | undefined {
    if (!this.current || !this.derived) return undefined;
    if (this.annotatorCache) return this.annotatorCache;
    const { profile } = this.current;
    const settings = annotationSettings();
    const d = this.derived;
    this.annotatorCache = new ProfileAnnotator(
      {
        lineStats: d.lineStats,
        functions: d.functions,
        frames: profile.frames,
        profileTotal: d.total,
        display: weightDisplay(profile.weightTypes[0], settings.unit, profile.metadata.sampleIntervalNs),
        paths: {
          roots: (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath),
          cwd: profile.metadata.cwd,
          caseInsensitive: process.platform === 'win32' || process.platform === 'darwin',
          preferred: (file) => d.userFiles.has(file),
        },
      },
      { thresholdPercent: settings.thresholdPercent, codeLensThresholdPercent: settings.codeLensThresholdPercent },
    );
    return this.annotatorCache;
  }

  private invalidate(): void {
    this.annotatorCache = undefined;
    this.annotatorChanged.fire();
  }

  dispose(): void {
    this.changed.dispose();
    this.annotatorChanged.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
