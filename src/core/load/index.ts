export * from './result';
export * from './compare';
export * from './target';
export * from './format';
