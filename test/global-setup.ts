import { randomInt } from 'node:crypto';
import apiDatabases from './api/global-setup';

/**
 * Once per run, before the workers start (they inherit the environment set here): the
 * property tests' seed, and the API tests' databases.
 */
export default async function globalSetup(): Promise<void> {
  const given = process.env.FC_SEED;
  if (given !== undefined && !/^-?\d+$/.test(given)) throw new Error(`FC_SEED must be a whole number, got ${given}`);
  process.env.FC_SEED = given ?? String(randomInt(2 ** 31 - 1));
  console.log(`\nfast-check seed ${process.env.FC_SEED}${given === undefined ? ` (replay this run with FC_SEED=${process.env.FC_SEED})` : ' (from FC_SEED)'}`);
  await apiDatabases();
}
