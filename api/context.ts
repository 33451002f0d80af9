import type { Logger } from 'pino';
import type { Clock } from '../domain/shared/time';
import type { Config } from './config';
import type { ORM } from './db';

/** What every route and service may reach: built once by createApp, never global. */
export interface AppContext {
  orm: ORM;
  config: Config;
  clock: Clock;
  logger: Logger;
}
