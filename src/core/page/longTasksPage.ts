/**
 * The "Page Load: Long Tasks" page beside the flame graph of a page CPU profile: each main-thread
 * task over 50 ms of the recorded load, when it started and how long it ran, with its top frames
 * (self time inside the task, the source-mapped file and line). Built with webviewPage; every
 * string from the page or its profile is escaped here.
 */
import { formatDurationNs } from '../annotations/weightFormat';
import { escapeHtml, webviewPage } from '../webviewPage';
import { frameWhere, LONG_TASK_MS, type LongTask } from './longTasks';

const ms = (v: number) => formatDurationNs(v * 1e6);

const STYLE = `
body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); padding: 0 16px 16px; }
table { border-collapse: collapse; margin: 4px 0 16px; }
td, th { padding: 2px 10px 2px 0; text-align: left; vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.where { color: var(--vscode-descriptionForeground); font-family: var(--vscode-editor-font-family); }
`;

/**
 * `interaction`: the tasks of a recorded interaction (Record Page Interaction), each headed with the
 * DOM events that started it; otherwise those of a load.
 */
export function longTasksHtml(
  url: string,
  tasks: readonly (LongTask & { readonly events?: readonly string[] })[],
  options: { nonce: string; cspSource: string; interaction?: boolean },
): string {
  const sections = tasks.map(
    (t, i) =>
      `<section class="long-task" data-task="${i}"><h3>${escapeHtml(`${ms(t.durationMs)} task at ${ms(t.startMs)}${t.events?.length ? ` (${t.events.join(', ')})` : ''}`)}</h3><table><thead><tr><th>self time</th><th>function</th><th>where</th></tr></thead><tbody>${t.frames
        .map(
          (f) =>
            `<tr><td class="num">${escapeHtml(ms(f.selfMs))}</td><td class="fn">${escapeHtml(f.name)}</td><td class="where">${escapeHtml(frameWhere(f))}</td></tr>`,
        )
        .join('')}</tbody></table></section>`,
  );
  const body = [
    `<h2>${escapeHtml(`Long tasks (over ${LONG_TASK_MS} ms) on the main thread ${options.interaction ? `during the interaction recorded on ${url}` : `while ${url} loaded`}`)}</h2>`,
    tasks.length ? sections.join('') : `<p id="no-long-tasks">No task over ${LONG_TASK_MS} ms: the main thread never blocked that long.</p>`,
  ].join('\n');
  return webviewPage({ nonce: options.nonce, cspSource: options.cspSource, title: `Long tasks: ${url}`, body, style: STYLE, loadedPing: true });
}
