// js/sync-io-in-async and js/sync-json-parse-large on CLI tools, build tools and servers from npm
// (docs/lint-study/js-sync-io-in-async.md, js-sync-json-parse-large.md): each false positive made a hint and each
// true positive kept, as small excerpts rewritten in the test's own words.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { levels as levelsOf } from './helpers';

const levels = (rule: string, code: string, path = '/pkg/lib/index.js') => levelsOf(rule, 'javascript', code, path);

describe('js/sync-io-in-async on real tools', () => {
  const id = 'js/sync-io-in-async';
  const perTemplate =
    'async function compile(tr, inputPath) {\n  await tr.init();\n  const text = fs.readFileSync(inputPath, "utf8");\n  return tr.compile(text);\n}\n';
  it('stays sure on a read per item of a build (eleventy templates)', async () => {
    assert.deepEqual(await levels(id, perTemplate), [['fs.readFileSync(inputPath, "utf8")', 'high']]);
  });
  it('is a hint in test files (release-it, standard-version, fastify), by path or by describe/it', async () => {
    assert.deepEqual(await levels(id, perTemplate, '/pkg/test/git.js'), [['fs.readFileSync(inputPath, "utf8")', 'low']]);
    assert.deepEqual(await levels(id, perTemplate, '/pkg/lib/git.spec.js'), [['fs.readFileSync(inputPath, "utf8")', 'low']]);
    assert.deepEqual(await levels(id, `test("reads", async () => {\n  const t = fs.readFileSync("a.txt");\n});\n`), [['fs.readFileSync("a.txt")', 'low']]);
  });
  it('is a hint on a stat of one path (size-limit findUp) and in the entry point run once (fastify script, standard-version)', async () => {
    assert.deepEqual(
      await levels(id, 'async function findUp(name, dir) {\n  while (dir) {\n    if (existsSync(join(dir, name))) return dir;\n    dir = up(dir);\n  }\n}\n'),
      [['existsSync(join(dir, name))', 'low']],
    );
    assert.deepEqual(
      await levels(
        id,
        'async function checkAll() {\n  const md = fs.readFileSync(FILE, "utf8");\n  return check(md);\n}\nif (require.main === module) {\n  checkAll().catch(fail);\n}\n',
      ),
      [['fs.readFileSync(FILE, "utf8")', 'low']],
    );
    assert.deepEqual(
      await levels(id, 'module.exports = async function release(argv) {\n  const pkg = fs.readFileSync(argv.pkg, "utf8");\n  return bump(pkg);\n};\n'),
      [['fs.readFileSync(argv.pkg, "utf8")', 'low']],
    );
  });
});

describe('js/sync-json-parse-large on real tools and servers', () => {
  const id = 'js/sync-json-parse-large';
  it('stays sure on a body parser (restify jsonBodyParser)', async () => {
    assert.deepEqual(
      await levels(id, 'function parseJson(req, res, next) {\n  if (!req.body) return next();\n  req.params = JSON.parse(req.body);\n  next();\n}\n'),
      [['JSON.parse(req.body)', 'high']],
    );
  });
  it('is a hint on a config read outside a handler (release-it readJSON) and on a response body this program fetched (json-server)', async () => {
    assert.deepEqual(await levels(id, 'export const readJSON = (file) => JSON.parse(fs.readFileSync(file, "utf8"));\n'), [
      ['JSON.parse(fs.readFileSync(file, "utf8"))', 'low'],
    ]);
    assert.deepEqual(
      await levels(
        id,
        'function load(url, done) {\n  http.get(url, (res) => {\n    let data = "";\n    res.on("data", (d) => {\n      data += d;\n    });\n    res.on("end", () => done(JSON.parse(data)));\n  });\n}\n',
      ),
      [['JSON.parse(data)', 'low']],
    );
    assert.deepEqual(
      await levels(
        id,
        'function read(req, done) {\n  let body = "";\n  req.on("data", (c) => {\n    body += c;\n  });\n  req.on("end", () => done(JSON.parse(body)));\n}\n',
      ),
      [['JSON.parse(body)', 'high']],
    );
  });
  it('is a hint in test files', async () => {
    assert.deepEqual(await levels(id, 'function parseJson(req, res) {\n  return JSON.parse(req.body);\n}\n', '/pkg/test/hooks.test.js'), [
      ['JSON.parse(req.body)', 'low'],
    ]);
  });
});
