// Raw cProfile/pstats: converted by the Python helper, refused without a converter.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { importProfileBytes, importProfileFile } from '../../../src/core/importers/index';
import { totalWeight } from '../../../src/core/model/profile';
import { topFunctions } from '../../../src/core/model/views';
import { pstatsConverterHook } from '../../../src/profilers/pstatsConverter';
import { checkFixture, expected, fx } from './helpers';

test("cProfile pstats (via the Python helper): totals equal pstats' own", async () => {
  const exp = expected('profiles/cprofile/hot.pstats.expected.json').pstats;
  const p = await checkFixture('profiles/cprofile/hot.pstats', { format: 'pstats' }, { convertPstats: pstatsConverterHook() });
  assert.equal(p.metadata.stacksAreSynthetic, true);
  assert.equal(p.metadata.deterministic, true);
  assert.ok(Math.abs(totalWeight(p) - exp.total_tt * 1e9) < 1, `${totalWeight(p)} vs ${exp.total_tt * 1e9}`);
  const top = topFunctions(p, { limit: 1 })[0]!;
  assert.equal(top.name, exp.top_self.name);
  assert.equal(top.line, exp.top_self.line);
  assert.ok(Math.abs(top.self - exp.top_self.tt * 1e9) < 1);
  // Same answer from bytes (the converter writes them to a temp file for Python).
  const q = await importProfileBytes('hot.pstats', readFileSync(fx('profiles/cprofile/hot.pstats')), { convertPstats: pstatsConverterHook() });
  assert.equal(totalWeight(q), totalWeight(p));
});

test('raw pstats without a converter is refused with an actionable message', async () => {
  await assert.rejects(importProfileFile(fx('profiles/cprofile/hot.pstats')), /raw cProfile\/pstats file.*pstats_to_json/);
});
