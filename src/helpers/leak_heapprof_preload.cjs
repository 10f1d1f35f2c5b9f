'use strict';
// Records a V8 sampling heap profile (.heapprofile) of a Node program:
//   HOTLINE_HEAPPROF_OUT=out.heapprofile node leak_heapprof_preload.cjs program.js [args...]
// The program runs as the main module (require.main === module holds, argv as usual).
// Used instead of `node --heap-prof`: on Node 20 (checked on 20.20) the profile written at exit has
// lost the url and line of user frames once the main module has finished (they resolve while it
// runs). So the profile is read right after the main module's synchronous run, every 50 ms while
// the event loop runs, and at exit; each node's first resolved call frame is kept by node id and
// patched into the final profile. A frame still unresolved gets its script's url from the
// debugger's scriptParsed events and, when the function's name is defined exactly once in that
// file, the line of that definition (marked `guessedLine` so the importer can say so).
// Env: HOTLINE_HEAPPROF_INTERVAL (bytes, default 8192), HOTLINE_HEAPPROF_ALLOCATED=1 to keep
// objects later collected (allocated space instead of in-use space).
const inspector = require('node:inspector');
const fs = require('node:fs');

const Module = require('node:module');
const path = require('node:path');

const out = process.env.HOTLINE_HEAPPROF_OUT;
if (require.main === module) {
  if (!out || process.argv.length < 3) {
    process.stderr.write('usage: HOTLINE_HEAPPROF_OUT=FILE node leak_heapprof_preload.cjs program.js [args...]\n');
    process.exit(2);
  }
  const poll = start(out);
  process.argv.splice(1, 2, path.resolve(process.argv[2]));
  delete process.env.HOTLINE_HEAPPROF_OUT;
  Module.runMain();
  poll();
}

function start(outPath) {
  const session = new inspector.Session();
  session.connect();
  const interval = Number(process.env.HOTLINE_HEAPPROF_INTERVAL) || 8192;
  const allocated = process.env.HOTLINE_HEAPPROF_ALLOCATED === '1';
  const resolved = new Map();
  const scriptUrls = new Map();
  let written = false;

  session.on('Debugger.scriptParsed', (m) => {
    if (m.params.url && m.params.url.startsWith('file:')) scriptUrls.set(String(m.params.scriptId), m.params.url);
  });
  session.post('Debugger.enable');

  session.post('HeapProfiler.startSampling', {
    samplingInterval: interval,
    includeObjectsCollectedByMajorGC: allocated,
    includeObjectsCollectedByMinorGC: allocated,
  });

  const remember = (node) => {
    const f = node.callFrame;
    if (f.url && f.lineNumber >= 0 && !resolved.has(node.id)) resolved.set(node.id, f);
    for (const c of node.children) remember(c);
  };
  const selfUrls = new Set([require('node:url').pathToFileURL(__filename).href, __filename]);
  const sources = new Map();
  const guessLine = (url, name) => {
    if (!/^[A-Za-z_$][\w$]*$/.test(name)) return -1;
    if (!sources.has(url)) {
      try {
        sources.set(url, fs.readFileSync(new URL(url), 'utf8').split('\n'));
      } catch {
        sources.set(url, null);
      }
    }
    const lines = sources.get(url);
    if (!lines) return -1;
    const def = new RegExp(
      `(?:function\\s*\\*?\\s*${name}\\s*\\(|\\b${name}\\s*[:=]\\s*(?:async\\s*)?(?:function\\b|\\([^)]*\\)\\s*=>|[\\w$]+\\s*=>)|^\\s*(?:async\\s+|static\\s+)*${name}\\s*\\([^)]*\\)\\s*\\{)`,
    );
    const hits = [];
    for (let i = 0; i < lines.length && hits.length < 2; i++) if (def.test(lines[i])) hits.push(i);
    return hits.length === 1 ? hits[0] : -1;
  };
  const patch = (node) => {
    const f = node.callFrame;
    if ((!f.url || f.lineNumber < 0) && resolved.has(node.id)) node.callFrame = resolved.get(node.id);
    else if (!f.url && scriptUrls.has(String(f.scriptId))) {
      const url = scriptUrls.get(String(f.scriptId));
      const line = guessLine(url, f.functionName);
      node.callFrame = { ...f, url, lineNumber: line, columnNumber: line >= 0 ? 0 : -1, guessedLine: line >= 0 };
    }
    // The helper's own polling allocates; those subtrees are not the program's (its top level,
    // which runs the program, stays).
    node.children = node.children.filter((c) => !(selfUrls.has(c.callFrame.url) && c.callFrame.functionName !== ''));
    for (const c of node.children) patch(c);
  };
  const poll = () => {
    // In-process inspector sessions answer synchronously.
    session.post('HeapProfiler.getSamplingProfile', (err, r) => {
      if (!err && r) remember(r.profile.head);
    });
  };
  const timer = setInterval(poll, 50);
  timer.unref();

  const finish = () => {
    if (written) return;
    written = true;
    clearInterval(timer);
    session.post('HeapProfiler.stopSampling', (err, r) => {
      if (err || !r) {
        process.stderr.write(`hotline: heap sampling failed: ${err ? err.message : 'no profile'}\n`);
        return;
      }
      patch(r.profile.head);
      fs.writeFileSync(outPath, JSON.stringify(r.profile));
    });
    session.post('Debugger.disable');
    session.disconnect();
  };
  process.on('exit', finish);
  // Killed on timeout or cancel: keep the partial profile, then die of the same signal.
  for (const sig of ['SIGTERM', 'SIGINT']) {
    process.once(sig, () => {
      finish();
      process.kill(process.pid, sig);
    });
  }
  return poll;
}
