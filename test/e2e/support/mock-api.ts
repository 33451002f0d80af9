/**
 * A fake of the auth part of the API contract, installed with Playwright routing, for the
 * web shell's own states (boot failure, CSRF refresh, 429, loading…) that the real server
 * cannot be made to show on demand. Everything else under /api answers 404.
 */
import type { BrowserContext, Route } from 'playwright-core';
import { actionsFor } from '../../../api/auth/permissions';
import type { Role } from '../../../api/auth/roles';

export interface FakeUser {
  id: string;
  username: string;
  displayName: string;
  role: string;
  siteIds: string[];
  departmentCode: string | null;
  householdId: string | null;
  modules: string[];
  /** The actions the role holds, as /auth/me lists them. */
  actions: string[];
}

export interface FakeApi {
  /** Signed-in user of the (single) fake session, or null. */
  user: FakeUser | null;
  csrfToken: string;
  /** The next N `/auth/me` calls answer 500. */
  meFailures: number;
  /** The next N `/auth/login` calls answer 429. */
  loginRateLimited: number;
  /** Delay (ms) before answering `/auth/login`. */
  loginDelayMs: number;
  /** Rotate the CSRF token server-side, so the client's cached one is stale. */
  rotateCsrf(): void;
  /** Every request seen, as `METHOD /path` plus the CSRF header it carried. */
  log: { method: string; path: string; csrf: string | undefined; status: number }[];
}

export const FAKE_PASSWORD = 'xingfuli123';

export function fakeUser(username: string, role: Role, modules: string[], displayName = `演示 ${username}`): FakeUser {
  return { id: `u-${username}`, username, displayName, role, siteIds: ['site-1'], departmentCode: null, householdId: null, modules, actions: actionsFor(role) };
}

const problem = (status: number, type: string, title: string, detail?: string) => ({
  status,
  contentType: 'application/problem+json',
  body: JSON.stringify({ type, title, status, detail }),
});

let tokenCounter = 0;
const newToken = () => `csrf-${++tokenCounter}-${Math.random().toString(36).slice(2)}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function installFakeApi(context: BrowserContext, users: FakeUser[]): Promise<FakeApi> {
  const api: FakeApi = {
    user: null,
    csrfToken: newToken(),
    meFailures: 0,
    loginRateLimited: 0,
    loginDelayMs: 0,
    rotateCsrf() {
      api.csrfToken = newToken();
    },
    log: [],
  };

  const answer = async (route: Route, response: { status: number; contentType?: string; body?: string }) => {
    const request = route.request();
    api.log.push({
      method: request.method(),
      path: new URL(request.url()).pathname,
      csrf: request.headers()['x-csrf-token'],
      status: response.status,
    });
    await route.fulfill(response);
  };
  const json = (status: number, body: unknown) => ({ status, contentType: 'application/json', body: JSON.stringify(body) });

  // Only the API (a glob like **/api/** would also catch Vite dev-server sources such as /src/api/http.ts).
  await context.route((url) => url.pathname.startsWith('/api/'), async (route) => {
    const request = route.request();
    const method = request.method();
    const path = new URL(request.url()).pathname;

    if (method !== 'GET' && request.headers()['x-csrf-token'] !== api.csrfToken) {
      return answer(route, problem(403, 'https://xingfuli.example/problems/csrf', 'Invalid CSRF token'));
    }
    switch (`${method} ${path}`) {
      case 'GET /api/v1/auth/csrf':
        return answer(route, json(200, { csrfToken: api.csrfToken }));
      case 'GET /api/v1/auth/me':
        if (api.meFailures > 0) {
          api.meFailures -= 1;
          return answer(route, problem(500, 'about:blank', 'Internal Server Error'));
        }
        return answer(route, api.user ? json(200, { user: api.user }) : problem(401, 'about:blank', 'Unauthorized'));
      case 'POST /api/v1/auth/login': {
        if (api.loginDelayMs) await sleep(api.loginDelayMs);
        if (api.loginRateLimited > 0) {
          api.loginRateLimited -= 1;
          return answer(route, problem(429, 'about:blank', 'Too Many Requests'));
        }
        const body = (request.postDataJSON() ?? {}) as { username?: string; password?: string };
        const user = users.find((u) => u.username === body.username);
        if (!user || body.password !== FAKE_PASSWORD) {
          return answer(route, problem(401, 'https://xingfuli.example/problems/unauthorized', 'Unauthorized', 'Wrong username or password'));
        }
        api.user = user;
        api.csrfToken = newToken(); // the session is regenerated on login
        return answer(route, json(200, { user, csrfToken: api.csrfToken }));
      }
      case 'POST /api/v1/auth/logout':
        api.user = null;
        api.csrfToken = newToken();
        return answer(route, { status: 204 });
      default:
        return answer(route, problem(404, 'about:blank', 'Not Found'));
    }
  });
  return api;
}
