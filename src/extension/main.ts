/**
 * Hotline's entry point. activate() only wires: services, one table of commands, providers, views,
 * and the language client (its own lifetime). Activation failures are shown, since VS Code does not.
 */
import * as vscode from 'vscode';
import { ActiveProfile } from './activeProfile';
import { DocumentAnnotationTracker } from './annotations/documentAnnotations';
import { HotFunctionLensProvider } from './annotations/hotFunctionLenses';
import { HotLineDecorations } from './annotations/hotLineDecorations';
import { HotLineHoverProvider } from './annotations/hotLineHover';
import { antiPatternCommands, HotAntiPatternsProvider } from './hotAntiPatternsView';
import { HotlineLanguageClient } from './languageClient';
import { hotlineLog, logCommands, showError } from './log';
import { profileCommands } from './profileCommands';
import { followProfileEditors } from './profileEditorTabs';
import { ProfileLibrary } from './profileLibrary';
import { ProfilesTreeProvider } from './profilesView';
import { ProfileStore } from './profileStore';
import { RunCommands, runCommandTable } from './runCommands';
import { createProfileStatusItem } from './statusBar';
import { registerCommandTables } from './commandTable';
import { createTestApi, type HotlineApi } from './testApi';
import { editorSideFeatures } from './wiring';

let languageClient: HotlineLanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<HotlineApi> {
  try {
    return await wire(context);
  } catch (err) {
    // VS Code only logs a failed activation; say it where the user looks.
    void showError('activation failed', err);
    throw err;
  }
}

async function wire(context: vscode.ExtensionContext): Promise<HotlineApi> {
  const log = hotlineLog();
  const store = new ProfileStore(context);
  const active = new ActiveProfile();
  const library = new ProfileLibrary(context, store, active);
  const tracker = new DocumentAnnotationTracker(active);
  const decorations = new HotLineDecorations(tracker);
  const isVisible = () => decorations.isVisible;
  const lenses = new HotFunctionLensProvider(tracker, isVisible);
  const hover = new HotLineHoverProvider(active, tracker, isVisible);
  const run = new RunCommands(library);
  languageClient = new HotlineLanguageClient(context, active);
  const antiPatterns = new HotAntiPatternsProvider(active, languageClient);
  const profilesView = new ProfilesTreeProvider(store, active);
  const fileSelector: vscode.DocumentSelector = { scheme: 'file' };

  const editorSide = editorSideFeatures(context, { library, active });

  context.subscriptions.push(
    log,
    store,
    active,
    tracker,
    decorations,
    lenses,
    antiPatterns,
    profilesView,
    languageClient,
    createProfileStatusItem(active),
    followProfileEditors(library),
    ...registerCommandTables(context, {
      profiles: profileCommands(library, decorations),
      run: runCommandTable(run),
      antiPatterns: antiPatternCommands(antiPatterns, active, run),
      log: logCommands(log),
      ...editorSide.commands,
    }),
    vscode.languages.registerCodeLensProvider(fileSelector, lenses),
    vscode.languages.registerHoverProvider(fileSelector, hover),
    vscode.window.createTreeView('hotline.profiles', { treeDataProvider: profilesView, showCollapseAll: false }),
    vscode.window.createTreeView('hotline.hotAntiPatterns', { treeDataProvider: antiPatterns }),
    ...editorSide.disposables,
  );
  void vscode.commands.executeCommand('setContext', 'hotline.hasActiveProfile', false);
  void vscode.commands.executeCommand('setContext', 'hotline.canMeasureAgain', false);

  // The server is optional for everything else: a failure to start is logged and shown, not fatal.
  languageClient.start().catch((err) => void showError('the anti-pattern language server did not start', err));
  log.info(`Hotline ${context.extension.packageJSON.version as string} activated (VS Code ${vscode.version})`);
  return createTestApi({ library, active, tracker, decorations, lenses, hover, client: languageClient, antiPatterns });
}

export async function deactivate(): Promise<void> {
  await languageClient?.stop();
}
