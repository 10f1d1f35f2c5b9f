// Runs something in a temporary `git worktree` of another ref (main, a tag, a commit), as critcmp's flow
// does: the user's working tree is never touched, and the worktree is removed afterwards.
import { mkdtempSync, realpathSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { execInGroup } from '../processTree';

export class GitRefError extends Error {
  override readonly name = 'GitRefError';
  readonly exitCode = 2;
}

async function git(args: string[], cwd: string): Promise<string> {
  const r = await execInGroup(['git', ...args], { cwd, captureStdout: true, deadline: Date.now() + 60_000 });
  if (r.exitCode !== 0) throw new GitRefError(`git ${args.join(' ')} failed${r.stderrTail ? `: ${r.stderrTail.trim()}` : ''}`);
  return r.stdout.trim();
}

/**
 * Checks out `ref` in a fresh worktree and calls `fn` with the path there that corresponds to `path`
 * (a file or folder inside the repository). The worktree is removed whatever `fn` does.
 */
export async function withGitWorktree<T>(path: string, ref: string, fn: (pathInWorktree: string, commit: string) => Promise<T>): Promise<T> {
  const real = realpathSync(path);
  const cwd = statSync(real).isDirectory() ? real : dirname(real);
  const top = await git(['rev-parse', '--show-toplevel'], cwd).catch(() => {
    throw new GitRefError(`${path} is not inside a git repository; --against needs one`);
  });
  const commit = await git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], top).catch(() => {
    throw new GitRefError(`no such git ref "${ref}" in ${top}`);
  });
  const dir = join(mkdtempSync(join(tmpdir(), 'hotline-bench-ref-')), 'tree');
  await git(['worktree', 'add', '--detach', '--quiet', dir, commit], top);
  try {
    return await fn(join(dir, relative(top, real)), commit);
  } finally {
    await git(['worktree', 'remove', '--force', dir], top).catch(() => undefined);
    rmSync(join(dir, '..'), { recursive: true, force: true });
    await git(['worktree', 'prune'], top).catch(() => undefined);
  }
}
