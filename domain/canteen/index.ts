export * from './tier';
export * from './meals';
export * from './ordering';
export * from './search';
export * from './reports';
export * from './vocabulary';
export * from './cutoffs';
