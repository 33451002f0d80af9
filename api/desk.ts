import type { EntityManager } from '@mikro-orm/core';
import type { AppContext } from './context';
import { insertRows, marks, selectRows } from './db';
import { conflict, HttpProblem } from './errors';
import type { TicketTaker } from './http/route';
import type { AnswerKeeper } from './idempotency';
import { IdempotencyRecord } from './idempotency.entity';
import { retryingDeadlocks } from './transaction';

// ── A desk: requests that arrive together, taken in one transaction ──────────────────
// When every request of a rush locks the same rows (a site's funding accounts at lunch), one
// transaction each would queue on those rows, each holding them for its statements and its
// commit. A desk takes the requests that arrive while it is busy together instead: one
// transaction locks what they all touch once, decides each in arrival order against what the
// ones before it did, writes them with one statement per table, and commits once. A request
// that arrives at an idle desk is taken at once, alone. Each request still succeeds or fails on
// its own: a refused one is simply left out of the writes.

/** A module's work at a desk: what one batch locks, how one request is decided, what the batch writes. */
export interface BatchWork<Ticket, State, Done, Answer> {
  /**
   * Takes the batch's locks, in the one order every writer of those rows uses, and only then
   * reads what the decisions depend on: a read that a lock protects comes after that lock.
   */
  lock(tx: EntityManager, tickets: readonly Ticket[]): Promise<State>;
  /**
   * Decides one request against the batch's state, in arrival order, and applies it to the
   * state. Throws an HttpProblem to refuse it, leaving the state exactly as it found it.
   */
  take(state: State, ticket: Ticket, at: Date): { done: Done; answer: Answer };
  /** Writes what the taken requests did: one statement per table, in the batch's transaction. */
  write(tx: EntityManager, state: State, done: readonly Done[], at: Date): Promise<void>;
}

/** The fewest requests worth a batch of their own while another batch is writing. */
const OVERLAP_FROM = 8;
/** One batch deciding while the one before it writes and commits. */
const MOST_RUNNING = 2;

interface Waiting<Ticket, Answer> {
  ticket: Ticket;
  keeper: AnswerKeeper | undefined;
  resolve(answer: Answer): void;
  reject(err: unknown): void;
}

type Outcome<Answer> = { answer: Answer } | { refusal: HttpProblem };

const answerKey = (keeper: AnswerKeeper) => `${keeper.userId}|${keeper.key}`;

/** Idempotency-Keys of the batch already answered (by an earlier request, or one racing it). */
async function answeredKeys(tx: EntityManager, keepers: AnswerKeeper[]): Promise<Set<string>> {
  if (!keepers.length) return new Set();
  const users = [...new Set(keepers.map((k) => k.userId))];
  const keys = [...new Set(keepers.map((k) => k.key))];
  const rows = await selectRows<{ user_id: string; key: string }>(
    tx,
    `select \`user_id\`, \`key\` from \`idempotency_record\` where \`user_id\` in (${marks(users)}) and \`key\` in (${marks(keys)})`,
    [...users, ...keys],
  );
  return new Set(rows.map((r) => `${r.user_id}|${r.key}`));
}

/** One queue per database, so apps on different databases in one process never share one. */
class Queue<Ticket, Answer> {
  private readonly waiting: Waiting<Ticket, Answer>[] = [];
  /** Batches started and not yet committed. */
  private running = 0;
  /** A batch is locking or deciding. */
  private front = false;

  constructor(
    private readonly em: EntityManager,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    private readonly work: BatchWork<Ticket, any, any, Answer>,
    /** More would make statements long without saving round trips worth having (Config.deskBatch). */
    private readonly mostPerBatch: number,
  ) {}

  take(ticket: Ticket, keeper: AnswerKeeper | undefined): Promise<Answer> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ ticket, keeper, resolve, reject });
      this.next();
    });
  }

  private next(): void {
    if (this.front || this.running >= MOST_RUNNING || !this.waiting.length) return;
    // Beside a batch that is writing, a small one would cost a whole transaction for little: it waits to grow.
    if (this.running && this.waiting.length < OVERLAP_FROM) return;
    this.front = true;
    this.running++;
    let decided = false;
    const release = () => {
      if (decided) return;
      decided = true;
      this.front = false;
      this.next();
    };
    void this.serve(this.waiting.splice(0, this.mostPerBatch), release).finally(() => {
      this.running--;
      this.front &&= !decided;
      decided = true;
      this.next();
    });
  }

  /** Takes a batch; `release` lets the next batch start once this one has decided, so its locking overlaps this one's writes. */
  private async serve(batch: Waiting<Ticket, Answer>[], release: () => void): Promise<void> {
    let outcomes: Outcome<Answer>[];
    try {
      outcomes = await takeTogether(this.em.fork(), this.work, batch, release);
    } catch (err) {
      if (batch.length === 1) return batch[0].reject(err);
      // Not a refusal but a failure of the transaction (a key retried from another instance, a
      // lost connection): taken one by one, it fails only the request it belongs to.
      for (const one of batch) await this.serve([one], release);
      return;
    }
    outcomes.forEach((o, i) => ('answer' in o ? batch[i].resolve(o.answer) : batch[i].reject(o.refusal)));
  }
}

async function takeTogether<Ticket, State, Done, Answer>(
  em: EntityManager,
  work: BatchWork<Ticket, State, Done, Answer>,
  batch: Waiting<Ticket, Answer>[],
  decided: () => void,
): Promise<Outcome<Answer>[]> {
  const at = new Date();
  return retryingDeadlocks(em, async (tx) => {
    const state = await work.lock(tx, batch.map((w) => w.ticket));
    const keepers = batch.flatMap((w) => (w.keeper ? [w.keeper] : []));
    const answered = await answeredKeys(tx, keepers);
    const done: Done[] = [];
    const kept: ReturnType<AnswerKeeper['record']>[] = [];
    const outcomes = batch.map(({ ticket, keeper }): Outcome<Answer> => {
      try {
        // The first request with this key has been (or is being) answered: the route replays that answer.
        if (keeper && answered.has(answerKey(keeper))) throw conflict('A request with this Idempotency-Key is being answered; retry it');
        const taken = work.take(state, ticket, at);
        done.push(taken.done);
        if (keeper) {
          answered.add(answerKey(keeper));
          kept.push(keeper.record(taken.answer));
        }
        return { answer: taken.answer };
      } catch (err) {
        if (err instanceof HttpProblem) return { refusal: err };
        throw err;
      }
    });
    decided();
    if (done.length) {
      await work.write(tx, state, done, at);
      // Each answer is kept in the transaction that did its work, by the desk, never by the module.
      await insertRows(tx, IdempotencyRecord, kept);
    }
    return outcomes;
  });
}

/** A desk for one module's work, one queue per database; the route hands it each request with its answer's keeper. */
export class Desk<Ticket, Answer> implements TicketTaker<Ticket, Answer> {
  private readonly queues = new WeakMap<object, Queue<Ticket, Answer>>();

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  constructor(private readonly work: BatchWork<Ticket, any, any, Answer>) {}

  async take(app: AppContext, em: EntityManager, ticket: Ticket, keeper: AnswerKeeper | undefined): Promise<Answer> {
    if (app.config.deskBatch === 1) {
      // No desk: one transaction per request, as many at once as the pool allows.
      const [outcome] = await takeTogether(em.fork(), this.work, [{ ticket, keeper, resolve: () => {}, reject: () => {} }], () => {});
      if ('refusal' in outcome) throw outcome.refusal;
      return outcome.answer;
    }
    let queue = this.queues.get(em.config);
    if (!queue) this.queues.set(em.config, (queue = new Queue(em.fork(), this.work, app.config.deskBatch)));
    return queue.take(ticket, keeper);
  }
}
