/**
 * Opening a profile file (the endings the importers claim, listed in package.json's customEditors)
 * shows it in the flame graph panel, as a read-only custom editor. A file that cannot be read shows
 * the importer's message (which format was expected, what was found) instead of a blank tab.
 * The panel's thread picker re-reads the document's file (or its bytes, off disk) with another thread.
 */
import * as vscode from 'vscode';
import { basename } from 'node:path';
import type { Profile } from '../core/model/profile';
import type { ProfileSource } from '../profilers/profileLoader';
import { loadProfile } from './profileLoader';
import { FlameGraphPanel } from './flameGraphPanel';
import { messagePage } from '../core/webviewPage';

export class ProfileDocument implements vscode.CustomDocument {
  constructor(
    readonly uri: vscode.Uri,
    readonly profile: Profile | null,
    readonly error: string | null,
    /** What the profile was read from: the panel's thread picker re-reads it. */
    readonly source?: ProfileSource,
  ) {}
  dispose(): void {}
}

export class ProfileEditorProvider implements vscode.CustomReadonlyEditorProvider<ProfileDocument> {
  static readonly viewType = 'hotline.profileViewer';

  static register(context: vscode.ExtensionContext): vscode.Disposable {
    return vscode.window.registerCustomEditorProvider(ProfileEditorProvider.viewType, new ProfileEditorProvider(context), {
      supportsMultipleEditorsPerDocument: true,
      webviewOptions: { retainContextWhenHidden: false },
    });
  }

  private readonly panels = new Map<string, FlameGraphPanel>();

  constructor(private readonly context: vscode.ExtensionContext) {}

  async openCustomDocument(uri: vscode.Uri): Promise<ProfileDocument> {
    try {
      const source: ProfileSource = uri.scheme === 'file' ? uri.fsPath : { name: basename(uri.path), bytes: await vscode.workspace.fs.readFile(uri) };
      return new ProfileDocument(uri, await loadProfile(source), null, source);
    } catch (err) {
      return new ProfileDocument(uri, null, (err as Error).message);
    }
  }

  resolveCustomEditor(document: ProfileDocument, panel: vscode.WebviewPanel): void {
    if (!document.profile) {
      panel.webview.options = { enableScripts: false };
      panel.webview.html = messagePage(`Hotline cannot show ${basename(document.uri.path)}: ${document.error ?? 'unknown error'}`);
      return;
    }
    const flame = FlameGraphPanel.attach(this.context, panel, { profile: document.profile, title: basename(document.uri.path), source: document.source });
    this.panels.set(document.uri.toString(), flame);
    panel.onDidDispose(() => this.panels.delete(document.uri.toString()));
  }

  /** The panel showing a document, for tests and "reveal in flame graph". */
  panelFor(uri: vscode.Uri): FlameGraphPanel | undefined {
    return this.panels.get(uri.toString());
  }
}

/** One call for activate(): the custom editor and the panel serializer. */
export function registerFlameGraphViews(context: vscode.ExtensionContext): vscode.Disposable {
  return vscode.Disposable.from(ProfileEditorProvider.register(context), FlameGraphPanel.registerSerializer(context));
}
