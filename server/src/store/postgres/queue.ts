/**
 * The job queue on PostgreSQL: pg-boss 10 (chosen by measurement, see
 * bench/queue-compare/README.md), in its own schema beside Switchboard's
 * tables. Every call takes the connection to run on, so a job is enqueued,
 * completed or moved in the same transaction as the rows it advances.
 *
 * How the Store's lease maps onto pg-boss: a claim is pg-boss's `fetch`
 * (state `active`, SKIP LOCKED) and the lease is the job's `expire_in`
 * counted from `started_on`; pg-boss's maintenance turns an expired active
 * job back into a due one (state `retry`, same id), which another worker
 * then claims. Two statements are ours, on pg-boss's job table and nothing
 * else: setting `expire_in` to the claim's lease, and restarting the clock
 * when the lease is extended (pg-boss 10 has no API for either).
 * Rescheduling is delete + send in one transaction (pg-boss has no "run
 * this job again at T"), so a rescheduled job gets a new id; the attempts
 * made so far travel in its data.
 */
import { now as clockNow } from '../../clock.js';
import PgBoss from 'pg-boss';
import type pg from 'pg';
import type { Job, JobKind, Millis } from '../types.js';

/** Where a query runs: the pool, or a client inside a transaction. */
export type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

interface JobData {
  kind: JobKind;
  ref: string;
  /** Attempts made before this pg-boss job existed (carried across reschedules). */
  before?: number;
}

const QUEUE = 'switchboard-jobs';
// Expiry is a retry in pg-boss's terms: a job must never run out of them.
const RETRY_LIMIT = 1_000_000_000;
// Unclaimed jobs are dropped by pg-boss after their retention; waits last up to 90 days.
const RETENTION_MINUTES = 10 * 365 * 24 * 60;

export interface QueueOptions {
  /** pg-boss's schema. */
  schema: string;
  /** How often a lapsed lease is noticed (pg-boss maintenance); at least 1 s. */
  maintenanceIntervalSeconds: number;
  onError(err: Error): void;
}

const executor = (db: Queryable): PgBoss.Db => ({
  executeSql: (text, values) => db.query(text, values),
});

export class JobQueue {
  private constructor(
    private readonly boss: PgBoss,
    private readonly jobTable: string,
    /** NOTIFY channel: workers LISTEN on it, so a job queued by a web process is taken at once, not at the next poll. */
    readonly channel: string,
  ) {}

  /** Installs or upgrades pg-boss's schema and the queue; run under the migration lock. */
  static async open(pool: pg.Pool, options: QueueOptions): Promise<JobQueue> {
    const boss = new PgBoss({
      db: executor(pool),
      schema: options.schema,
      migrate: true,
      supervise: true,
      schedule: false,
      maintenanceIntervalSeconds: options.maintenanceIntervalSeconds,
    });
    boss.on('error', options.onError);
    await boss.start();
    try {
      if (!(await boss.getQueue(QUEUE))) {
        await boss.createQueue(QUEUE, { name: QUEUE, policy: 'standard', retryLimit: RETRY_LIMIT, retryDelay: 0, retryBackoff: false, retentionMinutes: RETENTION_MINUTES });
      }
    } catch (err) {
      // Its maintenance timer is running: stop it, or the process would never exit.
      await boss.stop({ graceful: false, close: false, wait: true });
      throw err;
    }
    return new JobQueue(boss, `${options.schema}.job`, `${options.schema}_jobs`.slice(0, 63));
  }

  async close(): Promise<void> {
    await this.boss.stop({ graceful: false, close: false, wait: true });
  }

  async enqueue(db: Queryable, jobs: Array<{ kind: JobKind; ref: string; runAt: Millis; before?: number }>): Promise<void> {
    if (!jobs.length) return;
    // Due times are on the server's clock (which tests move forward); pg-boss compares
    // them with the database's, so they are sent as the same distance from real time.
    const skew = clockNow() - Date.now();
    const rows = jobs.map((j) => ({
      name: QUEUE,
      data: { kind: j.kind, ref: j.ref, ...(j.before ? { before: j.before } : {}) } satisfies JobData,
      startAfter: new Date(j.runAt - skew).toISOString(),
    }));
    await this.boss.insert(rows, { db: executor(db) });
    // Sent at commit, once per transaction however many jobs; not for jobs due later (the poll finds those).
    if (jobs.some((j) => j.runAt <= clockNow() + 1000)) await db.query('SELECT pg_notify($1, $2)', [this.channel, '']);
  }

  /** Claims up to `limit` due jobs with a lease of `leaseMs`, in one transaction on `client`. */
  async claim(client: pg.PoolClient, limit: number, leaseMs: number): Promise<Job[]> {
    const fetched = await this.boss.fetch<JobData>(QUEUE, { batchSize: limit, includeMetadata: true, priority: false, db: executor(client) });
    if (!fetched.length) return [];
    await client.query(`UPDATE ${this.jobTable} SET expire_in = $3 * interval '1 millisecond' WHERE name = $1 AND id = ANY($2::uuid[])`, [
      QUEUE,
      fetched.map((j) => j.id),
      leaseMs,
    ]);
    return fetched.map((j) => ({
      id: j.id,
      kind: j.data.kind,
      ref: j.data.ref,
      runAt: j.startAfter.getTime() + (clockNow() - Date.now()),
      attempts: (j.data.before ?? 0) + j.retryCount + 1,
    }));
  }

  async complete(db: Queryable, id: string): Promise<void> {
    await this.boss.deleteJob(QUEUE, id, { db: executor(db) });
  }

  /** Moves the job to `runAt`; `client` must be inside a transaction. A job already gone stays gone. */
  async reschedule(client: pg.PoolClient, id: string, runAt: Millis): Promise<void> {
    const job = await this.boss.getJobById<JobData>(QUEUE, id, { db: executor(client), includeArchive: false });
    if (!job) return;
    const { affected } = (await this.boss.deleteJob(QUEUE, id, { db: executor(client) })) as unknown as { affected: number };
    if (affected === 0) return;
    const before = (job.data.before ?? 0) + job.retryCount + (job.startedOn ? 1 : 0);
    await this.enqueue(client, [{ kind: job.data.kind, ref: job.data.ref, runAt, before }]);
  }

  /** Restarts the lease of a job still held: `leaseMs` from now. */
  async extendLease(db: Queryable, id: string, leaseMs: number): Promise<void> {
    await db.query(`UPDATE ${this.jobTable} SET started_on = now(), expire_in = $3 * interval '1 millisecond' WHERE name = $1 AND id = $2 AND state = 'active'`, [QUEUE, id, leaseMs]);
  }

  /** Earliest start of a job waiting to be claimed (pg-boss's fetch index covers it). */
  async nextJobAt(db: Queryable): Promise<Millis | undefined> {
    const { rows } = await db.query<{ t: Date | null }>(`SELECT min(start_after) AS t FROM ${this.jobTable} WHERE name = $1 AND state < 'active'`, [QUEUE]);
    const t = rows[0]?.t?.getTime();
    return t === undefined ? undefined : t + (clockNow() - Date.now());
  }
}
