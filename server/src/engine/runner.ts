/**
 * Advances runs. A run is a durable state machine: its position in the step
 * tree (a stack of frames), each step's output, and the action being
 * delivered are stored before every side effect, so a run resumes after a
 * crash at the step where it stopped, pauses on a 202 or a retry, and later
 * steps (wait, for each) fit as new frame kinds.
 */
import type { ManifestField } from '@switchboard/sdk/manifest';
import { backoffDelay, sendSigned, type SendResult } from '../delivery/index.js';
import { uuidv7, type Delivery, type Job, type Run, type RunProgress, type RunStep, type Shop, type Store } from '../store/index.js';
import type { Catalog } from './catalog.js';
import { CompiledCache, compileWorkflow, type CompiledStep, type CompiledWorkflow } from './compile.js';
import type { WorkflowDefinition } from './definition.js';
import type { TemplateEngine } from './liquid.js';
import { runData } from './run-data.js';
import { coerceField } from './coerce.js';

export interface RunState {
  frames: Array<{ block: string; index: number }>;
  outputs: Record<string, unknown>;
  /** Next step record number. */
  seq: number;
  /** Actions completed, to tell "succeeded" from "succeeded without actions". */
  actions: number;
  /** The action whose delivery is in flight or waiting for its next attempt. */
  pending?: { stepId: string; deliveryId: string; seq: number; startedAt: number };
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

const FINAL = new Set(['succeeded', 'succeeded_no_actions', 'failed', 'skipped', 'cancelled']);

export class RunExecutor {
  private readonly compiled = new CompiledCache();
  private readonly shops = new Map<number, Shop>();

  constructor(
    private readonly store: Store,
    private readonly catalog: Catalog,
    private readonly templates: TemplateEngine,
    private readonly options: RunnerOptions,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
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
    return { store: this.store, catalog: this.catalog, templates: this.templates, options: this.options, log: this.log, now: this.now };
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
  private carry: Pick<RunProgress, 'deliveryUpdate' | 'attempt'> = {};

  constructor(
    private readonly executor: RunExecutor,
    private readonly run: Run,
    private readonly job: Job,
    private readonly state: RunState,
    private readonly workflow: CompiledWorkflow,
    private readonly data: Record<string, unknown>,
    private readonly shop: Shop,
  ) {}

  private get d() {
    return this.executor.deps;
  }

  async execute(): Promise<void> {
    if (this.state.pending) {
      const delivery = await this.d.store.getDelivery(this.state.pending.deliveryId);
      if (!delivery) return this.fail(`the delivery of step "${this.state.pending.stepId}" is missing`);
      if (delivery.status === 'failed') return this.fail(delivery.lastError ?? 'the action failed');
      if (!(await this.attempt(delivery))) return;
    }
    for (;;) {
      const frame = this.state.frames.at(-1);
      if (!frame) return this.complete();
      const block = this.workflow.blocks.get(frame.block) ?? [];
      const step = block[frame.index];
      if (!step) {
        this.state.frames.pop();
        continue;
      }
      frame.index++;
      if (step.type === 'condition') {
        this.evaluate(step);
      } else if (step.type === 'action' && !(await this.startAction(step))) {
        return;
      }
    }
  }

  private evaluate(step: Extract<CompiledStep, { type: 'condition' }>): void {
    const started = this.d.now();
    const outcome = step.condition.evaluate(this.data, new Date(started));
    this.record({ stepId: step.id, kind: 'condition', status: 'succeeded', output: outcome, startedAt: started, finishedAt: started });
    this.state.frames.push({ block: outcome.result ? step.then : step.otherwise, index: 0 });
  }

  /** Renders and stores the action request, then sends it. False when the run stops here. */
  private async startAction(step: Extract<CompiledStep, { type: 'action' }>): Promise<boolean> {
    const started = this.d.now();
    const target = await this.d.catalog.action(step.app, step.handle);
    if (!target) {
      const error = `action "${step.handle}" of app "${step.app}" no longer exists`;
      this.record({ stepId: step.id, kind: 'action', status: 'failed', error, startedAt: started, finishedAt: started });
      await this.fail(error);
      return false;
    }
    let properties: Record<string, unknown>;
    try {
      properties = await this.render(step, target.extension.fields);
    } catch (err) {
      const error = `could not render the fields of "${target.extension.name}": ${(err as Error).message}`;
      this.record({ stepId: step.id, kind: 'action', status: 'failed', error, startedAt: started, finishedAt: this.d.now() });
      await this.fail(error);
      return false;
    }
    const id = uuidv7(started);
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
      url: target.execute ? `${BUILTIN}${step.app}/${step.handle}` : target.runtimeUrl,
      body,
      status: 'sending',
      attempts: 0,
      deadlineAt: started + this.d.options.deadlineMs,
      createdAt: started,
      updatedAt: started,
    };
    const seq = this.state.seq++;
    this.state.pending = { stepId: step.id, deliveryId: id, seq, startedAt: started };
    this.record({ stepId: step.id, kind: 'action', status: 'waiting', input: properties, startedAt: started }, seq);
    // Stored before it is sent: after a crash the same action_run_id is sent again.
    await this.write({ status: 'running', newDelivery: delivery, job: { id: this.job.id, extendLeaseMs: this.d.options.leaseMs } });
    return this.attempt(delivery, target.clientSecret);
  }

  /** One delivery attempt. True when the action succeeded and the run goes on. */
  private async attempt(delivery: Delivery, secret?: string): Promise<boolean> {
    const pending = this.state.pending!;
    const properties = (JSON.parse(delivery.body) as { properties: Record<string, unknown> }).properties;
    const startedAt = this.d.now();
    let result: SendResult;
    if (delivery.url.startsWith(BUILTIN)) {
      const [app = '', handle = ''] = delivery.url.slice(BUILTIN.length).split('/');
      const target = await this.d.catalog.action(app, handle);
      if (!target?.execute) {
        await this.fail(`the built-in action "${handle}" no longer exists`);
        return false;
      }
      result = await target.execute(properties, { shop: { id: this.shop.id, domain: this.shop.domain }, actionRunId: delivery.id });
    } else {
      let clientSecret = secret;
      if (clientSecret === undefined) {
        const app = await this.d.store.getApp(delivery.appId);
        if (!app) {
          await this.fail('the connector app of this action was deleted');
          return false;
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
        deliveryUpdate: { id: delivery.id, status: 'succeeded', attempts: n, returnValue: outcome.returnValue },
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
      await this.fail(error, {
        attempt: { ...base, outcome: 'failed' },
        deliveryUpdate: { id: delivery.id, status: 'failed', attempts: n, lastError: error },
      });
      return false;
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
      await this.fail(error, {
        attempt: { ...base, outcome: 'failed' },
        deliveryUpdate: { id: delivery.id, status: 'failed', attempts: n, lastError: error },
      });
      return false;
    }
    await this.write({
      status: 'waiting',
      attempt: { ...base, outcome: outcome.kind === 'pending' ? 'pending' : 'retry', nextAttemptAt: nextAt },
      deliveryUpdate: { id: delivery.id, status: 'waiting', attempts: n, nextAttemptAt: nextAt, lastError: reason },
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
    await this.write({
      status: this.state.actions > 0 ? 'succeeded' : 'succeeded_no_actions',
      error: null,
      finished: true,
      job: { id: this.job.id, complete: true },
    });
  }

  private async fail(error: string, extra: Partial<RunProgress> = {}): Promise<void> {
    await this.write({ status: 'failed', error, finished: true, job: { id: this.job.id, complete: true }, ...extra });
  }
}

function describeFailure(result: SendResult, reason: string): string {
  return result.statusCode ? `${result.statusCode}: ${reason}` : reason;
}

