import { defineEntity, InferEntity } from '@mikro-orm/core';

/** express-session rows: sessions live in the database so app instances stay stateless. */
export const Session = defineEntity({
  name: 'Session',
  tableName: 'session',
  properties: (p) => ({
    sid: p.string().length(128).primary(),
    data: p.text(),
    expiresAt: p.datetime().index(),
  }),
});
export type ISession = InferEntity<typeof Session>;
