import express from 'express';
import pino from 'pino';
import request from 'supertest';
import { AuditEntry } from '../../../api/audit/audit-entry.entity';
import type { AuthUser } from '../../../api/auth/auth-user';
import { errorHandler } from '../../../api/errors';
import { mountRoute, route } from '../../../api/http/route';
import { scope } from '../../../api/http/scope';
import { z } from '../../../api/openapi';
import { systemClock } from '../../../domain/shared/time';
import { startTestApp, TestApp } from '../support/app';
import { unique } from '../support/factories';

/**
 * The route mechanism itself, on routes made for the test: the transaction a route opens, the
 * answer it keeps under an Idempotency-Key, the scope it checks before validation, and the
 * response schema it holds every answer to under test.
 */
describe('a route: its transaction, its kept answer, its scope and its documented answer', () => {
  let t: TestApp;
  const siteId = unique('route-site');
  const user: AuthUser = { id: unique('route-user'), username: 'route', displayName: '路由', role: 'operator_admin', siteIds: [siteId], departmentId: null, householdId: null };
  const auditsOf = (subjectId: string) => t.orm.em.fork().count(AuditEntry, { subjectId });

  const write = route({
    method: 'post',
    path: '/notes',
    action: 'audit.read',
    scope: scope.bodySite,
    idempotent: true,
    tag: 'test',
    summary: 'writes an audit entry, then fails when asked to',
    body: z.object({ siteId: z.string(), subject: z.string().min(1), fail: z.boolean().optional() }),
    response: z.object({ id: z.string(), subject: z.string() }),
    status: 201,
    handler: async ({ em, body }) => {
      const entry = em.create(AuditEntry, { actorId: user.id, action: 'test.note', subjectType: 'note', subjectId: body.subject, siteId: body.siteId, detail: null });
      await em.flush();
      if (body.fail) throw new Error('after the write');
      return { id: entry.id, subject: body.subject };
    },
  });
  const tooMuch = route({
    method: 'get',
    path: '/too-much',
    action: 'audit.read',
    scope: scope.querySite,
    tag: 'test',
    summary: 'answers a field its schema does not document',
    query: z.object({ siteId: z.string() }),
    response: z.object({ ok: z.boolean() }),
    handler: async () => ({ ok: true, secret: 'not documented' }) as { ok: boolean },
  });
  const ofEntry = route({
    method: 'post',
    path: '/entries/:entryId',
    action: 'audit.read',
    scope: scope.record<{ entryId: string }, unknown, unknown>(AuditEntry, 'Entry', ({ params }) => params.entryId),
    tag: 'test',
    summary: 'a record route with a strict body',
    params: z.object({ entryId: z.string() }),
    body: z.object({ needed: z.string() }),
    response: z.object({ siteId: z.string().nullable() }),
    handler: async ({ scope }) => ({ siteId: scope.siteId }),
  });

  let app: express.Express;
  beforeAll(async () => {
    t = await startTestApp();
    app = express();
    app.use(express.json());
    app.use((req, _res, next) => {
      req.user = user;
      next();
    });
    const router = express.Router();
    for (const spec of [write, tooMuch, ofEntry]) mountRoute(router, { orm: t.orm, config: t.config, clock: systemClock, logger: pino({ level: 'silent' }) }, spec);
    app.use(router);
    app.use(errorHandler(pino({ level: 'silent' })));
  });
  afterAll(() => t.close());

  it('keeps the answer with the work: a retry with the key replays it and writes nothing more', async () => {
    const subject = unique('kept');
    const first = await request(app).post('/notes').set('Idempotency-Key', subject).send({ siteId, subject });
    const again = await request(app).post('/notes').set('Idempotency-Key', subject).send({ subject, siteId });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await auditsOf(subject)).toBe(1);
  });

  it('rolls the work back when the handler fails after writing, and leaves the key free for a real retry', async () => {
    const subject = unique('failed');
    expect((await request(app).post('/notes').set('Idempotency-Key', subject).send({ siteId, subject, fail: true })).status).toBe(500);
    expect(await auditsOf(subject)).toBe(0);
    const retried = await request(app).post('/notes').set('Idempotency-Key', subject).send({ siteId, subject });
    expect(retried.status).toBe(201);
    expect(retried.headers['idempotent-replayed']).toBeUndefined();
    expect(await auditsOf(subject)).toBe(1);
  });

  it('answers 409 naming the key when it is reused for another request, and writes nothing', async () => {
    const subject = unique('reused');
    await request(app).post('/notes').set('Idempotency-Key', subject).send({ siteId, subject });
    const other = await request(app).post('/notes').set('Idempotency-Key', subject).send({ siteId, subject: `${subject}-other` });
    expect(other.status).toBe(409);
    expect(other.body.errors).toEqual([expect.objectContaining({ field: 'header.Idempotency-Key', code: 'key_reused' })]);
    expect(await auditsOf(`${subject}-other`)).toBe(0);
  });

  it('under test, an answer with a field its schema does not document fails loudly (outside tests it is sent)', async () => {
    expect((await request(app).get(`/too-much?siteId=${siteId}`)).status).toBe(500);
    const live = express();
    live.use((req, _res, next) => {
      req.user = user;
      next();
    });
    const router = express.Router();
    mountRoute(router, { orm: t.orm, config: { ...t.config, checkAnswers: false }, clock: systemClock, logger: pino({ level: 'silent' }) }, tooMuch);
    live.use(router);
    expect((await request(live).get(`/too-much?siteId=${siteId}`)).body).toEqual({ ok: true, secret: 'not documented' });
  });

  it('checks the scope before validation: a record of another site is 404 whatever the body, one of its own site is validated', async () => {
    const em = t.orm.em.fork();
    const mine = em.create(AuditEntry, { actorId: null, action: 'test.entry', subjectType: 'entry', subjectId: null, siteId, detail: null });
    const theirs = em.create(AuditEntry, { actorId: null, action: 'test.entry', subjectType: 'entry', subjectId: null, siteId: unique('elsewhere'), detail: null });
    await em.flush();
    expect((await request(app).post(`/entries/${theirs.id}`).send({})).status).toBe(404);
    expect((await request(app).post('/entries/no-such-entry').send({})).status).toBe(404);
    const invalid = await request(app).post(`/entries/${mine.id}`).send({});
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors[0].field).toBe('needed');
    expect((await request(app).post(`/entries/${mine.id}`).send({ needed: 'x' })).body).toEqual({ siteId });
  });
});
