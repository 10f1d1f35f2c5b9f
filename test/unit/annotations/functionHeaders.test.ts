import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { findFunctionHeader, shortFunctionName } from '../../../src/core/annotations/functionHeaders';

describe('shortFunctionName', () => {
  it('reduces names from every profiler to the identifier', () => {
    assert.equal(shortFunctionName('slow_concat'), 'slow_concat');
    assert.equal(shortFunctionName('main.buildReport'), 'buildReport');
    assert.equal(shortFunctionName('example.com/pkg.(*Server).Handle'), 'Handle');
    assert.equal(shortFunctionName('hotline::parse::tokenize::h0123456789abcdef'), 'tokenize');
    assert.equal(shortFunctionName('<alloc::vec::Vec<T> as core::Clone>::clone'), 'clone');
    assert.equal(shortFunctionName('Foo.bar [as baz]'), 'bar');
  });
});

describe('findFunctionHeader', () => {
  const find = (src: string, hint: number, name: string) => {
    const lines = src.split('\n');
    return findFunctionHeader((l) => lines[l]!, lines.length, hint, name);
  };

  it('walks up from a sampled line to the definition', () => {
    const py = ['import os', '', 'def build_report(rows):', '    out = ""', '    for r in rows:', '        out += str(r)', '    return out'].join('\n');
    assert.equal(find(py, 5, 'build_report'), 2);
    const go = ['package main', 'func (s *Server) Handle(w http.ResponseWriter) {', '\tx := 1', '}'].join('\n');
    assert.equal(find(go, 2, 'main.(*Server).Handle'), 1);
    const rs = ['fn tokenize<T>(s: &str) -> Vec<T> {', '    let v = Vec::new();', '}'].join('\n');
    assert.equal(find(rs, 1, 'app::tokenize::h0123456789abcdef'), 0);
    const ts = [
      'export const sumAll = (xs: number[]) => {',
      '  let t = 0;',
      '};',
      'class A {',
      '  async run(n: number): Promise<void> {',
      '    work();',
      '  }',
      '}',
    ].join('\n');
    assert.equal(find(ts, 1, 'sumAll'), 0);
    assert.equal(find(ts, 5, 'A.run'), 4);
  });

  it('puts module-level code at the top of the file', () => {
    assert.equal(find(['import json', '', 'x = 1', 'main()'].join('\n'), 3, '<module>'), 0);
  });

  it('does not take a call for a definition and falls back to the hint', () => {
    const py = ['def other():', '    build_report(rows)', '    x = 1'].join('\n');
    assert.equal(find(py, 2, 'build_report'), 2);
    assert.equal(find(['async def g():', '    await build_report(rows)', '    y = 2'].join('\n'), 2, 'build_report'), 2);
    assert.equal(find(['static long compute(int n) {', '  return n * 2;', '}'].join('\n'), 1, 'compute'), 0);
  });
});
