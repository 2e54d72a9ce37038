import { SwitchboardError, type FieldError } from '../errors.js';
import { errorBody, readSignedJson, sendJson, type NodeHandler } from '../http/index.js';
import { verifySignature } from '../signature.js';

/**
 * A trigger lifecycle notice: Switchboard tells the app whether a trigger has
 * at least one enabled workflow in a shop, so the app sends only what is used.
 */
export interface LifecycleNotice {
  /** The trigger's handle (`flow_trigger_definition_id` on the wire). */
  handle: string;
  /** True when at least one enabled workflow in the shop uses the trigger. */
  hasEnabledFlow: boolean;
  shopId: number;
  /** The shop's domain (`shopify_domain`), the key the app's token store uses. */
  shop: string;
  /** When Switchboard issued the notice (ISO 8601). */
  timestamp: string;
}

/** What the app last heard about one (shop, trigger). */
export interface LifecycleState {
  hasEnabledFlow: boolean;
  timestamp: string;
}

/**
 * Where the newest notice per (shop, trigger) is kept. The default lives in
 * memory; back it with your database so that it survives restarts and is
 * shared by processes.
 */
export interface LifecycleStore {
  get(shop: string, handle: string): Promise<LifecycleState | undefined>;
  set(shop: string, handle: string, state: LifecycleState): Promise<void>;
}

/** What became of a notice: applied, or ignored because a newer one was already seen. */
export interface LifecycleResult {
  applied: boolean;
  notice: LifecycleNotice;
}

/** Options of `client.lifecycleHandler()`. */
export interface LifecycleHandlerOptions {
  /**
   * Called for each applied (not stale) notice. Switchboard waits at most
   * five seconds for the answer, so keep it quick.
   */
  onNotice?: (notice: LifecycleNotice) => void | Promise<void>;
}

/** A `LifecycleStore` in process memory. */
export function memoryLifecycleStore(): LifecycleStore {
  const states = new Map<string, LifecycleState>();
  const key = (shop: string, handle: string) => JSON.stringify([shop, handle]);
  return {
    get: async (shop, handle) => states.get(key(shop, handle)),
    set: async (shop, handle, state) => void states.set(key(shop, handle), state),
  };
}

/** The lifecycle half of the client: notice intake and the question "is this trigger used?". */
export interface Lifecycle {
  /**
   * Takes a lifecycle notice from any framework: the raw body and the
   * `x-shopify-hmac-sha256` header. Keeps it unless a newer one for that
   * (shop, trigger) was already seen. Throws `SwitchboardError` with status
   * 401 (bad signature) or 400 (malformed); answer Switchboard 2xx otherwise.
   */
  handleLifecycleNotice(rawBody: string | Buffer, signature: string | undefined): Promise<LifecycleResult>;
  /**
   * An HTTP handler for the trigger lifecycle callback URL (express middleware
   * or plain node; mount before `express.json()`). Answers 200, also for a
   * stale notice, 401 for a bad signature, 400 for a malformed notice.
   */
  lifecycleHandler(options?: LifecycleHandlerOptions): NodeHandler;
  /**
   * Whether the last notice said an enabled workflow in `shop` uses trigger
   * `handle`; undefined when no notice was seen (then assume it may be used).
   */
  hasEnabledWorkflow(shop: string, handle: string): Promise<boolean | undefined>;
}

export function createLifecycle(clientSecret: string, store: LifecycleStore): Lifecycle {
  // Compare-and-set per (shop, trigger) must not interleave within a process.
  const queues = new Map<string, Promise<unknown>>();
  function serialized<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = queues.get(key) ?? Promise.resolve();
    const next = previous.then(work, work);
    const settled = next.catch(() => undefined);
    queues.set(key, settled);
    void settled.then(() => {
      if (queues.get(key) === settled) queues.delete(key);
    });
    return next;
  }

  async function apply(notice: LifecycleNotice): Promise<LifecycleResult> {
    return serialized(JSON.stringify([notice.shop, notice.handle]), async () => {
      const last = await store.get(notice.shop, notice.handle);
      if (last !== undefined && Date.parse(notice.timestamp) < Date.parse(last.timestamp)) {
        return { applied: false, notice };
      }
      await store.set(notice.shop, notice.handle, { hasEnabledFlow: notice.hasEnabledFlow, timestamp: notice.timestamp });
      return { applied: true, notice };
    });
  }

  return {
    async handleLifecycleNotice(rawBody, signature) {
      if (!verifySignature(rawBody, signature, clientSecret)) {
        throw new SwitchboardError('Lifecycle notice signature missing or invalid', { code: 'invalid_signature', status: 401 });
      }
      let json: unknown;
      try {
        json = JSON.parse(Buffer.isBuffer(rawBody) ? rawBody.toString('utf8') : rawBody);
      } catch {
        throw new SwitchboardError('Lifecycle notice is not valid JSON', { code: 'malformed_json', status: 400 });
      }
      const parsed = parseLifecycleNotice(json);
      if (Array.isArray(parsed)) {
        throw new SwitchboardError('Lifecycle notice is missing fields', { code: 'invalid_notice', status: 400, fields: parsed });
      }
      return apply(parsed);
    },

    lifecycleHandler(options = {}) {
      return async (req, res) => {
        const read = await readSignedJson(req, clientSecret);
        if (!read.ok) return sendJson(res, read.status, errorBody(read.code, read.message));
        const parsed = parseLifecycleNotice(read.json);
        if (Array.isArray(parsed)) {
          return sendJson(res, 400, errorBody('invalid_notice', 'Lifecycle notice is missing fields', parsed));
        }
        try {
          const result = await apply(parsed);
          if (result.applied) await options.onNotice?.(parsed);
          sendJson(res, 200, { applied: result.applied });
        } catch {
          sendJson(res, 500, errorBody('internal_error', 'The lifecycle notice could not be stored'));
        }
      };
    },

    async hasEnabledWorkflow(shop, handle) {
      return (await store.get(shop, handle))?.hasEnabledFlow;
    },
  };
}

/** The notice, or the fields that are missing or mistyped. */
export function parseLifecycleNotice(json: unknown): LifecycleNotice | FieldError[] {
  const body = (typeof json === 'object' && json !== null ? json : {}) as Record<string, unknown>;
  const problems: FieldError[] = [];
  const expect = (field: string, ok: boolean, what: string) => {
    if (!ok) problems.push({ field, message: `must be ${what}` });
  };
  expect('flow_trigger_definition_id', typeof body.flow_trigger_definition_id === 'string', 'a string');
  expect('has_enabled_flow', typeof body.has_enabled_flow === 'boolean', 'a boolean');
  expect('shop_id', typeof body.shop_id === 'number', 'a number');
  expect('shopify_domain', typeof body.shopify_domain === 'string', 'a string');
  expect(
    'timestamp',
    typeof body.timestamp === 'string' && !Number.isNaN(Date.parse(body.timestamp)),
    'an ISO 8601 date-time',
  );
  if (problems.length > 0) return problems;
  return {
    handle: body.flow_trigger_definition_id as string,
    hasEnabledFlow: body.has_enabled_flow as boolean,
    shopId: body.shop_id as number,
    shop: body.shopify_domain as string,
    timestamp: body.timestamp as string,
  };
}
