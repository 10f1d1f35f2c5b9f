/** Where the helpers (scripts run inside the user's interpreter: memory, leaks, event loop) live: dist/helpers when bundled, src/helpers from source. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export type MemoryHelper = 'tracemalloc_profile.py' | 'memray_profile.py' | 'leak_finder.py' | 'leak_finder_node.cjs' | 'leak_heapprof_preload.cjs' | 'event_loop_preload.cjs' | 'leak_watch_node.cjs' | 'leak_watch.py';

export function memoryHelperPath(name: MemoryHelper): string {
  const candidates = [
    join(__dirname, 'helpers', name), // dist/cli.js, dist/extension.js
    join(__dirname, '..', 'helpers', name),
    join(__dirname, '..', '..', 'helpers', name), // src/profilers/memory -> src/helpers
    join(__dirname, '..', '..', '..', 'src', 'helpers', name),
  ];
  return candidates.find((c) => existsSync(c)) ?? candidates[0]!;
}
