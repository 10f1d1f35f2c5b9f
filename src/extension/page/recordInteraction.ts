/**
 * "Record Page Interaction": the Performance panel's Record → interact → Stop. Asks for the page as
 * Audit Page Load does (an address, or ▶ to start the workspace's server, which Restricted Mode
 * refuses), opens Chromium on it (a window when the editor has a DISPLAY, headless otherwise), and
 * records until the notification's Stop; then the interaction's profile, mapped through the page's
 * source maps to the workspace's files, is kept, drawn in the flame graph and annotated on the source
 * lines, and its long tasks (with the DOM events that started them) fill the Long Tasks panel.
 */
import { join } from 'node:path';
import * as vscode from 'vscode';
import { recordPageInteraction, type RecordedInteraction } from '../../profilers/page';
import type { LoadedProfile } from '../activeProfile';
import { hotlineLog } from '../log';
import { profileSummary, type ProfileLibrary } from '../profileLibrary';
import { askUrlOrServer, pageUrl, showLongTasks, sourceRoots, workspaceFolders } from './index';
import { startWorkspacePageServer, type WorkspaceServerArgs } from './workspaceServer';

/** The recording under way: what the Stop button does, and Chromium's DevTools port (tests drive the page through it). */
export interface InteractionRecording {
  readonly url: string;
  readonly port: number;
  stop(): void;
}

let current: InteractionRecording | undefined;
/** The recording under way, once Chromium shows the page (extension-host tests press Stop through it). */
export const interactionRecording = (): InteractionRecording | undefined => current;

/** A URL given or typed, or the workspace's own server (started, recorded, stopped with its whole tree). */
export async function recordInteraction(library: ProfileLibrary, given?: string | WorkspaceServerArgs): Promise<LoadedProfile | undefined> {
  const answer = given === undefined ? await askUrlOrServer('Record an interaction on', 'record on it') : typeof given === 'string' ? { url: given } : given;
  if (answer === undefined) return undefined;
  if (answer === 'server' || !('url' in answer)) {
    const started = await startWorkspacePageServer(answer === 'server' ? undefined : answer);
    if (!started) return undefined;
    try {
      return await record(library, started.server.url);
    } finally {
      await started.server.stop();
      hotlineLog().info(`stopped ${started.label} and everything it started`);
    }
  }
  const url = await pageUrl('Record an interaction on', answer.url);
  return url && record(library, url);
}

async function record(library: ProfileLibrary, url: URL): Promise<LoadedProfile | undefined> {
  const roots = workspaceFolders();
  const out = join(library.store.folder(), `page-interaction-${url.host.replace(/[^\w.-]/g, '_')}-${Date.now()}.cpuprofile`);
  const stop = new AbortController();
  const discard = new AbortController();
  let rec: RecordedInteraction;
  try {
    rec = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Hotline: recording ${url.host}` }, () =>
      recordPageInteraction(url.href, {
        cwd: roots[0] ?? process.cwd(),
        outputFile: out,
        stop: stop.signal,
        signal: discard.signal,
        sourceRoots: sourceRoots(roots),
        onOutput: (l) => hotlineLog().info(`chromium: ${l}`),
        onRecording: ({ port }) => {
          current = { url: url.href, port, stop: () => stop.abort() };
          hotlineLog().info(`recording ${url.href} (Chromium's DevTools port ${port})`);
          void vscode.window
            .showInformationMessage(
              `Hotline is recording ${url.href} in Chromium${process.env.DISPLAY ? '' : ' (headless: no DISPLAY)'}. Interact with the page, then press Stop.`,
              'Stop',
              'Discard',
            )
            .then((pick) => (pick === 'Stop' ? stop.abort() : pick === 'Discard' ? discard.abort() : undefined));
        },
      }),
    );
  } catch (err) {
    if (discard.signal.aborted) return undefined;
    throw err;
  } finally {
    current = undefined;
  }
  hotlineLog().info(
    `page interaction on ${url.href}: ${out}, ${(rec.durationMs / 1000).toFixed(1)} s, ${rec.longTasks.length} long tasks ` +
      `(${rec.remappedFrames} frames mapped through ${[...rec.sourceMaps.values()].join(', ') || 'no source map'})`,
  );
  if (rec.sourceMaps.size === 0)
    void vscode.window.showWarningMessage(`Hotline: the scripts of ${url.host} have no source maps, so the profile names the served files, not your sources.`);
  const profile = await library.read(out);
  const entry = await library.store.reference(
    out,
    profileSummary(profile),
    `page interaction · ${url.host}${url.pathname} · ${new Date().toLocaleTimeString()}`,
  );
  const loaded = library.adopt(entry, profile);
  library.show(loaded);
  showLongTasks(url, rec.longTasks, true);
  return loaded;
}
