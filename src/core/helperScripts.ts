/**
 * Hotline's own scripts, run inside the user's interpreter around their code. They ship in
 * dist/helpers: src/helpers copied by the build, plus benchTinybench.mjs, which the build copies
 * from node_modules/tinybench. Frames in them are library code, not the user's.
 */
export const HELPER_SCRIPTS = [
  'asyncio_slow_callbacks.py',
  'autocannon_runner.cjs',
  'benchNode.mjs',
  'benchTinybench.mjs',
  'event_loop_preload.cjs',
  'event_loop_recorder.cjs',
  'hotline_program.py',
  'leak_finder.py',
  'leak_finder_node.cjs',
  'leak_heapprof_preload.cjs',
  'leak_watch.py',
  'leak_watch_node.cjs',
  'memray_profile.py',
  'otel_node_preload.cjs',
  'pstats_to_json.py',
  'tracemalloc_profile.py',
] as const;

export type HelperScript = (typeof HELPER_SCRIPTS)[number];

/** Written by the build from node_modules, not kept in src/helpers. */
export const BUILD_COPIED_HELPERS: readonly HelperScript[] = ['benchTinybench.mjs'];
