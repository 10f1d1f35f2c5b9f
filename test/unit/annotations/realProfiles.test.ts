// The annotation model on real recorded profiles (test/fixtures/profiles, made by the core helper's
// scripts/record-fixtures.sh) through core's importers and views: the numbers the editor will show.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { importProfileFile } from '../../../src/core/importers/index';
import { totalWeight, type Profile } from '../../../src/core/model/profile';
import { fileLineStats, topFunctions } from '../../../src/core/model/views';
import { ProfileAnnotator } from '../../../src/core/annotations/profileAnnotations';
import { weightDisplay } from '../../../src/core/annotations/weightFormat';

const fixtures = resolve(__dirname, '../../fixtures/profiles');

function annotatorFor(profile: Profile, roots: string[]) {
  return new ProfileAnnotator(
    {
      lineStats: fileLineStats(profile),
      functions: topFunctions(profile, { limit: Number.MAX_SAFE_INTEGER }),
      frames: profile.frames,
      profileTotal: totalWeight(profile),
      display: weightDisplay(profile.weightTypes[0], 'auto', profile.metadata.sampleIntervalNs),
      paths: { roots },
    },
    { thresholdPercent: 1, codeLensThresholdPercent: 5 },
  );
}

/** The recorded absolute path of the fixture program, wherever the fixtures were recorded. */
function recordedProgram(a: ProfileAnnotator, profile: Profile, suffix: string): string {
  const file = [...fileLineStats(profile).keys()].find((k) => k.endsWith(suffix));
  assert.ok(file, `the profile records ${suffix}`);
  return file;
}

describe('annotations of real profiles', () => {
  it('py-spy: the list-building loop of build_string is the hottest self line', async () => {
    const profile = await importProfileFile(join(fixtures, 'py-spy/hot.raw.txt'));
    const a = annotatorFor(profile, ['/work/main']);
    const recorded = recordedProgram(a, profile, 'programs/python/hot.py');
    const file = a.forRecordedFile(recorded)!;
    const hottest = [...file.lines].sort((x, y) => y.self - x.self)[0]!;
    assert.equal(hottest.line + 1, 17, 'parts.append(str(i * i)) is line 17');
    // Heat is relative to the profile's hottest line, which here is inside the json library.
    assert.ok(hottest.heat >= 3 && hottest.heat === Math.max(...file.lines.map((l) => l.heat)));
    assert.match(hottest.text, /^● \d{1,3}(,\d{3})* samples · \d+\.\d%$/);
    // main() on line 39 holds nearly everything through its callees, with no self time.
    const entry = file.byLine.get(38)!;
    assert.equal(entry.heat, 0);
    assert.ok(entry.totalShare > 0.7, `line 39 total share ${entry.totalShare}`);
    assert.ok(file.hotFunctions.some((f) => f.name === 'build_string'));
  });

  it('py-spy from another checkout: matched by workspace-relative suffix', async () => {
    const profile = await importProfileFile(join(fixtures, 'py-spy/hot.raw.txt'));
    const a = annotatorFor(profile, ['/home/someone/clone']);
    const file = a.forDocument('/home/someone/clone/test/fixtures/profiles/programs/python/hot.py');
    assert.ok(file, 'a clone elsewhere still finds its lines');
    assert.equal(a.forDocument('/home/someone/clone/examples/python/hot.py'), undefined, 'a different folder with the same file name does not');
  });

  it('go pprof: shows time in ms from nanosecond weights', async () => {
    const profile = await importProfileFile(join(fixtures, 'go/hot.pprof'));
    const a = annotatorFor(profile, ['/work/main']);
    const file = a.forRecordedFile(recordedProgram(a, profile, 'programs/go/hot.go'))!;
    assert.ok(file.lines.length > 0);
    for (const l of file.lines) assert.match(l.text, /^● [\d.]+ (ms|s|µs) · [\d.<]+%$/);
  });

  it('node cpuprofile: buildString is a hot function with a CodeLens', async () => {
    const profile = await importProfileFile(join(fixtures, 'node/hot.cpuprofile'));
    const a = annotatorFor(profile, ['/work/main']);
    const file = a.forRecordedFile(recordedProgram(a, profile, 'programs/node/hot.js'))!;
    const lens = file.hotFunctions.find((f) => f.name === 'buildString');
    assert.ok(lens, `hot functions: ${file.hotFunctions.map((f) => f.name).join(', ')}`);
    assert.ok(lens.total / a.profileTotal > 0.3);
  });
});
