export * from './errors';
export * from './assessment';
export * from './leave';
export * from './care-levels';
export * from './beds';
export * from './admission';
export * from './occupancy';
export * from './vocabulary';
