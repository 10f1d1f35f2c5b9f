import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { findExecutable, missingTools, permissionFromStderr } from '../../../src/profilers/toolCheck';

const dir = mkdtempSync(join(tmpdir(), 'hotline-tools-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('tool checks', () => {
  test('executables are found on PATH or by path; non-executable files are not tools', () => {
    const exe = join(dir, 'fake-prof');
    writeFileSync(exe, '#!/bin/sh\n');
    chmodSync(exe, 0o755);
    const plain = join(dir, 'plain-file');
    writeFileSync(plain, '');
    assert.equal(findExecutable('fake-prof', { PATH: `/nonexistent:${dir}` }), exe);
    assert.equal(findExecutable(exe), exe);
    assert.equal(findExecutable(plain), null);
    assert.equal(findExecutable('plain-file', { PATH: dir }), null);
    const missing = missingTools({
      tools: [
        { tool: 'py-spy', command: join(dir, 'nope'), installHint: 'python3 -m pip install py-spy' },
        { tool: 'fake', command: exe, installHint: '' },
      ],
    });
    assert.deepEqual(
      missing.map((t) => t.tool),
      ['py-spy'],
    );
  });

  test('permission refusals in stderr are explained with the fix', () => {
    const perf = permissionFromStderr(
      'perf',
      'Error:\nAccess to performance monitoring and observability operations is limited.\nConsider adjusting /proc/sys/kernel/perf_event_paranoid setting',
    );
    assert.match(perf?.message ?? '', /perf_event_paranoid=1/);
    const spy = permissionFromStderr('py-spy', 'Error: Permission denied (os error 13)');
    assert.match(spy?.message ?? '', /ptrace_scope=0/);
    assert.equal(
      permissionFromStderr('py-spy', 'py-spy> Wrote speedscope file. Samples: 120 Errors: 0\nPermission denied reading /proc/x'),
      null,
      'a recording with samples is not a refusal',
    );
    assert.equal(permissionFromStderr('perf', 'Traceback: KeyError'), null);
  });
});
