export * from './clock';
export * from './errors';
export * from './sessions';
export * from './ratio';
export * from './collection';
export * from './door';
export * from './enrolment';
