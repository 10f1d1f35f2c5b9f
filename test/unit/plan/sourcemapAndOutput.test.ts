import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import ts from 'typescript';
import { inlineSourceMap, LineMapper, remapCpuProfile, type CpuProfileJson } from '../../../src/core/sourcemap';
import { normalizePerfScriptLines, stripPythonLauncher } from '../../../src/profilers/postprocess';
import { cargoExecutable } from '../../../src/profilers';
import { PYTHON_LAUNCHER } from '../../../src/core/plan';

const SOURCE = [
  'interface Row {', // 1
  '  id: number;', // 2
  '}', // 3
  'type Id = number;', // 4
  '', // 5
  'export function find(rows: Row[], ids: Id[]): number {', // 6
  '  let hits = 0;', // 7
  '  for (const id of ids) {', // 8
  '    if (rows.find((r) => r.id === id)) hits++; // HOT', // 9
  '  }', // 10
  '  return hits;', // 11
  '}', // 12
].join('\n');

function transpile() {
  const out = ts.transpileModule(SOURCE, {
    fileName: '/src/a.ts',
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, inlineSourceMap: true },
  });
  return out.outputText;
}

describe('TypeScript source maps', () => {
  test('generated lines map back to the .ts lines (types removed above shift them)', () => {
    const js = transpile();
    const map = inlineSourceMap(js);
    assert.ok(map, 'inline source map found');
    const m = new LineMapper(map!);
    const jsLines = js.split('\n');
    const hot = jsLines.findIndex((l) => l.includes('rows.find')) + 1;
    assert.notEqual(hot, 9, 'the generated line differs from the source line');
    assert.equal(m.line(hot), 9);
    assert.equal(m.line(jsLines.findIndex((l) => l.includes('return hits')) + 1), 11);
  });

  test('a .cpuprofile is rewritten to the .ts file: callFrames, and ticks merged per .ts line', () => {
    const js = transpile();
    const jsLines = js.split('\n');
    const fnLine = jsLines.findIndex((l) => l.includes('function find')); // 0-based, as V8 writes
    const hot = jsLines.findIndex((l) => l.includes('rows.find')) + 1;
    // TypeScript prints the if-body on a line of its own: two generated lines for .ts line 9.
    assert.match(jsLines[hot]!, /^\s*hits\+\+;/);
    const profile: CpuProfileJson = {
      startTime: 0,
      endTime: 10,
      samples: [2, 2],
      timeDeltas: [1, 1],
      nodes: [
        { id: 1, callFrame: { functionName: '(root)', scriptId: 0, url: '', lineNumber: -1, columnNumber: -1 }, children: [2] },
        {
          id: 2,
          callFrame: { functionName: 'find', scriptId: 3, url: 'file:///build/a.js', lineNumber: fnLine, columnNumber: jsLines[fnLine]!.indexOf('function') },
          hitCount: 2,
          positionTicks: [
            { line: hot, ticks: 5 },
            { line: hot + 1, ticks: 2 },
            { line: jsLines.findIndex((l) => l.includes('return hits')) + 1, ticks: 1 },
          ],
        },
        { id: 3, callFrame: { functionName: 'other', scriptId: 4, url: 'file:///elsewhere.js', lineNumber: 4, columnNumber: 2 } },
      ],
    };
    const { profile: out, remappedFrames } = remapCpuProfile(profile, (p) =>
      p === '/build/a.js' ? { map: inlineSourceMap(js)!, originalPath: '/src/a.ts' } : null,
    );
    assert.equal(remappedFrames, 1);
    const node = out.nodes[1]!;
    assert.equal(node.callFrame.url, 'file:///src/a.ts');
    assert.equal(node.callFrame.lineNumber, 5, 'function find is on .ts line 6 (0-based 5)');
    assert.deepEqual(node.positionTicks, [
      { line: 9, ticks: 7 },
      { line: 11, ticks: 1 },
    ]);
    assert.deepEqual(out.nodes[2], profile.nodes[2], 'frames of other files are untouched');
  });
});

describe('raw output clean-up', () => {
  test("the Python launcher's frames are cut from py-spy stacks, start-up <string> frames are not", () => {
    const doc = {
      shared: {
        frames: [
          { name: '<module>', file: '<string>' }, // 0 launcher
          { name: 'run_path', file: '<frozen runpy>' }, // 1
          { name: '_run_module_code', file: '<frozen runpy>' }, // 2
          { name: '_run_code', file: '<frozen runpy>' }, // 3
          { name: '<module>', file: '/w/app.py' }, // 4
          { name: 'work', file: '/w/app.py' }, // 5
          { name: 'addpackage', file: '<frozen site>' }, // 6
        ],
      },
      profiles: [
        {
          type: 'sampled',
          samples: [
            [0, 1, 2, 3, 4, 5],
            [6, 0],
            [0, 1, 2, 3],
          ],
        },
      ],
    };
    assert.equal(stripPythonLauncher(doc), 1);
    assert.deepEqual(doc.profiles[0]!.samples, [
      [4, 5],
      [6, 0],
      [0, 1, 2, 3],
    ]);
  });

  test('with --subprocesses the process frame stays first and shows the program, not the launcher', () => {
    const doc = {
      shared: {
        frames: [
          { name: `process 42:"python3 -c ${PYTHON_LAUNCHER} /tmp/run/exit-code /w/app.py --n 3"`, file: '' },
          { name: '<module>', file: '<string>' },
          { name: 'run_path', file: '<frozen runpy>' },
          { name: '_run_code', file: '<frozen runpy>' },
          { name: '<module>', file: '/w/app.py' },
        ],
      },
      profiles: [{ type: 'sampled', samples: [[0, 1, 2, 3, 4]] }],
    };
    assert.equal(stripPythonLauncher(doc), 1);
    assert.deepEqual(doc.profiles[0]!.samples, [[0, 4]]);
    assert.equal(doc.shared.frames[0]!.name, 'process 42:"python3 /w/app.py --n 3"');
  });

  test('perf script inlined frames get their dso and srclines lose "(inlined)"', () => {
    const sample = [
      'upper 1/1   9.1: cpu-clock: ',
      '\t          1562c5 __strlen_avx2 (/usr/lib/x86_64-linux-gnu/libc.so.6)',
      '  ./string/strlen-avx2.S:293',
      '\t            113f upper_case',
      '  /src/upper.c:15 (inlined)',
      '\t            113f main (/tmp/upper)',
      '  /src/upper.c:33',
      '',
    ];
    assert.deepEqual(normalizePerfScriptLines(sample), [
      sample[0],
      sample[1],
      sample[2],
      '\t            113f upper_case (/tmp/upper)',
      '  /src/upper.c:15',
      sample[5],
      sample[6],
      '',
    ]);
  });

  test("an inlined frame with no real frame of its own takes the dso on its leaf side (libc's malloc)", () => {
    const sample = [
      'app 1/1   9.1: cpu-clock: ',
      '\t           98109 _int_malloc (/usr/lib/libc.so.6)',
      '  ./malloc/malloc.c:4378',
      '\t           98ac9 __GI___libc_malloc',
      '  ./malloc/malloc.c:3315 (inlined)',
      '\t           4c52e alloc::alloc::alloc',
      '  /rustc/abc/library/alloc/src/alloc.rs:95 (inlined)',
      '\t           4c52e app::main (/t/app)',
      '  /src/main.rs:22',
      '',
    ];
    const out = normalizePerfScriptLines(sample);
    assert.equal(out[3], '\t           98ac9 __GI___libc_malloc (/usr/lib/libc.so.6)');
    assert.equal(out[5], '\t           4c52e alloc::alloc::alloc (/t/app)');
    assert.equal(out[6], '  /rustc/abc/library/alloc/src/alloc.rs:95');
  });

  test("cargo's JSON messages name the built executable", () => {
    const msgs = [
      '{"reason":"compiler-artifact","target":{"name":"dep","kind":["lib"]},"executable":null}',
      '{"reason":"compiler-artifact","target":{"name":"hotline-example","kind":["bin"]},"executable":"/t/release/hotline-example"}',
      '{"reason":"compiler-artifact","target":{"name":"speed","kind":["bench"]},"executable":"/t/release/deps/speed-1234"}',
      '{"reason":"build-finished","success":true}',
    ].join('\n');
    assert.equal(cargoExecutable(msgs, { kind: 'bin', name: 'hotline-example' }), '/t/release/hotline-example');
    assert.equal(cargoExecutable(msgs, { kind: 'bench', name: 'speed' }), '/t/release/deps/speed-1234');
    assert.equal(cargoExecutable(msgs, { kind: 'bin', name: 'other' }), null);
  });
});
