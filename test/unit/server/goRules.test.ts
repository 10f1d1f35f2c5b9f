import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { confidences, expectFires, expectSilent } from './helpers';

const go = 'go' as const;
const file = (body: string, imports = '') => `package main\n${imports}\nfunc f(xs []string, n int, ctx context.Context) string {\n${body}\n}\n`;

describe('go/string-concat-in-loop', () => {
  const id = 'go/string-concat-in-loop';
  it('fires on string += in for loops', async () => {
    await expectFires(id, go, file('\ts := ""\n\tfor _, x := range xs {\n\t\ts += x\n\t}\n\treturn s'), ['s += x']);
    await expectFires(id, go, file('\tvar out string\n\tfor i := 0; i < n; i++ {\n\t\tout += strconv.Itoa(i)\n\t}\n\treturn out'), ['out += strconv.Itoa(i)']);
    await expectFires(id, go, file('\tfor _, x := range xs {\n\t\tacc += "," + x\n\t}\n\treturn ""'), ['acc += "," + x']);
    await expectFires(id, go, file('\ts := ""\n\tfor _, x := range xs {\n\t\ts = s + x\n\t}\n\treturn s'), ['s = s + x']);
  });
  it('stays silent on numeric += and outside loops', async () => {
    await expectSilent(id, go, file('\ttotal := 0\n\tfor i := range xs {\n\t\ttotal += i\n\t}\n\treturn ""'));
    await expectSilent(id, go, file('\tvar f float64\n\tfor i := 0; i < n; i++ {\n\t\tf += 0.5\n\t}\n\treturn ""'));
    await expectSilent(id, go, file('\ts := "a"\n\ts += "b"\n\treturn s'));
    await expectSilent(id, go, file('\tn := 0\n\tfor i := range xs {\n\t\tn = n + i\n\t}\n\treturn ""'));
  });
  // Found by the labelled corpus (test/fixtures/lint/corpus/go, perLine): a string made new on every pass grows nothing.
  it('stays silent on a string made new on every pass of the loop', async () => {
    await expectSilent(
      id,
      go,
      file('\tvar out []string\n\tfor _, x := range xs {\n\t\tline := "- "\n\t\tline += x\n\t\tout = append(out, line)\n\t}\n\treturn ""'),
    );
    await expectSilent(id, go, file('\tvar line string\n\tfor _, x := range xs {\n\t\tline = "- "\n\t\tline += x\n\t\tuse(line)\n\t}\n\treturn line'));
    // Declared in the outer loop, grown across the passes of the inner one: still reported.
    await expectFires(id, go, file('\tfor range xs {\n\t\trow := ""\n\t\tfor _, x := range xs {\n\t\t\trow += x\n\t\t}\n\t\tuse(row)\n\t}\n\treturn ""'), [
      'row += x',
    ]);
    // Reset from itself is not a fresh string.
    await expectFires(id, go, file('\ts := ""\n\tfor _, x := range xs {\n\t\ts = s\n\t\ts += x\n\t}\n\treturn s'), ['s += x']);
  });
  // Found by the labelled corpus (withPrefix, named): the type comes from a parameter or a named result.
  it('fires when the string starts from a string parameter or is a named result', async () => {
    await expectFires(
      id,
      go,
      'package main\n\nfunc f(prefix string, xs []string) string {\n\ts := prefix\n\tfor _, x := range xs {\n\t\ts += x\n\t}\n\treturn s\n}\n',
      ['s += x'],
    );
    await expectFires(id, go, 'package main\n\nfunc f(xs []string) (s string) {\n\tfor _, x := range xs {\n\t\ts += x\n\t}\n\treturn\n}\n', ['s += x']);
    await expectSilent(
      id,
      go,
      'package main\n\nfunc f(start int, xs []int) (n int) {\n\tt := start\n\tfor _, x := range xs {\n\t\tt += x\n\t\tn += x\n\t}\n\treturn t + n\n}\n',
    );
  });
});

describe('go/append-without-prealloc', () => {
  const id = 'go/append-without-prealloc';
  it('fires on unconditional append over a range of known length', async () => {
    await expectFires(id, go, file('\tvar out []string\n\tfor _, x := range xs {\n\t\tout = append(out, x+"!")\n\t}\n\treturn ""'), ['append(out, x+"!")']);
    await expectFires(id, go, file('\tout := []int{}\n\tfor i, x := range load() {\n\t\tout = append(out, i)\n\t}\n\treturn ""'), ['append(out, i)']);
  });
  it('stays silent with make([]T, 0, n), conditional appends and channel ranges', async () => {
    await expectSilent(id, go, file('\tout := make([]string, 0, len(xs))\n\tfor _, x := range xs {\n\t\tout = append(out, x)\n\t}\n\treturn ""'));
    await expectSilent(id, go, file('\tvar out []string\n\tfor _, x := range xs {\n\t\tif x != "" {\n\t\t\tout = append(out, x)\n\t\t}\n\t}\n\treturn ""'));
    await expectSilent(id, go, file('\tch := make(chan string)\n\tvar out []string\n\tfor x := range ch {\n\t\tout = append(out, x)\n\t}\n\treturn ""'));
    // Found in Go's own source: appending whole slices, the final length is not len(xs).
    await expectSilent(id, go, file('\tvar out []string\n\tfor _, x := range xs {\n\t\tout = append(out, split(x)...)\n\t}\n\treturn ""'));
  });
  // Found by the labelled corpus (test/fixtures/lint/corpus/go, counted and squares): counted loops have a known length too.
  it('fires on range over an int and on counted for loops', async () => {
    await expectFires(id, go, file('\tvar out []string\n\tfor i := range n {\n\t\tout = append(out, strconv.Itoa(i))\n\t}\n\treturn ""'), [
      'append(out, strconv.Itoa(i))',
    ]);
    await expectFires(id, go, file('\tvar out []int\n\tfor i := 0; i < n; i++ {\n\t\tout = append(out, i*i)\n\t}\n\treturn ""'), ['append(out, i*i)']);
    await expectFires(id, go, file('\tout := []string{}\n\tfor i := 0; i < len(xs); i++ {\n\t\tout = append(out, xs[i])\n\t}\n\treturn ""'), [
      'append(out, xs[i])',
    ]);
  });
  it('stays silent on counted loops whose count is not fixed', async () => {
    // The body moves the index or the bound, a float bound, a condition that is not i < n.
    await expectSilent(id, go, file('\tvar out []int\n\tfor i := 0; i < n; i++ {\n\t\tout = append(out, i)\n\t\ti++\n\t}\n\treturn ""'));
    await expectSilent(id, go, file('\tvar out []int\n\tfor i := 0; i < n; i++ {\n\t\tout = append(out, i)\n\t\tn--\n\t}\n\treturn ""'));
    await expectSilent(id, go, file('\tvar out []int\n\tfor i := 0; i*i < n; i++ {\n\t\tout = append(out, i)\n\t}\n\treturn ""'));
    await expectSilent(id, go, file('\tvar out []int\n\tfor i := 0; i < n; i++ {\n\t\tif i%2 == 0 {\n\t\t\tout = append(out, i)\n\t\t}\n\t}\n\treturn ""'));
  });
});

describe('go/append-without-prealloc confidence', () => {
  const id = 'go/append-without-prealloc';
  // From the Go standard library study (docs/lint-study/go-append-without-prealloc.md).
  it('is sure when the slice is built again on each pass of an outer loop over data', async () => {
    // Like traceviewer's pprof export: one location slice per record, grown from empty each time.
    const perRecord =
      'package p\nfunc export(recs []rec) (out [][]loc) {\n\tfor _, r := range recs {\n\t\tvar locs []loc\n\t\tfor _, fr := range r.stack {\n\t\t\tlocs = append(locs, at(fr))\n\t\t}\n\t\tout = append(out, locs)\n\t}\n\treturn\n}\n';
    assert.deepEqual(await confidences(id, go, perRecord), [['append(locs, at(fr))', 'high', 'info']]);
  });
  it('shows a one-off, short, early-exiting or iterator loop as a hint', async () => {
    // Like x509's template fields: built once per call, from a handful of entries.
    assert.deepEqual(await confidences(id, go, file('\tvar urls []string\n\tfor _, u := range xs {\n\t\turls = append(urls, u)\n\t}\n\treturn ""')), [
      ['append(urls, u)', 'low', 'hint'],
    ]);
    // Like pprof's handler list: a range over a literal list is short and fixed.
    const literal =
      'package p\nfunc f(out [][]string) {\n\tfor range out {\n\t\tvar names []string\n\t\tfor _, n := range []string{"cpu", "heap"} {\n\t\t\tnames = append(names, n)\n\t\t}\n\t\tuse(names)\n\t}\n}\n';
    assert.deepEqual(await confidences(id, go, literal), [['append(names, n)', 'low', 'hint']]);
    // Like types2's cycle report: a break in the loop means the final length is not len(path).
    const early =
      'package p\nfunc f(paths [][]string) {\n\tfor _, path := range paths {\n\t\tvar cyc []string\n\t\tfor _, n := range path {\n\t\t\tcyc = append(cyc, n)\n\t\t\tif n == "" {\n\t\t\t\tbreak\n\t\t\t}\n\t\t}\n\t\tuse(cyc)\n\t}\n}\n';
    assert.deepEqual(await confidences(id, go, early), [['append(cyc, n)', 'low', 'hint']]);
    // Like the range-over-func tests: a call may return an iterator, which has no length.
    const iter =
      'package p\nfunc f(ss [][]int) {\n\tfor range ss {\n\t\tvar got []int\n\t\tfor _, v := range values(ss) {\n\t\t\tgot = append(got, v)\n\t\t}\n\t\tuse(got)\n\t}\n}\n';
    assert.deepEqual(await confidences(id, go, iter), [['append(got, v)', 'low', 'hint']]);
  });
  it('stays silent in test code, where tables are built once', async () => {
    // Like the 273 findings in the standard library's _test.go files, helpers included.
    await expectSilent(
      id,
      go,
      'package p\nimport "testing"\nfunc TestNames(t *testing.T) {\n\tvar got []string\n\tfor _, c := range cases {\n\t\tgot = append(got, c.name)\n\t}\n\tcheck(t, got)\n}\n',
    );
    await expectSilent(
      id,
      go,
      'package p\nimport "testing"\nfunc keys(m map[string]int) []string {\n\tvar ks []string\n\tfor k := range m {\n\t\tks = append(ks, k)\n\t}\n\treturn ks\n}\nfunc TestKeys(t *testing.T) { _ = keys(nil) }\n',
    );
  });
});

describe('go/alloc-in-loop', () => {
  const id = 'go/alloc-in-loop';
  it('fires on constant regexp compiles and non-escaping make in loops', async () => {
    await expectFires(id, go, file('\tfor _, x := range xs {\n\t\tre := regexp.MustCompile(`^a+$`)\n\t\t_ = re.MatchString(x)\n\t}\n\treturn ""'), [
      'regexp.MustCompile(`^a+$`)',
    ]);
    await expectFires(id, go, file('\tfor _, x := range xs {\n\t\tbuf := make([]byte, 1024)\n\t\tcopy(buf, x)\n\t\tuse(buf)\n\t}\n\treturn ""'), [
      'make([]byte, 1024)',
    ]);
  });
  it('stays silent when the allocation escapes, the pattern is dynamic, or it is outside loops', async () => {
    await expectSilent(
      id,
      go,
      file('\tvar rows [][]byte\n\tfor _, x := range xs {\n\t\trow := make([]byte, len(x))\n\t\trows = append(rows, row)\n\t}\n\treturn ""'),
    );
    await expectSilent(id, go, file('\tfor _, x := range xs {\n\t\tre := regexp.MustCompile(x)\n\t\t_ = re\n\t}\n\treturn ""'));
    await expectSilent(id, go, file('\tbuf := make([]byte, 1024)\n\tfor range xs {\n\t\tuse(buf)\n\t}\n\treturn ""'));
  });
});

describe('go/alloc-in-loop confidence', () => {
  const id = 'go/alloc-in-loop';
  // From the Go standard library study (docs/lint-study/go-alloc-in-loop.md).
  it('is sure for a constant regexp, and for a same-size buffer made on each pass of a nested loop', async () => {
    assert.deepEqual(
      await confidences(id, go, file('\tfor _, x := range xs {\n\t\tre := regexp.MustCompile(`^a+$`)\n\t\t_ = re.MatchString(x)\n\t}\n\treturn ""')),
      [['regexp.MustCompile(`^a+$`)', 'high', 'info']],
    );
    const nested =
      'package p\nfunc scan(files [][]string, size int) {\n\tfor _, f := range files {\n\t\tfor _, part := range f {\n\t\t\tbuf := make([]byte, size)\n\t\t\tread(part, buf)\n\t\t}\n\t}\n}\n';
    assert.deepEqual(await confidences(id, go, nested), [['make([]byte, size)', 'high', 'info']]);
  });
  it('shows small constant, per-pass-sized, one-level and retry-loop makes as hints', async () => {
    // Like mldsa's two-byte counter: a small constant make stays on the stack.
    const small =
      'package p\nfunc f(rows [][]int) {\n\tfor _, r := range rows {\n\t\tfor i := range r {\n\t\t\tb := make([]byte, 2)\n\t\t\tput(b, i)\n\t\t}\n\t}\n}\n';
    assert.deepEqual(await confidences(id, go, small), [['make([]byte, 2)', 'low', 'hint']]);
    // Like objfile's archive reader: each entry has its own size, so one buffer does not simply serve.
    const sized =
      'package p\nfunc f(groups [][]entry) {\n\tfor _, g := range groups {\n\t\tfor _, e := range g {\n\t\t\tb := make([]byte, e.size)\n\t\t\tload(e, b)\n\t\t}\n\t}\n}\n';
    assert.deepEqual(await confidences(id, go, sized), [['make([]byte, e.size)', 'low', 'hint']]);
    // Like x509's per-attribute map: built once per call, the loop is not on a repeating path.
    assert.deepEqual(await confidences(id, go, file('\tfor _, x := range xs {\n\t\tseen := make(map[string]bool)\n\t\tmark(seen, x)\n\t}\n\treturn ""')), [
      ['make(map[string]bool)', 'low', 'hint'],
    ]);
  });
  it('stays silent in test code', async () => {
    await expectSilent(
      id,
      go,
      'package p\nimport "testing"\nfunc TestRead(t *testing.T) {\n\tfor _, c := range cases {\n\t\tfor range c.n {\n\t\t\tbuf := make([]byte, c.size)\n\t\t\tread(buf)\n\t\t}\n\t}\n}\n',
    );
  });
});

describe('go/unbuffered-channel-queue', () => {
  const id = 'go/unbuffered-channel-queue';
  it('fires on an unbuffered channel fed in a loop', async () => {
    await expectFires(id, go, file('\tjobs := make(chan string)\n\tgo work(jobs)\n\tfor _, x := range xs {\n\t\tjobs <- x\n\t}\n\treturn ""'), [
      'make(chan string)',
    ]);
  });
  it('stays silent on buffered channels, signal channels and single hand-offs', async () => {
    await expectSilent(id, go, file('\tjobs := make(chan string, 16)\n\tfor _, x := range xs {\n\t\tjobs <- x\n\t}\n\treturn ""'));
    await expectSilent(id, go, file('\tdone := make(chan struct{})\n\tfor range xs {\n\t\tdone <- struct{}{}\n\t}\n\treturn ""'));
    await expectSilent(id, go, file('\tres := make(chan string)\n\tgo func() { res <- "x" }()\n\treturn <-res'));
  });
});

describe('go/reflect-in-loop', () => {
  const id = 'go/reflect-in-loop';
  it('fires on reflect calls in loops', async () => {
    await expectFires(id, go, file('\tfor _, x := range xs {\n\t\t_ = reflect.TypeOf(x).Name()\n\t}\n\treturn ""', 'import "reflect"'), ['reflect.TypeOf(x)']);
  });
  it('stays silent outside loops and when reflect is not the package', async () => {
    await expectSilent(id, go, file('\tt := reflect.TypeOf(xs)\n\tfor range xs {\n\t\t_ = t\n\t}\n\treturn ""', 'import "reflect"'));
    await expectSilent(id, go, file('\tfor _, x := range xs {\n\t\treflect.Show(x)\n\t}\n\treturn ""'));
  });
  // From the Go standard library study (docs/lint-study/go-reflect-in-loop.md).
  it('is sure only when the call reads nothing the loop changes and returns metadata', async () => {
    const hoistable =
      'package p\nimport "reflect"\nfunc fill(dst any, rows []string) {\n\tfor _, r := range rows {\n\t\tif reflect.TypeOf(dst).Kind() == reflect.Pointer {\n\t\t\tset(dst, r)\n\t\t}\n\t}\n}\n';
    assert.deepEqual(await confidences(id, go, hoistable), [['reflect.TypeOf(dst)', 'high', 'info']]);
  });
  it('shows per-element reflection as a hint', async () => {
    // Like fmt's bad-verb path: the type of each argument, which differs on every pass.
    const perArg =
      'package p\nimport "reflect"\nfunc names(args []any) (out []string) {\n\tfor _, a := range args {\n\t\tout = append(out, reflect.TypeOf(a).String())\n\t}\n\treturn\n}\n';
    assert.deepEqual(await confidences(id, go, perArg), [['reflect.TypeOf(a)', 'low', 'hint']]);
    // Like encoding/json's decoder: a new value for each element is the result, not a cost to hoist.
    const decoder =
      'package p\nimport "reflect"\nfunc deref(v reflect.Value, elem reflect.Type, n int) {\n\tfor i := 0; i < n; i++ {\n\t\tkeep(reflect.New(elem))\n\t}\n}\n';
    assert.deepEqual(await confidences(id, go, decoder), [['reflect.New(elem)', 'low', 'hint']]);
    // Like json's type-cache benchmark: the slice is written in the loop before each call.
    const mutated =
      'package p\nimport "reflect"\nfunc gen(fs []reflect.StructField, out []reflect.Type) {\n\tfor i := range out {\n\t\tfs[0].Name = name(i)\n\t\tout[i] = reflect.StructOf(fs)\n\t}\n}\n';
    assert.deepEqual(await confidences(id, go, mutated), [['reflect.StructOf(fs)', 'low', 'hint']]);
  });
  it('stays silent in test functions, where the loop walks a test table', async () => {
    // Like most of the 316 findings in the standard library's _test.go files.
    await expectSilent(
      id,
      go,
      'package p\nimport (\n\t"reflect"\n\t"testing"\n)\nfunc TestSplit(t *testing.T) {\n\tfor _, tc := range cases {\n\t\tif got := split(tc.in); !reflect.DeepEqual(got, tc.want) {\n\t\t\tt.Errorf("%v", got)\n\t\t}\n\t}\n}\n',
    );
  });
});

describe('go/goroutine-leak', () => {
  const id = 'go/goroutine-leak';
  it('fires on a send that outlives a select timeout and on endless goroutines', async () => {
    const leak =
      '\tch := make(chan string)\n\tgo func() {\n\t\tch <- slow()\n\t}()\n\tselect {\n\tcase r := <-ch:\n\t\treturn r\n\tcase <-time.After(time.Second):\n\t\treturn ""\n\t}';
    await expectFires(id, go, file(leak), ['go func() {\n\t\tch <- slow()\n\t}()']);
    await expectFires(id, go, file('\tgo func() {\n\t\tfor {\n\t\t\tpoll()\n\t\t}\n\t}()\n\treturn ""'), [
      'go func() {\n\t\tfor {\n\t\t\tpoll()\n\t\t}\n\t}()',
    ]);
  });
  it('stays silent with a buffered channel, a plain receive, or a cancellable loop', async () => {
    await expectSilent(
      id,
      go,
      file(
        '\tch := make(chan string, 1)\n\tgo func() { ch <- slow() }()\n\tselect {\n\tcase r := <-ch:\n\t\treturn r\n\tcase <-ctx.Done():\n\t\treturn ""\n\t}',
      ),
    );
    await expectSilent(id, go, file('\tch := make(chan string)\n\tgo func() { ch <- slow() }()\n\treturn <-ch'));
    await expectSilent(
      id,
      go,
      file(
        '\tgo func() {\n\t\tfor {\n\t\t\tselect {\n\t\t\tcase <-ctx.Done():\n\t\t\t\treturn\n\t\t\tdefault:\n\t\t\t\tpoll()\n\t\t\t}\n\t\t}\n\t}()\n\treturn ""',
      ),
    );
  });
});
