// docs/rules/<rule-id>.md is generated from the rule data (the codeDescription link target);
// HOTLINE_WRITE_DOCS=1 rewrites the pages, otherwise this test fails when they drift.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { ruleDocPage, ruleNotes } from '../../../src/server/ruleDocs';
import { ALL_RULES } from '../../../src/server/rules/index';

const docs = join(__dirname, '../../../docs/rules');

describe('rule documentation pages', () => {
  it('every rule has notes, a page that matches its data, and a row in the README table', () => {
    const readme = readFileSync(join(docs, 'README.md'), 'utf8');
    for (const rule of ALL_RULES) {
      assert.ok(ruleNotes(rule.id), `notes for ${rule.id}`);
      const file = join(docs, `${rule.id}.md`);
      const page = ruleDocPage(rule);
      if (process.env.HOTLINE_WRITE_DOCS === '1') {
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, page);
      }
      assert.ok(existsSync(file), `${file} is missing (HOTLINE_WRITE_DOCS=1 writes it)`);
      assert.equal(readFileSync(file, 'utf8'), page, `${file} is out of date (HOTLINE_WRITE_DOCS=1 rewrites it)`);
      assert.ok(readme.includes(`[${rule.id}](${rule.id}.md)`), `README row for ${rule.id}`);
    }
  });
});
