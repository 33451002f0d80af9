import type { Express } from 'express';
import request from 'supertest';
import { createApp } from '../../../api/app';
import { Config, loadConfig } from '../../../api/config';
import { initORM, ORM } from '../../../api/db';
import { Clock, systemClock } from '../../../domain/shared/time';
import { testDatabase } from './database';

export interface TestApp {
  app: Express;
  orm: ORM;
  config: Config;
  close(): Promise<void>;
}

/** The real bootstrap (config, migrations, middleware order) on this worker's test database. */
export async function startTestApp(options: { clock?: Clock; config?: Partial<Config>; env?: NodeJS.ProcessEnv } = {}): Promise<TestApp> {
  const config = loadConfig({ NODE_ENV: 'test', LOGIN_RATE_LIMIT: '1000', ...options.env }, { database: testDatabase(), ...options.config });
  const orm = await initORM(config.database);
  const { app } = createApp(orm, config, options.clock ?? systemClock);
  return { app, orm, config, close: () => orm.close() };
}

/** A logged-in browser-like client: keeps the session cookie and sends the CSRF token on writes. */
export class Client {
  private constructor(
    readonly agent: ReturnType<typeof request.agent>,
    private csrfToken: string,
  ) {}

  static async anonymous(app: Express): Promise<Client> {
    const agent = request.agent(app);
    const res = await agent.get('/api/v1/auth/csrf').expect(200);
    return new Client(agent, res.body.csrfToken);
  }

  static async login(app: Express, username: string, password = TEST_PASSWORD): Promise<Client> {
    const client = await Client.anonymous(app);
    const res = await client.post('/api/v1/auth/login', { username, password });
    if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
    client.csrfToken = res.body.csrfToken;
    return client;
  }

  get(path: string) {
    return this.agent.get(path);
  }
  post(path: string, body?: object, headers: Record<string, string> = {}) {
    return this.agent.post(path).set({ 'x-csrf-token': this.csrfToken, ...headers }).send(body);
  }
  put(path: string, body?: object) {
    return this.agent.put(path).set('x-csrf-token', this.csrfToken).send(body);
  }
  patch(path: string, body?: object) {
    return this.agent.patch(path).set('x-csrf-token', this.csrfToken).send(body);
  }
  delete(path: string) {
    return this.agent.delete(path).set('x-csrf-token', this.csrfToken);
  }
}

export const TEST_PASSWORD = 'test-password-1';

/** One login attempt from a fresh browser at address `from` (the app must trust X-Forwarded-For from loopback). */
export async function loginFrom(app: Express, from: string, username: string, password: string) {
  return (await Client.anonymous(app)).post('/api/v1/auth/login', { username, password }, { 'x-forwarded-for': from });
}
