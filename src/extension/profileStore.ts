/**
 * Kept profiles: every recorded profile is copied into the profiles folder (workspace storage, or
 * `hotline.profilesFolder`) and described in `profiles.json` beside it. Opened profiles from elsewhere
 * are listed by reference and never deleted from disk by "Delete".
 */
import { copyFile, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, isAbsolute, join } from 'node:path';
import * as vscode from 'vscode';
import { profilesFolderSetting } from './settings';

export interface KeptProfile {
  readonly id: string;
  name: string;
  /** Absolute path of the profile file. */
  readonly file: string;
  /** True when the file lives outside the profiles folder (opened, not recorded). */
  readonly external: boolean;
  readonly capturedAt: string;
  readonly format?: string;
  readonly language?: string;
  readonly profiler?: string;
  readonly command?: readonly string[];
  readonly durationMs?: number;
  readonly samples?: number;
  /** The source file that was profiled (absolute), for "measure again" and the last-two-runs diff. */
  readonly sourceFile?: string;
  /** Content hashes of the workspace sources at profiling time (absolute path → sha256). */
  readonly sourceHashes?: Readonly<Record<string, string>>;
  /** How to run it again (the profilers' ProfileRequest, as plain JSON). */
  readonly request?: unknown;
}

interface IndexFile {
  version: 1;
  profiles: KeptProfile[];
}

export class ProfileStore implements vscode.Disposable {
  private profiles: KeptProfile[] = [];
  private loaded?: Promise<void>;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly context: vscode.ExtensionContext) {}

  /** The folder profiles are kept in (created on first write). */
  folder(): string {
    const configured = profilesFolderSetting();
    if (configured) {
      const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
      return isAbsolute(configured) || !root ? configured : join(root, configured);
    }
    const storage = this.context.storageUri ?? this.context.globalStorageUri;
    return join(storage.fsPath, 'profiles');
  }

  private indexPath(): string {
    return join(this.folder(), 'profiles.json');
  }

  async list(): Promise<readonly KeptProfile[]> {
    await this.load();
    return [...this.profiles].sort((a, b) => b.capturedAt.localeCompare(a.capturedAt));
  }

  async get(id: string): Promise<KeptProfile | undefined> {
    await this.load();
    return this.profiles.find((p) => p.id === id);
  }

  /** Copies a recorded profile into the folder and lists it. */
  async keep(profileFile: string, info: Omit<KeptProfile, 'id' | 'file' | 'external' | 'capturedAt'> & { capturedAt?: string }): Promise<KeptProfile> {
    await this.load();
    const folder = this.folder();
    await mkdir(folder, { recursive: true });
    const id = newId();
    const target = profileFile.startsWith(folder) ? profileFile : join(folder, `${id}-${basename(profileFile)}`);
    if (target !== profileFile) await copyFile(profileFile, target);
    const entry: KeptProfile = { ...info, id, file: target, external: false, capturedAt: info.capturedAt ?? new Date().toISOString() };
    this.profiles.push(entry);
    await this.save();
    return entry;
  }

  /** Lists a profile file the user opened, without copying it. Re-opening the same file reuses its entry. */
  async reference(
    profileFile: string,
    info: Omit<KeptProfile, 'id' | 'file' | 'external' | 'capturedAt' | 'name'> & { capturedAt?: string },
    name?: string,
  ): Promise<KeptProfile> {
    await this.load();
    const existing = this.profiles.find((p) => p.file === profileFile);
    if (existing) return existing;
    const entry: KeptProfile = {
      ...info,
      id: newId(),
      name: name ?? basename(profileFile),
      file: profileFile,
      external: true,
      capturedAt: info.capturedAt ?? new Date().toISOString(),
    };
    this.profiles.push(entry);
    await this.save();
    return entry;
  }

  async rename(id: string, name: string): Promise<void> {
    await this.load();
    const entry = this.profiles.find((p) => p.id === id);
    if (!entry) return;
    entry.name = name;
    await this.save();
  }

  /** Removes the entry; deletes the file only when Hotline recorded it into its own folder. */
  async delete(id: string): Promise<void> {
    await this.load();
    const entry = this.profiles.find((p) => p.id === id);
    if (!entry) return;
    this.profiles = this.profiles.filter((p) => p.id !== id);
    if (!entry.external) {
      await rm(entry.file, { force: true });
      await rm(`${entry.file}.run.json`, { force: true }); // the runner's side file (run info)
    }
    await this.save();
  }

  /** The newest earlier profile of the same source file (the default baseline of a comparison). */
  async previousOf(entry: KeptProfile): Promise<KeptProfile | undefined> {
    const all = await this.list();
    return all.find((p) => p.id !== entry.id && p.sourceFile !== undefined && p.sourceFile === entry.sourceFile && p.capturedAt <= entry.capturedAt);
  }

  reload(): void {
    this.loaded = undefined;
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }

  private load(): Promise<void> {
    this.loaded ??= (async () => {
      try {
        const parsed = JSON.parse(await readFile(this.indexPath(), 'utf8')) as Partial<IndexFile>;
        this.profiles = Array.isArray(parsed.profiles) ? parsed.profiles.filter(isKeptProfile) : [];
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`cannot read the profile list ${this.indexPath()}: ${(err as Error).message}`);
        this.profiles = [];
      }
    })();
    return this.loaded;
  }

  private async save(): Promise<void> {
    await mkdir(this.folder(), { recursive: true });
    const data: IndexFile = { version: 1, profiles: this.profiles };
    // Write then rename: a crash mid-write must not lose the list.
    const tmp = `${this.indexPath()}.tmp`;
    await writeFile(tmp, JSON.stringify(data, null, 2));
    await rename(tmp, this.indexPath());
    this.changed.fire();
  }
}

function isKeptProfile(v: unknown): v is KeptProfile {
  const p = v as KeptProfile;
  return (
    typeof p === 'object' &&
    p !== null &&
    typeof p.id === 'string' &&
    typeof p.file === 'string' &&
    typeof p.name === 'string' &&
    typeof p.capturedAt === 'string'
  );
}

function newId(): string {
  return `${new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '')}-${Math.random().toString(36).slice(2, 8)}`;
}
