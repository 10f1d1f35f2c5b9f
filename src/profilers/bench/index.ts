// Benchmark launchers: find suites, run them with their own tool, run another git ref in a worktree.
export { detectBenchSuites, type BenchSuite } from './detect';
export { benchArgv, BenchRunError, cargoTargetDir, runBenchSuite, withNodeBenchRunner, type BenchRunOptions, type BenchSuiteRun } from './runners';
export { GitRefError, withGitWorktree } from './worktree';
