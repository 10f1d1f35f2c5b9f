/**
 * Formats that hold several profiled threads (Chrome trace events, Firefox Gecko profiles) give one
 * Profile per import: the thread the user named (`--thread NAME|TID`, ImportOptions.thread, or the
 * `pid:tid` id the panel's thread picker sends), else the importer's best guess. The others are
 * listed in the notes with how to pick one, and all of them in metadata.threads (the picker's list).
 */
import type { ProfileBuilder, ProfileThread } from '../model/profile';

/** A thread as an importer counts it (ProfileThread without what the choice decides). */
export type ThreadInfo = Omit<ProfileThread, 'id' | 'shown'>;

/** The id that picks exactly one thread, even when two processes reuse a tid or a name. */
export const threadId = (t: ThreadInfo) => `${t.pid}:${String(t.tid)}`;

export const threadLabel = (t: ThreadInfo) =>
  `${t.name} (${t.process ? `${t.process} process, ` : ''}pid ${t.pid}, tid ${String(t.tid)}, ${t.samples} samples)`;

/**
 * The thread `want` names: its `pid:tid` id, its tid, or its name (the busiest thread of that name); without `want`
 * the one `rank` puts highest (ties: the most samples). A `want` that names no thread is an error
 * listing them (thrown by `fail`).
 */
export function chooseThread<T extends ThreadInfo>(
  threads: readonly T[],
  want: string | undefined,
  rank: (t: T) => number,
  fail: (detail: string) => Error,
): T {
  const busiest = (list: readonly T[], score: (t: T) => number) =>
    list.reduce((a, b) => (score(b) > score(a) || (score(b) === score(a) && b.samples > a.samples) ? b : a));
  if (want === undefined || want === '') return busiest(threads, rank);
  const byId = threads.find((t) => threadId(t) === want);
  if (byId) return byId;
  const byTid = threads.filter((t) => String(t.tid) === want);
  if (byTid.length) return busiest(byTid, rank);
  const byName = threads.filter((t) => t.name === want);
  if (byName.length) return busiest(byName, rank);
  throw fail(`no profiled thread named "${want}" (by name or tid); the threads are: ${threads.map(threadLabel).join('; ')}`);
}

/** What every multi-thread importer records: the thread list (metadata.threads) and the notes on the thread shown, the others, and how to choose. */
export function noteThreads<T extends ThreadInfo>(builder: ProfileBuilder, chosen: T, threads: readonly T[], where: string): void {
  builder.metadata.threads = threads.map((t) => ({
    id: threadId(t),
    name: t.name,
    pid: t.pid,
    tid: t.tid,
    ...(t.process ? { process: t.process } : {}),
    samples: t.samples,
    shown: t === chosen,
  }));
  builder.note(`Thread: ${threadLabel(chosen)}.`);
  const others = threads.filter((t) => t !== chosen);
  if (others.length)
    builder.note(
      `${others.length} other profiled thread(s) in the ${where}, not shown: ${others.map(threadLabel).join('; ')}. Open one with \`hotline report FILE --thread NAME|TID\`.`,
    );
}
