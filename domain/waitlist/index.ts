export * from './rules';
export * from './validate';
export * from './ranking';
export * from './offers';
