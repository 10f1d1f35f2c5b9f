/**
 * Where the webview's requests go. Inside VS Code: the extension, through acquireVsCodeApi. In the
 * standalone page: a FlameSession running in the page over the embedded profile — the same code
 * the extension runs, so both answer alike.
 */
import type { FlameWebviewState, FromWebviewMessage, ToWebviewMessage } from '../src/core/webviewProtocol';
import { FlameSession } from '../src/core/flame/session';
import { profileFromJson } from '../src/core/flame/profileJson';
import { embeddedData, shortLocation } from './dom';

export interface Host {
  readonly standalone: boolean;
  post(msg: FromWebviewMessage): void;
  onMessage(cb: (msg: ToWebviewMessage) => void): void;
  getState(): FlameWebviewState | undefined;
  setState(state: FlameWebviewState): void;
}

interface VsCodeApi {
  postMessage(msg: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare const acquireVsCodeApi: undefined | (() => VsCodeApi);

export function createHost(notify: (text: string) => void): Host {
  if (typeof acquireVsCodeApi === 'function') return vscodeHost(acquireVsCodeApi());
  return standaloneHost(notify);
}

function vscodeHost(api: VsCodeApi): Host {
  return {
    standalone: false,
    post: (msg) => api.postMessage(msg),
    onMessage: (cb) => window.addEventListener('message', (e: MessageEvent) => cb(e.data as ToWebviewMessage)),
    getState: () => (api.getState() as FlameWebviewState | undefined) ?? undefined,
    setState: (s) => api.setState(s),
  };
}

function standaloneHost(notify: (text: string) => void): Host {
  // Light or dark from the system, unless the URL says ?theme=dark|light.
  const theme = new URLSearchParams(location.search).get('theme');
  const dark = theme ? theme === 'dark' : matchMedia('(prefers-color-scheme: dark)').matches;
  document.documentElement.classList.toggle('dark', dark);
  const data = embeddedData('hotline-data');
  if (!data) throw new Error('this page has no embedded profile (#hotline-data)');
  const profile = profileFromJson(data.profile);
  const baseline = data.baseline ? profileFromJson(data.baseline) : undefined;
  let listener: (msg: ToWebviewMessage) => void = () => {};
  const session = new FlameSession(
    { profile, title: String(data.title), ...(baseline ? { baseline, baselineTitle: String(data.baselineTitle ?? 'baseline') } : {}) },
    {
      post: (m) => listener(m),
      // No editor here: say where the source is.
      openSource: (frame) => {
        const f = profile.frames[frame]!;
        notify(f.file ? `Source: ${f.file}${f.line ? `:${f.line}` : ''}` : `${f.name}: no source file recorded (${shortLocation(f.file ?? undefined)})`);
      },
    },
  );
  let state: FlameWebviewState | undefined;
  try {
    const saved = sessionStorage.getItem('hotline-state');
    if (saved) state = JSON.parse(saved) as FlameWebviewState;
  } catch {
    // file:// pages may have no storage; state then lives only as long as the page.
  }
  return {
    standalone: true,
    post: (msg) => session.handle(msg),
    onMessage: (cb) => {
      listener = cb;
    },
    getState: () => state,
    setState: (s) => {
      state = s;
      try {
        sessionStorage.setItem('hotline-state', JSON.stringify(s));
      } catch {
        /* see above */
      }
    },
  };
}
