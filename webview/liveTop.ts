/**
 * The Live Top panel's script: draws every view the host posts (the current one when the page
 * says it loaded, then one a second), and sends "profile the last N seconds" and "stop". Every string is text.
 */
import { liveTopStatus, rowLocation } from '../src/core/liveTop/liveTopText';
import { PAGE_IDS, type FromLiveTopMessage, type LiveTopView, type ToLiveTopMessage } from '../src/core/webviewProtocol';
import { byId, clear, el, percent, shortLocation } from './dom';

declare const acquireVsCodeApi: () => { postMessage(msg: FromLiveTopMessage): void };
const api = acquireVsCodeApi();

const rows = byId<HTMLTableSectionElement>(PAGE_IDS.liveTopRows);
const status = byId(PAGE_IDS.liveTopStatus);
const seconds = byId<HTMLInputElement>(PAGE_IDS.liveTopSeconds);
const profile = byId<HTMLButtonElement>(PAGE_IDS.liveTopProfile);
const stop = byId<HTMLButtonElement>(PAGE_IDS.liveTopStop);

function shareCell(share: number): HTMLElement {
  const bar = el('span', { class: 'share' });
  // Through the CSSOM: the CSP refuses style attributes.
  bar.style.width = `${Math.round(share * 60)}px`;
  return el('td', { class: 'num' }, bar, percent(share));
}

function draw(view: LiveTopView): void {
  status.textContent = liveTopStatus(view);
  seconds.max = String(Math.max(1, Math.ceil(view.keptSeconds)));
  if (!seconds.value) seconds.value = String(view.recentSeconds);
  profile.textContent = `Profile the last ${seconds.value || view.recentSeconds} seconds`;
  profile.disabled = view.windows === 0;
  stop.disabled = view.ended !== undefined;
  clear(rows);
  for (const r of view.rows) {
    const where = rowLocation(r.file, r.line);
    rows.append(
      el(
        'tr',
        { attrs: { 'data-function': r.name } },
        shareCell(r.selfShare),
        shareCell(r.totalShare),
        el('td', { text: r.name }),
        el('td', { class: 'where', text: shortLocation(r.file ?? undefined, r.line ?? undefined), attrs: { title: where } }),
      ),
    );
  }
}

seconds.addEventListener('input', () => (profile.textContent = `Profile the last ${seconds.value} seconds`));
profile.addEventListener('click', () => {
  const n = Math.round(Number(seconds.value));
  if (Number.isFinite(n) && n >= 1) api.postMessage({ type: 'profileRecent', seconds: n });
});
stop.addEventListener('click', () => api.postMessage({ type: 'stop' }));
window.addEventListener('message', (e: MessageEvent) => {
  const msg = e.data as ToLiveTopMessage;
  if (msg?.type === 'liveTop') draw(msg.view);
});
// The host answers with the current view.
api.postMessage({ type: 'loaded' });
