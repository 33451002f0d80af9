import type { EntityManager } from '@mikro-orm/core';
import type { DateTime } from 'luxon';
import type { Logger } from 'pino';
import type { Clock } from '../../../domain/shared/time';
import type { AppContext } from '../../context';
import { Household } from '../sites/household.entity';
import { AfterSchoolNotification, type IAfterSchoolNotification } from './afterschool.entity';

/** A message to a household, as a channel sends it. */
export interface OutgoingMessage {
  householdId: string;
  subject: string;
  body: string;
}

/**
 * A channel (SMS, WeChat, e-mail): sends one message or throws. The outbox row is written in
 * the transaction that caused it, so a message is never sent for a change that rolled back.
 */
export interface NotificationSender {
  channel: string;
  send(message: OutgoingMessage): Promise<void>;
}

/** The default channel: the message goes to the log, for a site without SMS or WeChat yet. */
export const logSender = (logger: Pick<Logger, 'info'>): NotificationSender => ({
  channel: 'log',
  send: async (m) => logger.info({ householdId: m.householdId, subject: m.subject, body: m.body }, 'after-school notification'),
});

/** A message to the households of a site, queued at the app clock's `now`. */
export interface Notice {
  siteId: string;
  householdIds: Iterable<string>;
  kind: string;
  subject: string;
  body: string;
  now: DateTime;
}

/** Queues a message to each household, in the caller's transaction (one per household); answers how many households it told. */
export function notifyHouseholds(em: EntityManager, { siteId, householdIds, kind, subject, body, now }: Notice): number {
  const households = new Set(householdIds);
  for (const householdId of households) {
    em.create(AfterSchoolNotification, { siteId, householdId, kind, subject, body, channel: 'pending', status: 'pending', attempts: 0, createdAt: now.toJSDate(), sentAt: null });
  }
  return households.size;
}

const GIVE_UP_AFTER = 5;

/**
 * Sends the pending messages through `sender`, oldest first: each is marked sent (with the
 * channel that sent it) or counts a failed attempt, and is given up after five. Answers how many
 * were sent. Several instances may run it: a row is claimed by updating it from pending first.
 */
export async function deliverNotifications(em: EntityManager, sender: NotificationSender, clock: Clock, limit = 100): Promise<number> {
  const pending = await em.find(AfterSchoolNotification, { status: 'pending' }, { orderBy: { createdAt: 'asc', id: 'asc' }, limit });
  let sent = 0;
  for (const n of pending) {
    // The claim: only the instance whose update changes the row sends it.
    const claimed = await em.nativeUpdate(AfterSchoolNotification, { id: n.id, status: 'pending', attempts: n.attempts }, { attempts: n.attempts + 1 });
    if (claimed === 0) continue;
    try {
      await sender.send({ householdId: n.householdId, subject: n.subject, body: n.body });
      await em.nativeUpdate(AfterSchoolNotification, { id: n.id }, { status: 'sent', channel: sender.channel, sentAt: clock.now().toJSDate() });
      sent++;
    } catch {
      if (n.attempts + 1 >= GIVE_UP_AFTER) await em.nativeUpdate(AfterSchoolNotification, { id: n.id }, { status: 'failed', channel: sender.channel });
    }
  }
  return sent;
}

/** The site's outbox, newest first (the latest 200), each with the family's name. */
export async function listNotifications(em: EntityManager, siteId: string) {
  const rows = await em.find(AfterSchoolNotification, { siteId }, { orderBy: { createdAt: 'desc', id: 'desc' }, limit: 200 });
  const households = new Map((await em.find(Household, { id: { $in: [...new Set(rows.map((n) => n.householdId))] } })).map((h) => [h.id, h.name]));
  return rows.map((n) => describeNotification(n, households.get(n.householdId) ?? ''));
}

const describeNotification = (n: IAfterSchoolNotification, householdName: string) => ({
  id: n.id,
  householdId: n.householdId,
  householdName,
  kind: n.kind,
  subject: n.subject,
  body: n.body,
  channel: n.channel,
  status: n.status,
  createdAt: n.createdAt.toISOString(),
  sentAt: n.sentAt?.toISOString() ?? null,
});

export const DELIVER_EVERY_MS = 60 * 1000;

/** Sends the outbox every minute through the log sender (a site plugs in its own channel here), without keeping the process alive. */
export function scheduleNotificationDelivery(context: AppContext, sender: NotificationSender = logSender(context.logger)): () => void {
  const run = () =>
    deliverNotifications(context.orm.em.fork(), sender, context.clock).then(
      (sent) => context.logger.debug({ sent }, 'sent after-school notifications'),
      (err) => context.logger.warn({ err }, 'sending after-school notifications failed'),
    );
  void run();
  const timer = setInterval(() => void run(), DELIVER_EVERY_MS).unref();
  return () => clearInterval(timer);
}
