// Page-load audits: Lighthouse in Hotline's own headless Chromium, and the page's server command.
export { runLighthouse, type LighthouseOptions } from './lighthouse';
export { startServer, startWorkspaceServer, type RunningServer } from './server';
export { portOpen } from '../ports';
export { findChromium, findLighthouse, LIGHTHOUSE_VERSION } from './tools';
export { PageInputError } from './errors';
export { recordPageCpuProfile, type PageCpuProfile } from './pageCpuProfile';
export { pageBundles, scriptUrls } from './bundles';
export { recordPageInteraction, partialTraceFile, type RecordedInteraction, type InteractionOptions } from './interaction';
