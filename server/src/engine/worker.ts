import { randomUUID } from 'node:crypto';
import { now as clockNow } from '../clock.js';
import { backoffDelay, sendSigned } from '../delivery/index.js';
import type { Job, Store } from '../store/index.js';
import type { Logger, RunExecutor } from './runner.js';
import { fireDueSlots, fireWorkflowError } from './triggers/index.js';

/** A signed notice to a connector app (app/uninstalled, trigger lifecycle), sent through the queue. */
export interface Notice {
  appId: number;
  url: string;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
}

export interface WorkerOptions {
  concurrency: number;
  leaseMs: number;
  pollMs: number;
  timeoutMs: number;
  retryBaseMs: number;
  retryMaxMs: number;
}

const NOTICE_MAX_ATTEMPTS = 12;

/**
 * Claims due jobs with a lease and works them with bounded concurrency. A job
 * whose worker dies is claimed again when its lease expires. New work in this
 * process wakes the loop at once; otherwise it polls and sleeps until the
 * next scheduled job.
 */
export class Worker {
  readonly id = randomUUID();
  private inflight = 0;
  private running = false;
  private looping = false;
  private looped: Promise<void> = Promise.resolve();
  private listening?: Promise<(() => Promise<void>) | undefined>;
  private again = false;
  private timer?: NodeJS.Timeout;
  private idle: Array<() => void> = [];
  private timersAt = -Infinity;

  constructor(
    private readonly store: Store,
    private readonly runs: RunExecutor,
    private readonly options: WorkerOptions,
    private readonly log: Logger,
    private readonly now: () => number = clockNow,
  ) {}

  start(): void {
    this.running = true;
    this.wake();
    this.listening = this.store.onJobsQueued?.(() => this.wake()).catch((err: unknown) => {
      this.log.warn({ err }, 'cannot listen for new jobs; polling only');
      return undefined;
    });
  }

  /** Stops claiming and waits for jobs in flight. */
  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    await (await this.listening)?.();
    // A claim under way finishes first: its jobs then count as in flight.
    await this.looped;
    if (this.inflight > 0) await new Promise<void>((resolve) => this.idle.push(resolve));
  }

  wake(): void {
    if (!this.running) return;
    if (this.looping) {
      this.again = true;
      return;
    }
    this.looping = true;
    this.looped = this.loop();
  }

  private async loop(): Promise<void> {
    try {
      await this.timers();
      do {
        this.again = false;
        const free = this.options.concurrency - this.inflight;
        if (free <= 0 || !this.running) break;
        const jobs = await this.store.claimJobs(this.id, free, this.now(), this.options.leaseMs);
        for (const job of jobs) this.work(job);
        if (jobs.length === free) this.again = true;
      } while (this.again && this.running);
    } catch (err) {
      this.log.error({ err }, 'claiming jobs failed');
    } finally {
      this.looping = false;
    }
    await this.arm();
  }

  /**
   * Runs whose Wait is over get a job, and due schedule slots fire. Both are
   * rows with a time rather than queued jobs, so a 90-day wait holds no lease
   * and the times follow the server's clock. At most once per poll interval.
   */
  private async timers(): Promise<void> {
    const now = this.now();
    if (now - this.timersAt < this.options.pollMs) return;
    this.timersAt = now;
    try {
      await this.store.wakeDueRuns(now, 500);
      await fireDueSlots(this.store, now, (err, schedule) => this.log.error({ err, ...schedule }, 'a schedule slot could not fire'));
    } catch (err) {
      this.log.error({ err }, 'waking waiting runs or firing schedules failed');
    }
  }

  /** Sleeps until the next due job, at most pollMs (other processes may add work). */
  private async arm(): Promise<void> {
    if (!this.running) return;
    clearTimeout(this.timer);
    let delay = this.options.pollMs;
    try {
      const next = await this.store.nextJobAt();
      if (next !== undefined) delay = Math.max(0, Math.min(delay, next - this.now()));
    } catch {
      // keep polling
    }
    this.timer = setTimeout(() => this.wake(), delay);
    this.timer.unref?.();
  }

  private work(job: Job): void {
    this.inflight++;
    const task = job.kind === 'run' ? this.runs.advance(job) : job.kind === 'notice' ? this.sendNotice(job) : this.fireErrorTrigger(job);
    task
      .catch(async (err: unknown) => {
        this.log.error({ err, job }, 'job failed unexpectedly; it will be tried again');
        await this.store.rescheduleJob(job.id, this.now() + backoffDelay(job.attempts, 1000, 60_000)).catch(() => {});
      })
      .finally(() => {
        this.inflight--;
        if (this.inflight === 0) for (const resolve of this.idle.splice(0)) resolve();
        this.wake();
      });
  }

  private async fireErrorTrigger(job: Job): Promise<void> {
    await fireWorkflowError(this.store, job.ref, this.now());
    await this.store.completeJob(job.id);
  }

  private async sendNotice(job: Job): Promise<void> {
    const notice = JSON.parse(job.ref) as Notice;
    const app = await this.store.getApp(notice.appId);
    if (!app) return this.store.completeJob(job.id);
    const result = await sendSigned(notice.url, JSON.stringify(notice.body), app.clientSecret, this.options.timeoutMs, notice.headers);
    if (result.statusCode !== undefined && result.statusCode >= 200 && result.statusCode < 300) {
      return this.store.completeJob(job.id);
    }
    if (job.attempts >= NOTICE_MAX_ATTEMPTS) {
      this.log.warn({ url: notice.url, attempts: job.attempts, status: result.statusCode, error: result.error }, 'notice abandoned');
      return this.store.completeJob(job.id);
    }
    await this.store.rescheduleJob(job.id, this.now() + backoffDelay(job.attempts, this.options.retryBaseMs, this.options.retryMaxMs));
  }
}
