// Benchmarks in core (pure): model, statistics, significance tests, comparison, baselines, importers, output.
export * from './model';
export * from './statistics';
export * from './significance';
export * from './compare';
export * from './baseline';
export * from './format';
export * from './discovery';
export * from './history';
export { seededRandom } from './rng';
export {
  BENCH_FORMATS,
  importCriterionDir,
  loadBenchRun,
  parseBenchText,
  importCriterionBenchmark,
  importGoBench,
  importPytestBenchmark,
  importTinybench,
} from './importers/index';
