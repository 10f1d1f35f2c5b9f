/**
 * Every command Hotline registers, by area. No `vscode` import, so a unit test checks these lists
 * against package.json's contributes; each area's table is typed against its list.
 */
export const COMMAND_IDS = {
  profiles: [
    'hotline.openProfile',
    'hotline.showFlameGraph',
    'hotline.toggleAnnotations',
    'hotline.switchProfile',
    'hotline.clearActiveProfile',
    'hotline.compareProfiles',
    'hotline.revealInFlameGraph',
    'hotline.profiles.open',
    'hotline.profiles.activate',
    'hotline.profiles.rename',
    'hotline.profiles.delete',
    'hotline.profiles.compareWith',
    'hotline.profiles.revealFile',
    'hotline.profiles.refresh',
  ],
  run: [
    'hotline.profileCurrentFile',
    'hotline.measureAgain',
    'hotline.profileWithLaunchConfig',
    'hotline.attachToProcess',
    'hotline.attachGoPprof',
    'hotline.whatIsSlow',
  ],
  antiPatterns: ['hotline.showHotAntiPatterns', 'hotline.refreshHotAntiPatterns', 'hotline.afterQuickFix'],
  log: ['hotline.showLog'],
  bench: ['hotline.bench.run', 'hotline.bench.profile', 'hotline.bench.compareWithBaseline', 'hotline.bench.saveBaseline', 'hotline.bench.showResults'],
  memory: ['hotline.memory.findLeaks', 'hotline.memory.profileAllocations'],
  page: ['hotline.page.audit', 'hotline.page.profileLoad', 'hotline.page.recordInteraction', 'hotline.page.findMemoryLeaks'],
  traces: ['hotline.traces.showFromZipkin', 'hotline.traces.openFile', 'hotline.traces.setZipkinAuth'],
  load: ['hotline.load.profileService', 'hotline.load.traceService'],
  longRunning: ['hotline.longRunning.eventLoopLag'],
  liveTop: ['hotline.liveTop.show'],
} as const;

export type CommandArea = keyof typeof COMMAND_IDS;
export type CommandId<A extends CommandArea = CommandArea> = (typeof COMMAND_IDS)[A][number];

/** The language server attaches this to quick fixes on hot lines (arguments: document URI, rule id). */
export const AFTER_QUICK_FIX_COMMAND = 'hotline.afterQuickFix' satisfies CommandId<'antiPatterns'>;

/** Registered but not in contributes.commands: nobody picks them from a menu or the palette. */
export const INTERNAL_COMMANDS: readonly CommandId[] = [AFTER_QUICK_FIX_COMMAND];

/** Handlers take whatever VS Code passes (URIs, tree items, link arguments). */
export type CommandHandler = (...args: never[]) => unknown;
/** One area's commands: exactly the ids of its list, each with its handler. */
export type CommandTable<A extends CommandArea> = Record<CommandId<A>, CommandHandler>;
/** Every area's table: activate() registers them all in one loop. */
export type CommandTables = { [A in CommandArea]: CommandTable<A> };
