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
import { HotAntiPatternsProvider } from './hotAntiPatternsView';
import { AFTER_QUICK_FIX_COMMAND, HotlineLanguageClient } from './languageClient';
import { hotlineLog, showError } from './log';
import { offerMeasureAgain } from './measureAgainOffer';
import { profileCommands } from './profileCommands';
import { followProfileEditors } from './profileEditorTabs';
import { ProfileLibrary } from './profileLibrary';
import { ProfilesTreeProvider } from './profilesView';
import { ProfileStore } from './profileStore';
import { RunCommands, runCommandTable } from './runCommands';
import { createProfileStatusItem } from './statusBar';
import type { CommandHandler, CommandTable } from './commandTable';
import { createTestApi, type HotlineApi } from './testApi';
import { registerEditorSideFeatures } from './wiring';


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

  const commands: CommandTable = {
    ...profileCommands(library, decorations),
    ...runCommandTable(run),
    'hotline.showLog': () => log.show(true),
    'hotline.showHotAntiPatterns': async () => {
      await vscode.commands.executeCommand('hotline.hotAntiPatterns.focus');
      const items = await antiPatterns.refresh();
      if (!active.get()) void vscode.window.showInformationMessage('Hotline: hot anti-patterns need an active profile: profile a file or open a profile.');
      else if (items.length === 0) void vscode.window.showInformationMessage('Hotline: no anti-pattern diagnostics on the hot lines of the active profile.');
    },
    'hotline.refreshHotAntiPatterns': () => antiPatterns.refresh(),
    // The server attaches this to quick fixes on hot lines (arguments: document URI, rule id).
    [AFTER_QUICK_FIX_COMMAND]: (uri: string) => offerMeasureAgain(vscode.Uri.parse(uri), active, run),
  };

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
    ...Object.entries(commands).map(([id, handler]) => vscode.commands.registerCommand(id, guarded(id, handler))),
    vscode.languages.registerCodeLensProvider(fileSelector, lenses),
    vscode.languages.registerHoverProvider(fileSelector, hover),
    vscode.window.createTreeView('hotline.profiles', { treeDataProvider: profilesView, showCollapseAll: false }),
    vscode.window.createTreeView('hotline.hotAntiPatterns', { treeDataProvider: antiPatterns }),
    ...registerEditorSideFeatures(context, { library, active }),
  );
  void vscode.commands.executeCommand('setContext', 'hotline.hasActiveProfile', false);
  void vscode.commands.executeCommand('setContext', 'hotline.canMeasureAgain', false);

  // The server is optional for everything else: a failure to start is logged and shown, not fatal.
  languageClient.start().catch((err) => void showError('the anti-pattern language server did not start', err));
  log.info(`Hotline ${context.extension.packageJSON.version as string} activated (VS Code ${vscode.version})`);
  return createTestApi({ library, active, tracker, decorations, lenses, hover, client: languageClient, antiPatterns });
}

/** Errors from a command reach the user with its name; nothing is swallowed. */
function guarded(id: string, handler: CommandHandler): (...args: unknown[]) => Promise<unknown> {
  return async (...args) => {
    try {
      return await (handler as (...a: unknown[]) => unknown)(...args);
    } catch (err) {
      await showError(`${id} failed`, err);
      return undefined;
    }
  };
}

export async function deactivate(): Promise<void> {
  await languageClient?.stop();
}
