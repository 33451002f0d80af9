import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { startTestApp, TestApp } from '../support/app';

/** A tiny built web app: index.html naming one hashed script, and a favicon. */
function fakeWebDist(): { dir: string; script: string; index: string } {
  const dir = mkdtempSync(join(tmpdir(), 'xfl-web-'));
  mkdirSync(join(dir, 'assets'));
  // Compression skips bodies under 1 KB: the script is well above that.
  const script = `export const words = ${JSON.stringify('幸福里食堂 '.repeat(400))};\n`;
  const index = '<!doctype html><html><head><script type="module" src="/assets/index-AbC123.js"></script></head><body><div id="app"></div></body></html>'.padEnd(2000, ' ');
  writeFileSync(join(dir, 'assets', 'index-AbC123.js'), script);
  writeFileSync(join(dir, 'index.html'), index);
  writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  return { dir, script, index };
}

describe('serving the built web app', () => {
  let t: TestApp;
  let web: ReturnType<typeof fakeWebDist>;
  beforeAll(async () => {
    web = fakeWebDist();
    t = await startTestApp({ config: { webDist: web.dir } });
  });
  afterAll(async () => {
    await t.close();
    rmSync(web.dir, { recursive: true, force: true });
  });

  it('a hashed asset comes gzipped, cached for a year and never revalidated', async () => {
    const res = await request(t.app).get('/assets/index-AbC123.js').set('Accept-Encoding', 'gzip');
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.text).toBe(web.script);
  });

  it('a browser that accepts brotli gets brotli', async () => {
    const res = await request(t.app).get('/assets/index-AbC123.js').set('Accept-Encoding', 'br, gzip');
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
  });

  it('index.html, at / and at any page of the app, is compressed and revalidated on every load', async () => {
    for (const path of ['/', '/canteen?tab=counter', '/index.html']) {
      const res = await request(t.app).get(path).set('Accept-Encoding', 'gzip');
      expect({ path, status: res.status, type: res.headers['content-type'], cache: res.headers['cache-control'], encoding: res.headers['content-encoding'] }).toEqual({
        path,
        status: 200,
        type: expect.stringMatching(/text\/html/),
        cache: 'no-cache',
        encoding: 'gzip',
      });
      expect(res.text).toBe(web.index);
    }
  });

  it('other public files are cached for an hour', async () => {
    const res = await request(t.app).get('/favicon.svg');
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=3600');
  });

  it('an asset that is not there (an older build) is a 404 problem, not index.html', async () => {
    const res = await request(t.app).get('/assets/index-Old999.js');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
  });
});
