/** Commands on kept profiles: open, switch, compare, rename, delete, toggle annotations, reveal. */
import * as vscode from 'vscode';
import type { CommandTable } from './commandIds';
import type { HotLineDecorations } from './annotations/hotLineDecorations';
import type { RevealTarget } from './annotations/hotLineHover';
import { FlameGraphPanel } from './flameGraphPanel';
import type { ProfileLibrary } from './profileLibrary';
import { PROFILE_FILTERS } from './profileLoader';
import type { KeptProfile } from './profileStore';

interface PickItem extends vscode.QuickPickItem {
  entry: KeptProfile;
}

async function pickProfile(library: ProfileLibrary, placeHolder: string, exclude?: string): Promise<KeptProfile | undefined> {
  const all = (await library.store.list()).filter((p) => p.id !== exclude);
  if (all.length === 0) {
    void vscode.window.showInformationMessage('Hotline: no kept profiles yet. Run "Hotline: Profile Current File" or "Hotline: Open Profile…".');
    return undefined;
  }
  const activeId = library.active.get()?.entry?.id;
  const items: PickItem[] = all.map((p) => ({
    label: `${p.id === activeId ? '$(pass-filled) ' : ''}${p.name}`,
    description: [p.language, p.profiler, new Date(p.capturedAt).toLocaleString()].filter(Boolean).join(' · '),
    detail: p.command?.join(' '),
    entry: p,
  }));
  return (await vscode.window.showQuickPick(items, { placeHolder, matchOnDescription: true, matchOnDetail: true }))?.entry;
}

export function profileCommands(library: ProfileLibrary, decorations: HotLineDecorations): CommandTable<'profiles'> {
  const { store, active } = library;
  return {
    'hotline.openProfile': async (uri?: vscode.Uri) => {
      const target =
        uri instanceof vscode.Uri
          ? uri
          : (await vscode.window.showOpenDialog({ canSelectMany: false, openLabel: 'Open Profile', filters: PROFILE_FILTERS }))?.[0];
      if (!target) return;
      await library.openFile(target.fsPath);
    },
    'hotline.showFlameGraph': () => {
      const loaded = active.get();
      if (!loaded) return vscode.window.showInformationMessage('Hotline: no active profile. Profile a file or open a profile first.');
      library.show(loaded);
    },
    'hotline.toggleAnnotations': () => decorations.setVisible(!decorations.isVisible),
    'hotline.switchProfile': async () => {
      const entry = await pickProfile(library, 'Annotate the source with which profile?');
      if (!entry) return;
      await library.activate(entry);
    },
    'hotline.clearActiveProfile': () => active.clear(),
    'hotline.compareProfiles': async (first?: KeptProfile) => {
      const base = first ?? (await pickProfile(library, 'Baseline (before): pick the older profile'));
      if (!base) return;
      const next = await pickProfile(library, `Compare ${base.name} with… (after)`, base.id);
      if (!next) return;
      await library.compare(base, next);
    },
    'hotline.revealInFlameGraph': async (target?: RevealTarget) => {
      const loaded = active.get();
      if (!loaded) return;
      // Reuse the panel already showing the active profile; open one otherwise.
      const panel = FlameGraphPanel.all.find((p) => p.title === loaded.label) ?? library.show(loaded);
      if (target && typeof target.name === 'string') panel.revealFrame({ name: target.name, file: target.file ?? null, line: target.line ?? null });
    },
    'hotline.profiles.open': async (entry?: KeptProfile) => {
      if (!entry) return;
      await library.activate(entry, { show: true });
    },
    'hotline.profiles.activate': async (entry?: KeptProfile) => {
      if (!entry) return;
      await library.activate(entry);
    },
    'hotline.profiles.rename': async (entry?: KeptProfile) => {
      if (!entry) return;
      const name = await vscode.window.showInputBox({
        prompt: 'New name of the profile',
        value: entry.name,
        validateInput: (v) => (v.trim() ? undefined : 'A name cannot be empty'),
      });
      if (!name) return;
      await store.rename(entry.id, name.trim());
      const loaded = active.get();
      if (loaded?.entry?.id === entry.id) active.set({ ...loaded, label: name.trim(), entry: { ...entry, name: name.trim() } });
    },
    'hotline.profiles.delete': async (entry?: KeptProfile) => {
      if (!entry) return;
      const what = entry.external ? 'Remove it from the list (the file stays on disk)?' : 'The profile file is deleted.';
      const ok = await vscode.window.showWarningMessage(`Delete profile "${entry.name}"? ${what}`, { modal: true }, 'Delete');
      if (ok !== 'Delete') return;
      await store.delete(entry.id);
      library.forget(entry.file);
      if (active.get()?.entry?.id === entry.id) active.clear();
    },
    'hotline.profiles.compareWith': async (entry?: KeptProfile) => {
      if (!entry) return;
      const other = await pickProfile(library, `Compare ${entry.name} (after) with… (before)`, entry.id);
      if (other) await library.compare(other, entry);
    },
    'hotline.profiles.revealFile': (entry?: KeptProfile) => entry && vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(entry.file)),
    'hotline.profiles.refresh': () => store.reload(),
  };
}
