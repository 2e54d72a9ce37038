/**
 * Advances runs. A run is a durable state machine: its position in the step
 * tree (a stack of frames), each step's output, and the action being
 * delivered are stored before every side effect, so a run resumes after a
 * crash at the step where it stopped, pauses on a 202 or a retry, and later
 * steps (wait, for each) fit as new frame kinds.
 */
import type { ManifestField } from '@switchboard/sdk/manifest';
import { now as clockNow } from '../clock.js';
import { backoffDelay, sendSigned, type SendResult } from '../delivery/index.js';
import { actionRunId, type Delivery, type Job, type Run, type RunProgress, type RunStep, type Shop, type Store } from '../store/index.js';
import { getDataOutput, shownGetDataOutput, StepError, type Catalog, type ShopData } from './catalog.js';
import { CompiledCache, compileWorkflow, type CompiledStep, type CompiledWorkflow } from './compile.js';
import type { WorkflowDefinition } from './definition.js';
import type { TemplateEngine } from './liquid.js';
import { runData } from './run-data.js';
import { coerceField } from './coerce.js';
import { readPath } from './data-schema.js';
import { runCode } from './sandbox/index.js';

/** A position in a block of steps; a For each's body frame also says which item it is on. */
export interface Frame {
  block: string;
  index: number;
  each?: { stepId: string; list: string; item: number; count: number };
}

export interface RunState {
  frames: Frame[];
  outputs: Record<string, unknown>;
  /** Next step record number. */
  seq: number;
  /** Actions completed, to tell "succeeded" from "succeeded without actions". */
  actions: number;
  /** The action whose delivery is in flight or waiting for its next attempt. */
  pending?: { stepId: string; deliveryId: string; seq: number; startedAt: number };
  /** The Wait step the run is paused on. */
  waiting?: { stepId: string; seq: number; startedAt: number; until: number };
  /** A step being retried after a passing failure (Get data throttled): attempts so far and its deadline. */
  retrying?: { stepId: string; attempts: number; deadlineAt: number };
  /** Steps that failed inside a For each, where the run went on with the next item. */
  errors?: number;
}

export interface RunnerOptions {
  timeoutMs: number;
  deadlineMs: number;
  retryBaseMs: number;
  retryMaxMs: number;
  leaseMs: number;
}

export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** Delivery URL of Switchboard's own actions: `builtin:<app>/<handle>`. */
export const BUILTIN = 'builtin:';

const FINAL = new Set(['succeeded', 'succeeded_no_actions', 'has_errors', 'failed', 'skipped', 'cancelled']);

/** The most items a For each runs over (Flow stops at 100). */
export const FOR_EACH_MAX_ITEMS = 10_000;

/** A loop without actions still stores its position this often, so a crash resumes near where it stopped. */
const CHECKPOINT_MS = 1000;

/**
 * A delivery may be sent before it is stored only while the job's lease
 * still covers a whole attempt and this much more.
 */
const LEASE_MARGIN_MS = 5000;

/** Handle of the Shopify built-in action the Admin API request step sends through. */
export const ADMIN_API_ACTION = 'admin_api_request';

export class RunExecutor {
  private readonly compiled = new CompiledCache();
  private readonly shops = new Map<number, Shop>();

  constructor(
    private readonly store: Store,
    private readonly catalog: Catalog,
    private readonly templates: TemplateEngine,
    private readonly options: RunnerOptions,
    private readonly log: Logger,
    private readonly now: () => number = clockNow,
    private readonly shopData?: ShopData,
  ) {}

  async advance(job: Job): Promise<void> {
    const run = await this.store.getRun(job.ref);
    if (!run || FINAL.has(run.status)) {
      await this.store.completeJob(job.id);
      return;
    }
    const [event, shop, workflow] = await Promise.all([
      this.store.getEvent(run.eventId),
      this.shop(run.shopId),
      this.workflow(run.workflowId, run.workflowVersion),
    ]);
    if (!event || !shop || !workflow) {
      await this.finish(run, job, initialState(), [], 'failed', 'the run lost its event, shop or workflow version');
      return;
    }
    if (run.state === undefined && workflow.organizationId !== undefined) {
      const missing = await this.missingApps(workflow, shop.id);
      if (missing.length) {
        await this.finish(run, job, initialState(), [], 'skipped', `Not run in ${shop.domain}: ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} not installed there`);
        return;
      }
    }
    const state = (run.state as RunState | undefined) ?? initialState();
    await new RunPass(this, run, job, state, workflow, runData({
      payload: event.payload,
      shop: { id: shop.id, domain: shop.domain, name: shop.name },
      event: { id: event.id, receivedAt: event.receivedAt },
      outputs: state.outputs,
    }), shop).execute();
  }

  // Internals shared with RunPass.
  get deps() {
    return { store: this.store, catalog: this.catalog, templates: this.templates, options: this.options, log: this.log, now: this.now, shopData: this.shopData };
  }

  async finish(run: Run, job: Job, state: RunState, steps: RunStep[], status: Run['status'], error?: string, extra: Partial<RunProgress> = {}): Promise<void> {
    await this.store.saveRunProgress({
      runId: run.id,
      status,
      state,
      error: error ?? null,
      finished: true,
      steps,
      job: { id: job.id, complete: true },
      enqueue: status === 'failed' ? [errorEventJob(run.id, this.now())] : undefined,
      ...extra,
    });
  }

  /** Names of the apps an organization workflow uses that the shop has not installed. */
  private async missingApps(workflow: CompiledWorkflow, shopId: number): Promise<string[]> {
    const missing: string[] = [];
    for (const app of workflow.apps) {
      if (!(await this.catalog.isInstalled(app, shopId))) missing.push(await this.catalog.appName(app));
    }
    return missing;
  }

  private async shop(id: number): Promise<Shop | undefined> {
    let shop = this.shops.get(id);
    if (!shop) {
      shop = await this.store.getShop(id);
      if (shop) this.shops.set(id, shop);
    }
    return shop;
  }

  private async workflow(id: number, version: number): Promise<CompiledWorkflow | undefined> {
    const key = `${id}:${version}`;
    let compiled = this.compiled.get(key);
    if (!compiled) {
      const [v, wf] = await Promise.all([this.store.getWorkflowVersion(id, version), this.store.getWorkflow(id)]);
      if (!v) return undefined;
      compiled = compileWorkflow(v.definition as WorkflowDefinition, this.templates);
      compiled.organizationId = wf?.organizationId;
      this.compiled.set(key, compiled);
    }
    return compiled;
  }
}

function initialState(): RunState {
  return { frames: [{ block: 'root', index: 0 }], outputs: {}, seq: 0, actions: 0 };
}

/** One pass over a run, from where it stands until it finishes or must wait. */
class RunPass {
  private steps: RunStep[] = [];
  /** A delivery outcome not yet written; it rides along with the next write. */
  private carry: Pick<RunProgress, 'newDelivery' | 'deliveryUpdate' | 'attempt'> = {};
  /** When this pass began: its job was claimed (leased) just before. */
  private readonly startedAt: number;
  /** The payload's own `item` and `index`, which a For each shadows while it runs. */
  private readonly outside: Record<string, unknown>;

  constructor(
    private readonly executor: RunExecutor,
    private readonly run: Run,
    private readonly job: Job,
    private readonly state: RunState,
    private readonly workflow: CompiledWorkflow,
    private readonly data: Record<string, unknown>,
    private readonly shop: Shop,
  ) {
    this.outside = Object.fromEntries((['item', 'index'] as const).filter((k) => k in data).map((k) => [k, data[k]]));
    this.startedAt = this.d.now();
  }

  private get d() {
    return this.executor.deps;
  }

  async execute(): Promise<void> {
    if (this.state.waiting) {
      const w = this.state.waiting;
      // Woken early (a duplicate job): wait on.
      if (this.d.now() < w.until) return this.pause(w.until);
      this.record({ stepId: w.stepId, kind: 'wait', status: 'succeeded', input: { until: new Date(w.until).toISOString() }, output: { resumed_at: new Date(this.d.now()).toISOString() }, startedAt: w.startedAt, finishedAt: this.d.now() }, w.seq);
      delete this.state.waiting;
    }
    this.syncLoopVariables();
    if (this.state.pending) {
      const pending = this.state.pending;
      const delivery = await this.d.store.getDelivery(pending.deliveryId);
      if (!delivery) return this.fail(`the delivery of step "${pending.stepId}" is missing`);
      if (delivery.status === 'failed') {
        if (!(await this.stepFailed(delivery.lastError ?? 'the action failed'))) return;
      } else if (!(await this.attempt(delivery))) return;
    }
    let lastWrite = this.d.now();
    for (;;) {
      const frame = this.state.frames.at(-1);
      if (!frame) return this.complete();
      const block = this.workflow.blocks.get(frame.block) ?? [];
      const step = block[frame.index];
      if (!step) {
        if (frame.each && frame.each.item + 1 < frame.each.count) {
          // Next item: the position is stored at least every CHECKPOINT_MS, and with every action.
          frame.each.item++;
          frame.index = 0;
          this.syncLoopVariables();
          if (this.d.now() - lastWrite >= CHECKPOINT_MS) {
            await this.write({ status: 'running', job: { id: this.job.id, extendLeaseMs: this.d.options.leaseMs } });
            lastWrite = this.d.now();
          }
          continue;
        }
        this.state.frames.pop();
        this.syncLoopVariables();
        continue;
      }
      frame.index++;
      let goOn = true;
      switch (step.type) {
        case 'condition':
          this.evaluate(step);
          break;
        case 'action':
          goOn = await this.startAction(step.id, step.app, step.handle, (fields) => this.render(step, fields));
          lastWrite = this.d.now();
          break;
        case 'admin_api':
          goOn = await this.startAction(step.id, 'shopify', ADMIN_API_ACTION, async () => ({
            mutation: step.mutation,
            variables: await this.d.templates.render(step.variables, this.data),
          }));
          lastWrite = this.d.now();
          break;
        case 'wait':
          return this.startWait(step);
        case 'for_each':
          goOn = await this.startLoop(step);
          break;
        case 'log':
          goOn = await this.writeLog(step);
          break;
        case 'get_data':
          goOn = await this.getData(step, frame);
          break;
        case 'run_code':
          goOn = await this.runCode(step);
          break;
      }
      if (!goOn) return;
    }
  }

  /**
   * Sets `item` and `index` to the innermost For each's current item; outside
   * loops they are what the trigger's payload says (a field may be named so).
   */
  private syncLoopVariables(): void {
    const loop = [...this.state.frames].reverse().find((f) => f.each)?.each;
    if (!loop) {
      for (const name of ['item', 'index'] as const) {
        if (name in this.outside) this.data[name] = this.outside[name];
        else delete this.data[name];
      }
      return;
    }
    const list = readPath(this.data, loop.list);
    this.data.item = Array.isArray(list) ? list[loop.item] : undefined;
    this.data.index = loop.item;
  }

  private async startWait(step: Extract<CompiledStep, { type: 'wait' }>): Promise<void> {
    const started = this.d.now();
    const until = started + step.ms;
    const seq = this.state.seq++;
    this.state.waiting = { stepId: step.id, seq, startedAt: started, until };
    this.record({ stepId: step.id, kind: 'wait', status: 'waiting', input: { until: new Date(until).toISOString() }, startedAt: started }, seq);
    await this.pause(until);
  }

  /** The run sleeps without a job until `until`; the worker's timer wakes it. */
  private async pause(until: number): Promise<void> {
    await this.write({ status: 'waiting', resumeAt: until, job: { id: this.job.id, complete: true } });
  }

  private async startLoop(step: Extract<CompiledStep, { type: 'for_each' }>): Promise<boolean> {
    const started = this.d.now();
    const list = readPath(this.data, step.list);
    if (!Array.isArray(list)) {
      const error = `For each needs a list, but "${step.list}" is ${list === undefined || list === null ? 'empty' : `a ${typeof list}`}`;
      this.record({ stepId: step.id, kind: 'for_each', status: 'failed', input: { list: step.list }, error, startedAt: started, finishedAt: started });
      return this.stepFailed(error);
    }
    if (list.length > FOR_EACH_MAX_ITEMS) {
      const error = `For each runs over at most ${FOR_EACH_MAX_ITEMS.toLocaleString('en-US')} items; "${step.list}" has ${list.length.toLocaleString('en-US')}`;
      this.record({ stepId: step.id, kind: 'for_each', status: 'failed', input: { list: step.list }, error, startedAt: started, finishedAt: started });
      return this.stepFailed(error);
    }
    this.record({ stepId: step.id, kind: 'for_each', status: 'succeeded', input: { list: step.list }, output: { items: list.length }, startedAt: started, finishedAt: started });
    if (list.length > 0) {
      this.state.frames.push({ block: step.body, index: 0, each: { stepId: step.id, list: step.list, item: 0, count: list.length } });
      this.syncLoopVariables();
    }
    return true;
  }

  private async writeLog(step: Extract<CompiledStep, { type: 'log' }>): Promise<boolean> {
    const started = this.d.now();
    try {
      const message = await this.d.templates.render(step.message, this.data);
      this.record({ stepId: step.id, kind: 'log', status: 'succeeded', output: { message }, startedAt: started, finishedAt: this.d.now() });
      return true;
    } catch (err) {
      const error = `could not render the log message: ${(err as Error).message}`;
      this.record({ stepId: step.id, kind: 'log', status: 'failed', error, startedAt: started, finishedAt: this.d.now() });
      return this.stepFailed(error);
    }
  }

  private async getData(step: Extract<CompiledStep, { type: 'get_data' }>, frame: Frame): Promise<boolean> {
    const started = this.d.now();
    let query = '';
    const input = () => ({ resource: step.resource, query, sort: step.sort, limit: step.limit, operation: step.operation, sum_field: step.sumField });
    try {
      if (!this.d.shopData) throw new StepError('Get data needs Switchboard to be connected to Shopify');
      query = (await this.d.templates.render(step.query, this.data)).trim();
      const result = await this.d.shopData.getData(
        { id: this.shop.id, domain: this.shop.domain },
        { resource: step.resource, query, sort: step.sort, limit: step.limit, operation: step.operation, sumField: step.sumField },
      );
      const output = getDataOutput(step.operation, result);
      this.state.outputs[step.id] = output;
      delete this.state.retrying;
      this.record({ stepId: step.id, kind: 'get_data', status: 'succeeded', input: { ...input(), requests: result.requests }, output: shownGetDataOutput(output), startedAt: started, finishedAt: this.d.now() });
      return true;
    } catch (err) {
      const message = err instanceof StepError ? err.message : `Get data failed: ${(err as Error).message}`;
      if (err instanceof StepError && err.retryable) {
        const retry = this.state.retrying?.stepId === step.id ? this.state.retrying : { stepId: step.id, attempts: 0, deadlineAt: started + this.d.options.deadlineMs };
        retry.attempts++;
        const nextAt = this.d.now() + backoffDelay(retry.attempts, this.d.options.retryBaseMs, this.d.options.retryMaxMs);
        if (nextAt <= retry.deadlineAt) {
          // Run the same step again later.
          frame.index--;
          this.state.retrying = retry;
          this.record({ stepId: step.id, kind: 'get_data', status: 'waiting', input: input(), error: `${message} (attempt ${retry.attempts}; trying again)`, startedAt: started });
          await this.write({ status: 'waiting', job: { id: this.job.id, rescheduleAt: nextAt } });
          return false;
        }
      }
      delete this.state.retrying;
      this.record({ stepId: step.id, kind: 'get_data', status: 'failed', input: input(), error: message, startedAt: started, finishedAt: this.d.now() });
      return this.stepFailed(message);
    }
  }

  private async runCode(step: Extract<CompiledStep, { type: 'run_code' }>): Promise<boolean> {
    const started = this.d.now();
    const input: Record<string, unknown> = {};
    for (const [name, path] of step.input) input[name] = readPath(this.data, path) ?? null;
    const result = await runCode(step.code, input, { output: step.output });
    const finished = this.d.now();
    if (result.ok) {
      this.state.outputs[step.id] = result.value;
      this.record({ stepId: step.id, kind: 'run_code', status: 'succeeded', input, output: { value: result.value, logs: result.logs, duration_ms: result.durationMs }, startedAt: started, finishedAt: finished });
      return true;
    }
    this.record({ stepId: step.id, kind: 'run_code', status: 'failed', input, output: { logs: result.logs, duration_ms: result.durationMs }, error: result.error, startedAt: started, finishedAt: finished });
    return this.stepFailed(result.error);
  }

  /**
   * A step failed for good. Inside a For each the run goes on with the next
   * item and ends "has errors"; elsewhere the run fails. True when it goes on.
   */
  private async stepFailed(error: string, extra: Partial<RunProgress> = {}): Promise<boolean> {
    const loop = [...this.state.frames].reverse().find((f) => f.each);
    if (!loop) {
      // `pending` stays: a failed delivery retried by hand resumes the run at that action.
      await this.fail(error, extra);
      return false;
    }
    delete this.state.pending;
    this.state.errors = (this.state.errors ?? 0) + 1;
    this.carry = { ...this.carry, ...(extra as Pick<RunProgress, 'newDelivery' | 'deliveryUpdate' | 'attempt'>) };
    // Leave the blocks nested in this item and skip the rest of its steps.
    while (this.state.frames.at(-1) !== loop) this.state.frames.pop();
    loop.index = this.workflow.blocks.get(loop.block)?.length ?? 0;
    this.syncLoopVariables();
    return true;
  }

  private evaluate(step: Extract<CompiledStep, { type: 'condition' }>): void {
    const started = this.d.now();
    const outcome = step.condition.evaluate(this.data, new Date(started));
    this.record({ stepId: step.id, kind: 'condition', status: 'succeeded', output: outcome, startedAt: started, finishedAt: started });
    this.state.frames.push({ block: outcome.result ? step.then : step.otherwise, index: 0 });
  }

  /** Renders and stores the action request, then sends it. False when the run stops here. */
  private async startAction(
    stepId: string,
    app: string,
    handle: string,
    renderProperties: (fields: ManifestField[]) => Promise<Record<string, unknown>>,
  ): Promise<boolean> {
    const step = { id: stepId, handle };
    const started = this.d.now();
    const target = await this.d.catalog.action(app, handle);
    if (!target) {
      const error = `action "${handle}" of app "${app}" no longer exists`;
      this.record({ stepId, kind: 'action', status: 'failed', error, startedAt: started, finishedAt: started });
      return this.stepFailed(error);
    }
    let properties: Record<string, unknown>;
    try {
      properties = await renderProperties(target.extension.fields);
    } catch (err) {
      const error = `could not render the fields of "${target.extension.name}": ${(err as Error).message}`;
      this.record({ stepId, kind: 'action', status: 'failed', error, startedAt: started, finishedAt: this.d.now() });
      return this.stepFailed(error);
    }
    const seq = this.state.seq++;
    const id = actionRunId(this.run.id, step.id, seq);
    const body = JSON.stringify({
      shop_id: this.shop.id,
      shopify_domain: this.shop.domain,
      action_run_id: id,
      action_definition_id: step.handle,
      handle: step.handle,
      properties,
    });
    const delivery: Delivery = {
      id,
      runId: this.run.id,
      stepId: step.id,
      appId: target.appId,
      shopId: this.shop.id,
      handle: step.handle,
      url: target.execute ? `${BUILTIN}${app}/${handle}` : target.runtimeUrl,
      body,
      status: 'sending',
      attempts: 0,
      deadlineAt: started + this.d.options.deadlineMs,
      createdAt: started,
      updatedAt: started,
    };
    this.state.pending = { stepId: step.id, deliveryId: id, seq, startedAt: started };
    this.record({ stepId: step.id, kind: 'action', status: 'waiting', input: properties, startedAt: started }, seq);
    if (!this.storeBeforeSending()) {
      // Its outcome stores it, with the rest of the run's progress: one write
      // for a run with one action. A crash before then runs this step again
      // from the stored position, under the same action_run_id.
      return this.attempt(delivery, target.clientSecret, false);
    }
    await this.write({ status: 'running', newDelivery: delivery, job: { id: this.job.id, extendLeaseMs: this.d.options.leaseMs } });
    return this.attempt(delivery, target.clientSecret);
  }

  /**
   * Whether the delivery is stored (and the lease extended) before it is
   * sent: when an earlier outcome of this pass is still unwritten (one rides
   * along at a time, and a For each stores its position with every action),
   * or when the lease left would not cover an attempt.
   */
  private storeBeforeSending(): boolean {
    if (this.carry.newDelivery || this.carry.deliveryUpdate || this.carry.attempt) return true;
    const { leaseMs, timeoutMs } = this.d.options;
    return this.d.now() - this.startedAt + timeoutMs + LEASE_MARGIN_MS > leaseMs;
  }

  /** A delivery's change of status as progress to write: an update, or its first insert when it was sent unstored. */
  private deliverySaved(delivery: Delivery, stored: boolean, change: DeliveryChange): Pick<RunProgress, 'newDelivery' | 'deliveryUpdate'> {
    return stored ? { deliveryUpdate: { id: delivery.id, ...change } } : { newDelivery: { ...delivery, ...change, updatedAt: this.d.now() } };
  }

  /** One delivery attempt (of a delivery `stored` or not yet). True when the action succeeded and the run goes on. */
  private async attempt(delivery: Delivery, secret?: string, stored = true): Promise<boolean> {
    const failed = (error: string) => this.deliverySaved(delivery, stored, { status: 'failed', attempts: delivery.attempts, lastError: error });
    const pending = this.state.pending!;
    const properties = (JSON.parse(delivery.body) as { properties: Record<string, unknown> }).properties;
    const startedAt = this.d.now();
    let result: SendResult;
    if (delivery.url.startsWith(BUILTIN)) {
      const [app = '', handle = ''] = delivery.url.slice(BUILTIN.length).split('/');
      const target = await this.d.catalog.action(app, handle);
      if (!target?.execute) {
        const error = `the built-in action "${handle}" no longer exists`;
        return this.stepFailed(error, failed(error));
      }
      result = await target.execute(properties, { shop: { id: this.shop.id, domain: this.shop.domain }, actionRunId: delivery.id });
    } else {
      let clientSecret = secret;
      if (clientSecret === undefined) {
        const app = await this.d.store.getApp(delivery.appId);
        if (!app) {
          const error = 'the connector app of this action was deleted';
          return this.stepFailed(error, failed(error));
        }
        clientSecret = app.clientSecret;
      }
      result = await sendSigned(delivery.url, delivery.body, clientSecret, this.d.options.timeoutMs);
    }
    const n = delivery.attempts + 1;
    const now = this.d.now();
    const base = { deliveryId: delivery.id, n, startedAt, latencyMs: result.latencyMs, statusCode: result.statusCode, responseExcerpt: result.responseExcerpt, error: result.error };
    const outcome = result.outcome;

    if (outcome.kind === 'succeeded') {
      this.carry = {
        attempt: { ...base, outcome: 'succeeded' },
        ...this.deliverySaved(delivery, stored, { status: 'succeeded', attempts: n, returnValue: outcome.returnValue }),
      };
      this.state.outputs[pending.stepId] = outcome.returnValue ?? {};
      this.state.actions++;
      this.record({ stepId: pending.stepId, kind: 'action', status: 'succeeded', input: properties, output: outcome.returnValue, startedAt: pending.startedAt, finishedAt: now }, pending.seq);
      delete this.state.pending;
      return true;
    }

    if (outcome.kind === 'failed') {
      const error = describeFailure(result, outcome.reason);
      this.record({ stepId: pending.stepId, kind: 'action', status: 'failed', input: properties, error, startedAt: pending.startedAt, finishedAt: now }, pending.seq);
      return this.stepFailed(error, {
        attempt: { ...base, outcome: 'failed' },
        ...this.deliverySaved(delivery, stored, { status: 'failed', attempts: n, lastError: error }),
      });
    }

    // 202, 429, 5xx, timeout, network error: the same request goes again later.
    const reason = outcome.kind === 'pending' ? 'accepted (202), not finished yet' : outcome.reason;
    const delay = outcome.kind === 'retry' && outcome.retryAfterMs !== undefined
      ? outcome.retryAfterMs
      : backoffDelay(n, this.d.options.retryBaseMs, this.d.options.retryMaxMs);
    const nextAt = now + delay;
    if (nextAt > delivery.deadlineAt) {
      const error = `gave up after ${n} attempts: ${reason}`;
      this.record({ stepId: pending.stepId, kind: 'action', status: 'failed', input: properties, error, startedAt: pending.startedAt, finishedAt: now }, pending.seq);
      return this.stepFailed(error, {
        attempt: { ...base, outcome: 'failed' },
        ...this.deliverySaved(delivery, stored, { status: 'failed', attempts: n, lastError: error }),
      });
    }
    await this.write({
      status: 'waiting',
      attempt: { ...base, outcome: outcome.kind === 'pending' ? 'pending' : 'retry', nextAttemptAt: nextAt },
      ...this.deliverySaved(delivery, stored, { status: 'waiting', attempts: n, nextAttemptAt: nextAt, lastError: reason }),
      job: { id: this.job.id, rescheduleAt: nextAt },
    });
    return false;
  }

  private async render(step: Extract<CompiledStep, { type: 'action' }>, fields: ManifestField[]): Promise<Record<string, unknown>> {
    const types = new Map(fields.map((f) => [f.payloadKey, f]));
    const out: Record<string, unknown> = {};
    for (const [key, template] of step.fields) {
      const text = await this.d.templates.render(template, this.data);
      out[key] = coerceField(text, types.get(key));
    }
    return out;
  }

  private record(step: Omit<RunStep, 'runId' | 'seq'>, seq?: number): void {
    const s = seq ?? this.state.seq++;
    const i = this.steps.findIndex((x) => x.seq === s);
    const full = { ...step, runId: this.run.id, seq: s };
    if (i >= 0) this.steps[i] = full;
    else this.steps.push(full);
  }

  private async write(p: Omit<RunProgress, 'runId' | 'state' | 'steps'>): Promise<void> {
    await this.d.store.saveRunProgress({ ...this.carry, ...p, runId: this.run.id, state: this.state, steps: this.steps });
    this.steps = [];
    this.carry = {};
  }

  private async complete(): Promise<void> {
    const errors = this.state.errors ?? 0;
    await this.write({
      status: errors > 0 ? 'has_errors' : this.state.actions > 0 ? 'succeeded' : 'succeeded_no_actions',
      error: errors > 0 ? `${errors} step${errors > 1 ? 's' : ''} failed inside For each; the other items went on` : null,
      finished: true,
      job: { id: this.job.id, complete: true },
      enqueue: errors > 0 ? [errorEventJob(this.run.id, this.d.now())] : undefined,
    });
  }

  private async fail(error: string, extra: Partial<RunProgress> = {}): Promise<void> {
    await this.write({ status: 'failed', error, finished: true, job: { id: this.job.id, complete: true }, enqueue: [errorEventJob(this.run.id, this.d.now())], ...extra });
  }
}

type DeliveryChange = Omit<NonNullable<RunProgress['deliveryUpdate']>, 'id'>;

/** The job that starts the shop's workflow-error workflows for a failed run (queued with the failure, in one transaction). */
function errorEventJob(runId: string, now: number) {
  return { kind: 'workflow_error' as const, ref: runId, runAt: now };
}

function describeFailure(result: SendResult, reason: string): string {
  return result.statusCode ? `${result.statusCode}: ${reason}` : reason;
}

