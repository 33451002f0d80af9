import fc from 'fast-check';

/**
 * Every property of the run draws from one seed, fresh each run and printed once by the global
 * setup (test/global-setup.ts); FC_SEED=<seed> replays a run. A failing property still
 * reports its own seed and path.
 */
const seed = process.env.FC_SEED;
if (seed === undefined) throw new Error('FC_SEED is chosen by test/global-setup.ts: run the tests with jest.config.js');
fc.configureGlobal({ seed: Number(seed) });
