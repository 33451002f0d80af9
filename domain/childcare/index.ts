export * from './classes';
export * from './modes';
export * from './fits';
export * from './projection';
export * from './ratio';
export * from './fees';
export * from './board';
