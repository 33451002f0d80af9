import request from 'supertest';
import { startTestApp, TestApp } from '../support/app';

describe('health and readiness', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('GET /api/health answers ok without a database round trip', async () => {
    const res = await request(t.app).get('/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('GET /api/ready answers 200 once migrations are applied', async () => {
    const res = await request(t.app).get('/api/ready');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ready');
  });

  it('GET /api/ready answers 503 when the database is unreachable', async () => {
    const other = await startTestApp();
    await other.orm.close();
    const res = await request(other.app).get('/api/ready');
    expect(res.status).toBe(503);
  });

  it('an unknown API route is a 404 problem, and malformed JSON a 400 naming the body', async () => {
    const missing = await request(t.app).get('/api/v1/nothing-here');
    expect(missing.status).toBe(404);
    expect(missing.headers['content-type']).toMatch(/problem\+json/);
    const agent = request.agent(t.app);
    const { body } = await agent.get('/api/v1/auth/csrf');
    const bad = await agent.post('/api/v1/auth/login').set('x-csrf-token', body.csrfToken).set('content-type', 'application/json').send('{"username":');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('(body)');
  });

  it('serves the OpenAPI 3.1 document and a docs page', async () => {
    const doc = await request(t.app).get('/api/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toBe('3.1.0');
    expect(Object.keys(doc.body.paths)).toContain('/api/v1/auth/login');
    const docs = await request(t.app).get('/api/docs/');
    expect(docs.status).toBe(200);
    expect(docs.text).toMatch(/swagger/i);
  });
});
