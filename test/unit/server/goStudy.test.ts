// The Go rules on shapes found in Go's standard library and commands (docs/lint-study/go-*.md): each
// false positive the study fixed and each true positive it kept, rewritten small.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { lintText } from '../../../src/server/lint';
import { confidences, expectFires, expectSilent, grammars } from './helpers';

const go = 'go' as const;

async function rulesAt(path: string, code: string): Promise<string[]> {
  return (await lintText(grammars, code, go, { path })).map((f) => f.rule);
}

describe('Go rules: files the go tool does not build for users', () => {
  // A concat, a leak and a queue in one function: each rule fires in a package file.
  const all =
    'package p\nfunc f(xs []string, d time.Duration) string {\n\ts := ""\n\tfor _, x := range xs {\n\t\ts += x\n\t}\n\tjobs := make(chan string)\n\tgo work(jobs)\n\tfor _, x := range xs {\n\t\tjobs <- x\n\t}\n\tch := make(chan string)\n\tgo func() {\n\t\tch <- slow()\n\t}()\n\tselect {\n\tcase r := <-ch:\n\t\treturn r\n\tcase <-time.After(d):\n\t\treturn s\n\t}\n}\n';
  it('reports in a package file', async () => {
    assert.deepEqual((await rulesAt('/src/p/p.go', all)).sort(), ['go/goroutine-leak', 'go/string-concat-in-loop', 'go/unbuffered-channel-queue']);
  });
  it('stays silent in _test.go files, testdata programs and _gen generators', async () => {
    // Like the 88 string concatenations and 43 queues in the standard library's _test.go helpers, the
    // leak reproducers in runtime/testdata and the SSA rule generator in cmd/compile/internal/ssa/_gen.
    for (const path of [
      '/src/p/p_test.go',
      '/src/runtime/testdata/leaks/main.go',
      '/src/cmd/compile/internal/ssa/_gen/main.go',
      'C:\\go\\src\\p\\testdata\\x.go',
    ])
      assert.deepEqual(await rulesAt(path, all), [], path);
  });
  it('stays silent in test support files that import "testing"', async () => {
    // Like cmd/cgo/internal/test/setgid_linux.go: a helper of a test, in a file the test package builds.
    const helper = all.replace('package p\n', 'package p\nimport (\n\t"testing"\n\t"time"\n)\n');
    assert.deepEqual(await rulesAt('/src/cmd/cgo/internal/test/setgid_linux.go', helper), []);
  });
});

describe('go/append-without-prealloc: evidence that the path repeats', () => {
  const id = 'go/append-without-prealloc';
  it('is a hint when the pass that builds the slice ends the outer loop', async () => {
    // Like go/types' cycle report: collect the names on the cycle, report it, break.
    const report =
      'package p\nfunc f(objs []obj, path []obj) {\n\tfor _, o := range objs {\n\t\tif o.grey {\n\t\t\tvar cycle []obj\n\t\t\tfor _, t := range path {\n\t\t\t\tcycle = append(cycle, t)\n\t\t\t}\n\t\t\treport(cycle)\n\t\t\tbreak\n\t\t}\n\t}\n}\n';
    assert.deepEqual(await confidences(id, go, report), [['append(cycle, t)', 'low', 'hint']]);
  });
  it('is a hint in an endless retry loop', async () => {
    // Like a snapshot taken under a lock in `for { ... }` that usually runs once.
    const retry =
      'package p\nfunc (s *store) snapshot() {\n\tfor {\n\t\tvar rs []*rep\n\t\tfor _, r := range s.reps {\n\t\t\trs = append(rs, r)\n\t\t}\n\t\tif done(rs) {\n\t\t\treturn\n\t\t}\n\t}\n}\n';
    assert.deepEqual(await confidences(id, go, retry), [['append(rs, r)', 'low', 'hint']]);
  });
  it('is a hint when every element is a freshly formatted string', async () => {
    // Like the SSA debug dump: one Sprintf per slot costs more than the slice growing.
    const dump =
      'package p\nfunc dump(regs [][]slot) {\n\tfor _, slots := range regs {\n\t\tvar strs []string\n\t\tfor _, s := range slots {\n\t\t\tstrs = append(strs, s.String())\n\t\t}\n\t\tprint(strs)\n\t}\n}\n';
    assert.deepEqual(await confidences(id, go, dump), [['append(strs, s.String())', 'low', 'hint']]);
  });
  it('stays silent on a slice reused with s = s[:0]', async () => {
    // Like the SSA generator's register lists: the capacity of the previous pass is kept.
    await expectSilent(
      id,
      go,
      'package p\nfunc f(ops []op) {\n\tvar s []pair\n\tfor _, v := range ops {\n\t\ts = s[:0]\n\t\tfor i, r := range v.outputs {\n\t\t\ts = append(s, pair{r, i})\n\t\t}\n\t\tuse(s)\n\t}\n}\n',
    );
  });
});

describe('go/goroutine-leak: a receiver that does not give up, a send that can', () => {
  const id = 'go/goroutine-leak';
  it('stays silent when the goroutine sends in a select with a cancellation case', async () => {
    // Like dialPlan9: the result is sent or, after cancellation, closed and dropped.
    await expectSilent(
      id,
      go,
      'package p\nfunc dial(ctx context.Context) (c conn, err error) {\n\tresc := make(chan conn)\n\tgo func() {\n\t\tc := dialBlocking()\n\t\tselect {\n\t\tcase resc <- c:\n\t\tcase <-ctx.Done():\n\t\t\tc.Close()\n\t\t}\n\t}()\n\tselect {\n\tcase c := <-resc:\n\t\treturn c, nil\n\tcase <-ctx.Done():\n\t\treturn nil, ctx.Err()\n\t}\n}\n',
    );
  });
  it('stays silent when the receiving select loops until the result arrives', async () => {
    // Like cmd/trace's progress loop: the ticker case prints and loops again; only `done` leaves.
    await expectSilent(
      id,
      go,
      'package p\nfunc parse(r io.Reader) (t *trace) {\n\tdone := make(chan struct{})\n\tgo func() {\n\t\tt = parseAll(r)\n\t\tdone <- struct{}{}\n\t}()\n\ttick := time.NewTicker(time.Second)\nloop:\n\tfor {\n\t\tselect {\n\t\tcase <-tick.C:\n\t\t\tprogress()\n\t\tcase <-done:\n\t\t\tbreak loop\n\t\t}\n\t}\n\treturn t\n}\n',
    );
  });
  it('still fires when a case of the looping select returns without the result', async () => {
    // Like cgo's setgid check: a timeout abandons the goroutine's unbuffered send.
    const timeout =
      'package p\nfunc run(d time.Duration) bool {\n\tc := make(chan bool)\n\tgo func() {\n\t\tsetgid()\n\t\tc <- true\n\t}()\n\tfor {\n\t\tselect {\n\t\tcase <-c:\n\t\t\treturn true\n\t\tcase <-time.After(d):\n\t\t\treturn false\n\t\t}\n\t}\n}\n';
    await expectFires(id, go, timeout, ['go func() {\n\t\tsetgid()\n\t\tc <- true\n\t}()']);
  });
  it('shows an endless worker that waits on a channel as a hint', async () => {
    // Like the compiler's work dispatcher: started once per process, asleep while there is no work.
    const worker = 'package p\nfunc start(q chan func()) {\n\tgo func() {\n\t\tfor {\n\t\t\twork := <-q\n\t\t\twork()\n\t\t}\n\t}()\n}\n';
    assert.deepEqual(await confidences(id, go, worker), [['go func() {\n\t\tfor {\n\t\t\twork := <-q\n\t\t\twork()\n\t\t}\n\t}()', 'low', 'hint']]);
  });
});

describe('go/unbuffered-channel-queue: fan-in is not a queue', () => {
  it('stays silent on goroutines started in a loop that each send one result', async () => {
    // Like the linker's DWARF compression: one goroutine per section, each sends its result once.
    await expectSilent(
      'go/unbuffered-channel-queue',
      go,
      'package p\nfunc compress(secs []sec) []res {\n\tresc := make(chan res)\n\tfor i := range secs {\n\t\tgo func(i int) {\n\t\t\tresc <- res{i, zip(secs[i])}\n\t\t}(i)\n\t}\n\tout := make([]res, len(secs))\n\tfor range secs {\n\t\tr := <-resc\n\t\tout[r.i] = r\n\t}\n\treturn out\n}\n',
    );
  });
});

describe('go/string-concat-in-loop: sure only over input of unbounded size', () => {
  const id = 'go/string-concat-in-loop';
  it('is sure over scanned lines or split text', async () => {
    const scanned = 'package p\nfunc join(sc *bufio.Scanner) string {\n\tout := ""\n\tfor sc.Scan() {\n\t\tout += sc.Text() + "\\n"\n\t}\n\treturn out\n}\n';
    assert.deepEqual(await confidences(id, go, scanned), [['out += sc.Text() + "\\n"', 'high', 'warning']]);
    const split =
      'package p\nfunc quote(text string) string {\n\tvar s string\n\tfor _, l := range strings.Split(text, "\\n") {\n\t\ts += "> " + l\n\t}\n\treturn s\n}\n';
    assert.deepEqual(await confidences(id, go, split), [['s += "> " + l', 'high', 'warning']]);
  });
  it('is a hint in a String method and over a value of a few parts', async () => {
    // Like dwarf's StructType.String and types2's pathString: the fields of one type, the names on one path.
    const display =
      'package p\nfunc (t *Struct) String() string {\n\ts := "struct {"\n\tfor _, f := range t.Fields {\n\t\ts += f.Name + "; "\n\t}\n\treturn s + "}"\n}\n';
    assert.deepEqual(await confidences(id, go, display), [['s += f.Name + "; "', 'low', 'hint']]);
    // Like the assemblers' register lists: at most 16 registers.
    const regs = 'package p\nfunc regs(m int) string {\n\tstr := ""\n\tfor i := 0; i < 16; i++ {\n\t\tstr += reg(m, i)\n\t}\n\treturn str\n}\n';
    assert.deepEqual(await confidences(id, go, regs), [['str += reg(m, i)', 'low', 'hint']]);
  });
  it('stays silent in a //go:build ignore generator', async () => {
    // Like runtime/mkpreempt.go, run by hand to write assembly.
    await expectSilent(
      id,
      go,
      '//go:build ignore\n\npackage main\nfunc gen(n int) string {\n\tsv := ""\n\tfor i := 0; i < n; i++ {\n\t\tsv += fmt.Sprintf("MOV R%d\\n", i)\n\t}\n\treturn sv\n}\n',
    );
  });
});

describe('go/append-without-prealloc: a slice that earlier code already grew', () => {
  it('reports only the first of two loops appending to one slice', async () => {
    // Like x509's subject alternative names: DNS names, then e-mail addresses, into one slice. A make
    // before the second loop would have dropped the names the first one added.
    const sans =
      'package p\nfunc sans(dns, emails []string) []raw {\n\tvar vals []raw\n\tfor _, d := range dns {\n\t\tvals = append(vals, raw{tag: 2, b: d})\n\t}\n\tfor _, e := range emails {\n\t\tvals = append(vals, raw{tag: 1, b: e})\n\t}\n\treturn vals\n}\n';
    await expectFires('go/append-without-prealloc', go, sans, ['append(vals, raw{tag: 2, b: d})']);
  });
});
