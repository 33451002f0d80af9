export * from './errors';
export * from './assessment';
