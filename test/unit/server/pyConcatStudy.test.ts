// py/string-concat-in-loop, third round of the study (docs/lint-study/py-string-concat-in-loop.md): the six false
// positives left after round 2 (docutils, markdown) and the true positives next to them, as small excerpts
// rewritten in the test's own words.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { levels } from './helpers';

const id = 'py/string-concat-in-loop';
const check = async (code: string, expected: [string, string][]) => assert.deepEqual(await levels(id, 'python', code), expected);

describe('py/string-concat-in-loop: bounds only the function and class around the loop show', () => {
  it('is a hint over a stack the class pops (math2html pending endings) and sure over a table it only fills (netrc hosts)', async () => {
    await check(
      'class Pending:\n    def push(self, e):\n        self.stack.append(e)\n    def close(self, e):\n        self.stack.remove(e)\n    def __str__(self):\n        s = "["\n        for e in self.stack:\n            s += str(e) + ","\n        return s + "]"\n',
      [['s += str(e) + ","', 'low']],
    );
    await check(
      'class Hosts:\n    def add(self, name, row):\n        self.rows[name] = row\n    def __repr__(self):\n        out = ""\n        for name in self.rows.keys():\n            out += f"machine {name}\\n"\n        return out\n',
      [['out += f"machine {name}\\n"', 'high']],
    );
  });
  it('is a hint when the loop only adds constants (math2html bracket text) and sure when another write adds data (expatbuilder)', async () => {
    await check(
      'def inner(self, pos):\n    while not pos.finished():\n        if pos.at(" "):\n            self.text += " "\n        else:\n            self.add(pos.take())\n',
      [['self.text += " "', 'low']],
    );
    await check(
      'def subset(doc):\n    s = ""\n    for n in doc.notations:\n        if s:\n            s = s + "\\n  "\n        s = "%s<!NOTATION %s" % (s, n.name)\n        s = s + ">"\n    return s\n',
      [
        ['s = s + "\\n  "', 'high'],
        ['s = s + ">"', 'high'],
      ],
    );
  });
  it('is a hint on a range-checked number counted down over a literal table (docutils roman), sure without the check', async () => {
    const roman = (guard: string) =>
      `UNITS = (("M", 1000), ("D", 500), ("I", 1))\ndef to_roman(n):\n${guard}    out = ""\n    for sym, unit in UNITS:\n        while n >= unit:\n            out += sym\n            n -= unit\n    return out\n`;
    await check(roman('    if not 0 <= n < 4000:\n        raise ValueError(n)\n'), [['out += sym', 'low']]);
    await check(roman(''), [['out += sym', 'high']]);
  });
  it('is a hint over the parts an object was constructed with (markdown smarty) and sure when the class grows them', async () => {
    const pattern = (grow: string) =>
      `class Substitute:\n    def __init__(self, parts):\n        self.parts = parts\n${grow}    def handle(self, m):\n        out = ""\n        for p in self.parts:\n            out += m.group(p)\n        return out\n`;
    await check(pattern(''), [['out += m.group(p)', 'low']]);
    await check(pattern('    def feed(self, p):\n        self.parts.append(p)\n'), [['out += m.group(p)', 'high']]);
  });
  it("is a hint over one optional keyed field of an argument (docutils _html_base: a node's extra ids)", async () => {
    await check(
      'def start(node, tag):\n    tail = ""\n    ids = node.get("ids", [])\n    for i in ids[1:]:\n        tail += "<span id=%s></span>" % i\n    return tag + tail\n',
      [['tail += "<span id=%s></span>" % i', 'low']],
    );
    await check('def start(node, tag):\n    tail = ""\n    for i in node.children:\n        tail += "<span id=%s></span>" % i\n    return tag + tail\n', [
      ['tail += "<span id=%s></span>" % i', 'high'],
    ]);
  });
});
