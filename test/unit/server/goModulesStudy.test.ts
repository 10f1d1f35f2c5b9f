// The Go rules on shapes found in twelve popular Go modules (docs/lint-study/go-modules.md): each false
// positive of their 29 high findings that was fixed, and each of the three true positives kept, rewritten small.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { confidences } from './helpers';

const go = 'go' as const;

describe('go/goroutine-leak: periodic refreshers are not leaks', () => {
  const id = 'go/goroutine-leak';
  it('is a hint for an endless loop that sleeps between passes', async () => {
    // Like a web framework's logger middleware refreshing a cached timestamp every interval, or a metrics
    // example recording a fake latency every 600 ms: started once, it sleeps, and costs nothing.
    const refresher =
      'package p\nfunc startClock(every time.Duration) {\n\tgo func() {\n\t\tfor {\n\t\t\tnow.Store(time.Now().Unix())\n\t\t\ttime.Sleep(every)\n\t\t}\n\t}()\n}\n';
    assert.deepEqual(await confidences(id, go, refresher), [[refresher.slice(refresher.indexOf('go func'), refresher.lastIndexOf('()') + 2), 'low', 'hint']]);
  });
  it('stays sure for a send on an unbuffered channel the caller abandons on timeout', async () => {
    // Like a framework's Test helper: it serves one connection in a goroutine that reports on an unbuffered
    // channel, and returns a timeout error without reading it; the goroutine then blocks for good.
    const serve =
      'package p\nfunc (a *App) Probe(conn net.Conn, d time.Duration) error {\n\tdone := make(chan error)\n\tgo func() {\n\t\tdone <- a.serve(conn)\n\t}()\n\tselect {\n\tcase err := <-done:\n\t\treturn err\n\tcase <-time.After(d):\n\t\treturn errTimeout\n\t}\n}\n';
    const found = await confidences(id, go, serve);
    assert.equal(found.length, 1);
    assert.equal(found[0][1], 'high');
  });
  it('stays sure for a busy loop that neither sleeps nor waits', async () => {
    const spin = 'package p\nfunc spin(n *int64) {\n\tgo func() {\n\t\tfor {\n\t\t\tatomic.AddInt64(n, 1)\n\t\t}\n\t}()\n}\n';
    assert.deepEqual(
      (await confidences(id, go, spin)).map((f) => f[1]),
      ['high'],
    );
  });
});

describe('go/unbuffered-channel-queue: producers a buffer would not speed up', () => {
  const id = 'go/unbuffered-channel-queue';
  it('is a hint when the producer sends in a select with a way out', async () => {
    // Like an object store client's multipart copy: part numbers fed to a pool of uploaders, cancellable.
    const parts =
      'package p\nfunc copyParts(ctx context.Context, parts []part) {\n\tjobs := make(chan part)\n\tgo func() {\n\t\tdefer close(jobs)\n\t\tfor _, p := range parts {\n\t\t\tselect {\n\t\t\tcase jobs <- p:\n\t\t\tcase <-ctx.Done():\n\t\t\t\treturn\n\t\t\t}\n\t\t}\n\t}()\n\tfor j := range jobs {\n\t\tupload(j)\n\t}\n}\n';
    assert.deepEqual(await confidences(id, go, parts), [['make(chan part)', 'low', 'hint']]);
  });
  it('is a hint when the sending loop is paced by another channel', async () => {
    // Like the same client's workers: each reads a job from a channel, does a network call, sends the result.
    const results =
      'package p\nfunc run(ctx context.Context, jobs chan job, n int) {\n\tresults := make(chan result)\n\tfor i := 0; i < n; i++ {\n\t\tgo func() {\n\t\t\tfor j := range jobs {\n\t\t\t\tresults <- do(j)\n\t\t\t}\n\t\t}()\n\t}\n\tfor r := range results {\n\t\tkeep(r)\n\t}\n}\n';
    assert.deepEqual(await confidences(id, go, results), [['make(chan result)', 'low', 'hint']]);
  });
  it('is a hint when the channel is handed to an API or returned', async () => {
    // Like a test program listing objects into a channel that a bulk-delete call consumes, and a watch
    // wrapper returning the stream it relays.
    const handed =
      'package p\nfunc purge(c *Client, names []string) {\n\tch := make(chan string)\n\tgo func() {\n\t\tdefer close(ch)\n\t\tfor _, n := range names {\n\t\t\tch <- n\n\t\t}\n\t}()\n\tfor err := range c.RemoveAll(ch) {\n\t\tlog(err)\n\t}\n}\n';
    assert.deepEqual(await confidences(id, go, handed), [['make(chan string)', 'low', 'hint']]);
    const relay =
      'package p\nfunc relay(in []event) <-chan event {\n\tout := make(chan event)\n\tgo func() {\n\t\tfor _, e := range in {\n\t\t\tout <- strip(e)\n\t\t}\n\t\tclose(out)\n\t}()\n\treturn out\n}\n';
    assert.deepEqual(await confidences(id, go, relay), [['make(chan event)', 'low', 'hint']]);
  });
  it('is a hint when each pass does I/O through a context', async () => {
    const io =
      'package p\nfunc load(ctx context.Context, keys []string) {\n\tch := make(chan blob)\n\tgo consume(ch)\n\tfor _, k := range keys {\n\t\tb := fetch(ctx, k)\n\t\tch <- b\n\t}\n}\n';
    assert.deepEqual(await confidences(id, go, io), [['make(chan blob)', 'low', 'hint']]);
  });
  it('stays sure for a plain producer loop feeding a worker', async () => {
    const queue = 'package p\nfunc feed(all []job) {\n\tjobs := make(chan job)\n\tgo work(jobs)\n\tfor _, j := range all {\n\t\tjobs <- j\n\t}\n}\n';
    assert.deepEqual(await confidences(id, go, queue), [['make(chan job)', 'high', 'info']]);
  });
});

describe('go/reflect-in-loop: reflection on the pass that leaves the loop', () => {
  const id = 'go/reflect-in-loop';
  it('is a hint inside a panic message', async () => {
    // Like a router's Use(args ...any): an argument of an unknown type panics with its reflect.TypeOf.
    const use =
      'package p\nimport "reflect"\nfunc use(args ...any) {\n\tfor _, a := range args {\n\t\tswitch a.(type) {\n\t\tcase string:\n\t\tdefault:\n\t\t\tpanic(fmt.Sprintf("bad handler %v", reflect.TypeOf(a)))\n\t\t}\n\t}\n}\n';
    assert.deepEqual(await confidences(id, go, use), [['reflect.TypeOf(a)', 'low', 'hint']]);
  });
  it('stays sure for loop-invariant reflection done per element', async () => {
    // Like a form decoder building a pointer type of the element type for every value of a slice field.
    const decode =
      'package p\nimport "reflect"\nfunc decode(elemT reflect.Type, values []string) {\n\tfor _, v := range values {\n\t\tu := reflect.New(reflect.PointerTo(elemT).Elem())\n\t\tfill(u, v)\n\t}\n}\n';
    // The New makes a value per element (a hint); the PointerTo of the loop's invariant type could move out.
    assert.deepEqual(await confidences(id, go, decode), [
      ['reflect.New(reflect.PointerTo(elemT).Elem())', 'low', 'hint'],
      ['reflect.PointerTo(elemT)', 'high', 'info'],
    ]);
  });
});

describe('go/alloc-in-loop: a constant regexp compiled per line stays sure', () => {
  it('reports regexp.MustCompile of a literal inside a scanner loop', async () => {
    // Like a client parsing an INFO reply: the module lines are matched with a regexp compiled on each line.
    const info =
      'package p\nfunc parse(sc *bufio.Scanner) {\n\tfor sc.Scan() {\n\t\tline := sc.Text()\n\t\tre := regexp.MustCompile(`name=(.+?),(.+)$`)\n\t\tuse(re.FindStringSubmatch(line))\n\t}\n}\n';
    assert.deepEqual(
      (await confidences('go/alloc-in-loop', go, info)).map((f) => f[1]),
      ['high'],
    );
  });
});
