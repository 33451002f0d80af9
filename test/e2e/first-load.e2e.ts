/**
 * What a page's first load costs on the wire, from the browser's own network events against
 * the real server (which compresses): the login page and the canteen counter stay within
 * their JavaScript budgets (issue #11), every script and stylesheet comes compressed, hashed
 * assets are cached for a year and index.html is revalidated, and ECharts arrives only with
 * a page that draws a chart, csv-stringify only with an export.
 */
import type { BrowserContext, Page, Response } from 'playwright-core';
import { browserPerTest, dt } from './support/browser';
import { DEMO_PASSWORD } from './support/journey';

const KB = 1024;
const LOGIN_JS_BUDGET = 150 * KB;
const COUNTER_JS_BUDGET = 250 * KB;

/** Text found only in the code of ECharts and of csv-stringify. */
const ECHARTS = 'ECharts is not initialized yet';
const CSV_STRINGIFY = 'CSV_OPTION_ESCAPE_FORMULAS_INVALID_TYPE';

interface Loaded {
  url: string;
  type: string;
  encodedBytes: number;
  encoding: string | undefined;
  cacheControl: string | undefined;
  body: string;
}

/** Records every response the page gets, with its encoded (on-the-wire) body size. */
function recordNetwork(page: Page): { settled(): Promise<Loaded[]> } {
  const responses: Response[] = [];
  page.on('response', (response) => responses.push(response));
  return {
    async settled() {
      await page.waitForLoadState('networkidle');
      return Promise.all(
        responses.map(async (response) => ({
          url: new URL(response.url()).pathname,
          type: response.request().resourceType(),
          encodedBytes: (await response.request().sizes()).responseBodySize,
          encoding: await response.headerValue('content-encoding').then((v) => v ?? undefined),
          cacheControl: await response.headerValue('cache-control').then((v) => v ?? undefined),
          body: ['script', 'document'].includes(response.request().resourceType()) ? await response.text() : '',
        })),
      );
    },
  };
}

const scripts = (loaded: Loaded[]) => loaded.filter((r) => r.type === 'script');
const jsBytes = (loaded: Loaded[]) => scripts(loaded).reduce((sum, r) => sum + r.encodedBytes, 0);
const kb = (bytes: number) => `${(bytes / KB).toFixed(1)} KB`;

/** Signs in through the API (sharing the context's cookies), so the browser's cache stays empty. */
async function signIn(context: BrowserContext, username: string): Promise<void> {
  const csrf = (await (await context.request.get('/api/v1/auth/csrf')).json()) as { csrfToken: string };
  const response = await context.request.post('/api/v1/auth/login', {
    data: { username, password: DEMO_PASSWORD },
    headers: { 'x-csrf-token': csrf.csrfToken },
  });
  if (!response.ok()) throw new Error(`login ${username} answered ${response.status()}`);
}

describe('first load', () => {
  const journey = browserPerTest();

  it('the login page loads within 150 KB of compressed JavaScript, all of it compressed and cached for good', async () => {
    const { page } = journey;
    const network = recordNetwork(page);
    await page.goto('/login');
    await page.locator(dt('login-username')).waitFor();
    const loaded = await network.settled();

    const js = jsBytes(loaded);
    console.log(`[first-load] login: ${kb(js)} of JavaScript in ${scripts(loaded).length} files`);
    expect(js).toBeLessThanOrEqual(LOGIN_JS_BUDGET);

    const assets = loaded.filter((r) => r.url.startsWith('/assets/'));
    expect(assets.length).toBeGreaterThan(0);
    // Tiny files go as they are (compressing under 1 KB gains nothing); everything else compressed.
    expect(assets.filter((r) => r.encodedBytes >= KB && !['gzip', 'br'].includes(r.encoding ?? ''))).toEqual([]);
    expect(assets.filter((r) => r.cacheControl !== 'public, max-age=31536000, immutable')).toEqual([]);
    const document = loaded.find((r) => r.type === 'document');
    expect(document?.cacheControl).toBe('no-cache');
    expect(scripts(loaded).filter((r) => r.body.includes(ECHARTS) || r.body.includes(CSV_STRINGIFY))).toEqual([]);
  });

  it('the counter, opened signed in with an empty cache, loads within 250 KB of compressed JavaScript, without ECharts or csv-stringify', async () => {
    const { page, context } = journey;
    await signIn(context, 'canteen');
    const network = recordNetwork(page);
    await page.goto('/canteen');
    await page.locator(dt('counter-search')).waitFor();
    const loaded = await network.settled();

    const js = jsBytes(loaded);
    console.log(`[first-load] counter: ${kb(js)} of JavaScript in ${scripts(loaded).length} files`);
    expect(js).toBeLessThanOrEqual(COUNTER_JS_BUDGET);
    expect(scripts(loaded).filter((r) => r.body.includes(ECHARTS) || r.body.includes(CSV_STRINGIFY)).map((r) => r.url)).toEqual([]);
  });

  it('ECharts arrives with the cost model tab that draws a chart, and not with the rules a department reads', async () => {
    const { page, context } = journey;
    await signIn(context, 'department');
    const network = recordNetwork(page);
    await page.goto('/costsharing');
    await page.locator(dt('contribution-row')).first().waitFor();
    expect(scripts(await network.settled()).filter((r) => r.body.includes(ECHARTS))).toEqual([]);

    const operator = await journey.browser.newContext({ baseURL: new URL(page.url()).origin });
    try {
      await signIn(operator, 'operator');
      const chartPage = await operator.newPage();
      const chartNetwork = recordNetwork(chartPage);
      await chartPage.goto('/costsharing?tab=model');
      await chartPage.locator(`${dt('shares-chart')} canvas`).first().waitFor();
      expect(scripts(await chartNetwork.settled()).filter((r) => r.body.includes(ECHARTS)).length).toBe(1);
    } finally {
      await operator.close();
    }
  });
});
