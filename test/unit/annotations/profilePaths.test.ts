import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { normalizePath, ProfilePathIndex } from '../../../src/core/annotations/profilePaths';

describe('normalizePath', () => {
  it('reads file URLs, Windows paths and dot segments', () => {
    assert.equal(normalizePath('file:///home/u/my%20proj/a.py'), '/home/u/my proj/a.py');
    assert.equal(normalizePath('file:///C:/Users/u/a.ts'), 'c:/Users/u/a.ts');
    assert.equal(normalizePath('C:\\Users\\u\\src\\..\\a.ts'), 'c:/Users/u/a.ts');
    assert.equal(normalizePath('./src/./x.py'), 'src/x.py');
    assert.equal(normalizePath('/a//b/../c.go'), '/a/c.go');
    assert.equal(normalizePath('/A/B.py', true), '/a/b.py');
  });
});

describe('ProfilePathIndex', () => {
  it('matches absolute paths exactly', () => {
    const idx = new ProfilePathIndex(['/home/u/proj/slow.py', '/usr/lib/python3.11/json/decoder.py'], { roots: ['/home/u/proj'] });
    assert.equal(idx.match('/home/u/proj/slow.py'), '/home/u/proj/slow.py');
    assert.equal(idx.match('/home/u/proj/other.py'), undefined);
  });

  it('resolves relative paths against the run cwd and the workspace folders', () => {
    const idx = new ProfilePathIndex(['examples/python/slow.py', 'lib.py'], { roots: ['/ws'], cwd: '/ws' });
    assert.equal(idx.match('/ws/examples/python/slow.py'), 'examples/python/slow.py');
    assert.equal(idx.match('/ws/lib.py'), 'lib.py');
  });

  it('maps a container path to the workspace file by workspace-relative suffix', () => {
    const idx = new ProfilePathIndex(['/app/src/handlers/report.py', '/app/main.py'], { roots: ['/home/me/proj'] });
    assert.equal(idx.match('/home/me/proj/src/handlers/report.py'), '/app/src/handlers/report.py');
    assert.equal(idx.match('/home/me/proj/main.py'), '/app/main.py');
  });

  it('does not match on a file name alone when the workspace-relative path differs', () => {
    const idx = new ProfilePathIndex(['/app/vendor/util.py'], { roots: ['/home/me/proj'] });
    assert.equal(idx.match('/home/me/proj/src/util.py'), undefined);
    assert.equal(idx.match('/tmp/elsewhere/util.py'), undefined, 'files outside the workspace need an exact match');
  });

  it('picks the right folder in a multi-root workspace', () => {
    const recorded = ['/build/api/src/main.go', '/build/web/src/main.go'];
    const idx = new ProfilePathIndex(recorded, { roots: ['/ws/api', '/ws/web'] });
    // Inside /ws/api the relative path is src/main.go: both recorded copies share it...
    // ...so the longer suffix (api/src/main.go) decides.
    assert.equal(idx.match('/ws/api/src/main.go'), '/build/api/src/main.go');
    assert.equal(idx.match('/ws/web/src/main.go'), '/build/web/src/main.go');
  });

  it('refuses to guess between equally good matches unless one is preferred', () => {
    const recorded = ['/app/main.py', '/usr/lib/python3.11/main.py'];
    assert.equal(new ProfilePathIndex(recorded, { roots: ['/ws'] }).match('/ws/main.py'), undefined);
    const preferred = (p: string) => !p.includes('/lib/python');
    assert.equal(new ProfilePathIndex(recorded, { roots: ['/ws'], preferred }).match('/ws/main.py'), '/app/main.py');
  });

  it('treats two spellings of one relative file as one file', () => {
    const idx = new ProfilePathIndex(['./x.py', 'x.py'], { roots: ['/w'] });
    assert.equal(idx.match('/w/x.py'), './x.py');
  });

  it('matches Windows profiles case-insensitively when asked', () => {
    const idx = new ProfilePathIndex(['C:\\Users\\Me\\Proj\\App.ts'], { roots: ['c:/users/me/proj'], caseInsensitive: true });
    assert.equal(idx.match('c:/users/me/proj/app.ts'), 'C:\\Users\\Me\\Proj\\App.ts');
  });

  it('ignores pseudo files like <frozen importlib> and [kernel]', () => {
    const idx = new ProfilePathIndex(['<frozen importlib._bootstrap>', '[kernel.kallsyms]'], { roots: ['/w'] });
    assert.equal(idx.match('/w/<frozen importlib._bootstrap>'), undefined);
  });
});
