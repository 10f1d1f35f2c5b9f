// Profiles read in the child process (dist/profileLoader.js, what the extension host uses) are the
// profiles read in process: same frames, stacks, samples and metadata, the same errors, converters
// still run (python for raw pstats, node for node --prof logs) and refused when told.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { ProfileFormatError, type Profile } from '../../../src/core/model/profile';
import { loadProfileSource } from '../../../src/profilers/profileLoader';
import { loadProfileInChild } from '../../../src/profilers/profileLoaderChild';

const fixtures = join(__dirname, '../../fixtures');
const FILES = [
  'profiles/py-spy/hot.speedscope.json',
  'profiles/node/hot.cpuprofile',
  'profiles/go/hot.pprof',
  'profiles/cprofile/hot.pstats',
  'interop/node-prof/hot.isolate.log.gz',
  'interop/chrome/busy.trace.json.gz',
];
const plain = (p: Profile) => ({ ...p, timeline: p.timeline ? { stacks: [...p.timeline.stacks], timesNs: [...p.timeline.timesNs] } : undefined });

test('a profile read in the child process is the one read in process', async () => {
  for (const f of FILES) {
    const path = join(fixtures, f);
    const [child, here] = await Promise.all([loadProfileInChild({ path }), loadProfileSource(path)]);
    assert.ok(child.stackFrame instanceof Int32Array && child.sampleWeights instanceof Float64Array, `${f}: typed arrays stay typed`);
    assert.deepEqual(plain(child), plain(here), f);
  }
});

test('errors from the child are the errors read in process; a refused converter asks the caller', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-child-'));
  try {
    const bad = join(dir, 'cut.speedscope.json');
    writeFileSync(bad, '{"$schema":"https://www.speedscope.app/file-format-schema.json","shared":{"frames":[{"name":"a"}]},"profiles":[{"type":"sampled"');
    const here = await loadProfileSource(bad).catch((e: Error) => e);
    const child = await loadProfileInChild({ path: bad }).catch((e: Error) => e);
    assert.ok(here instanceof ProfileFormatError && child instanceof ProfileFormatError);
    assert.equal(child.message, here.message);
    assert.match(child.message, /cut\.speedscope\.json: not a valid speedscope profile: invalid JSON: unexpected end of input/);

    const pstats = join(fixtures, 'profiles/cprofile/hot.pstats');
    const asked: string[] = [];
    const refused = await loadProfileInChild(
      { path: pstats, refuseConverters: true },
      {
        beforeConvert: (format, name) => {
          asked.push(`${format} ${name}`);
          throw new ProfileFormatError(format, 'refused here', name);
        },
      },
    ).catch((e: Error) => e);
    assert.deepEqual(asked, [`pstats ${pstats}`]);
    assert.match((refused as Error).message, /hot\.pstats: not a valid pstats profile: refused here/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
