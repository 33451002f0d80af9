export * from './errors';
export * from './assessment';
export * from './leave';
