// Page-load audits in core (pure): the Lighthouse result, the network waterfall, runs, budgets, output.
export * from './lhr';
export * from './waterfall';
export * from './runs';
export * from './budget';
export * from './lhciAssert';
export * from './longTasks';
export * from './format';
export * from './bundle';
export * from './importNotes';
export * from './bundleView';
export * from './interaction';
