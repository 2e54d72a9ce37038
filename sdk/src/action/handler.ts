import { errorBody, readSignedJson, sendJson, type NodeHandler } from '../http/index.js';
import { memoryDedupeStore } from './memory-dedupe.js';
import { INTERNAL_ERROR, outcomeOfReturn, outcomeOfThrow, type Outcome } from './outcome.js';
import { parseActionRequest } from './request.js';
import type { ActionContext, ActionMap, DedupeStore, TypedActionMap } from './types.js';

/** Options of `actionHandler`. */
export interface ActionHandlerOptions<A extends object = Record<string, Record<string, unknown>>> {
  /** The app's client secret: every request's signature is checked with it. */
  clientSecret: string;
  /** One function per action handle. */
  actions: TypedActionMap<A>;
  /**
   * Where finished outcomes are kept by `action_run_id`, so a re-sent request
   * is answered the same without running the action again. Default: in memory
   * (`memoryDedupeStore()`); `false` turns replay off.
   */
  dedupe?: DedupeStore | false;
  /**
   * Told about unexpected errors (answered 500, without details, so
   * Switchboard retries) and setup mistakes. Default: `console.error`.
   */
  onError?: (error: unknown, context: ActionContext | undefined) => void;
}

/**
 * Answers Switchboard's action requests: checks the signature over the raw
 * body, runs the action named by `handle`, and maps its outcome to the
 * protocol (200 result, 202 `pending()`, 4xx `ActionError`, 429
 * `RetryLaterError`, 500 anything else).
 *
 * Works as express middleware and as a plain node handler. With express,
 * mount it before `express.json()` (or keep `req.rawBody`): the signature is
 * over the exact bytes sent.
 *
 * @example
 * app.post('/actions', actionHandler({
 *   clientSecret: process.env.SWITCHBOARD_CLIENT_SECRET!,
 *   actions: {
 *     'add-points': async ({ shop, properties }) => {
 *       if (!properties.customer_id) throw new ActionError('No customer on this order');
 *       return { balance: await addPoints(shop, properties) };
 *     },
 *   },
 * }));
 */
export function actionHandler<A extends object = Record<string, Record<string, unknown>>>(options: ActionHandlerOptions<A>): NodeHandler {
  const { clientSecret } = options;
  const actions = options.actions as ActionMap;
  const dedupe = options.dedupe === false ? undefined : (options.dedupe ?? memoryDedupeStore());
  const report = options.onError ?? defaultReport;
  // Concurrent duplicates (same action_run_id) share one execution.
  const inFlight = new Map<string, Promise<Outcome>>();

  async function execute(context: ActionContext, action: ActionMap[string]): Promise<Outcome> {
    const stored = await dedupe?.get(context.actionRunId);
    if (stored !== undefined) return { ...stored, final: true };
    let outcome: Outcome;
    try {
      outcome = outcomeOfReturn(await action(context));
    } catch (error) {
      const expected = outcomeOfThrow(error);
      if (expected === undefined) report(error, context);
      outcome = expected ?? INTERNAL_ERROR;
    }
    if (outcome.final && dedupe !== undefined) {
      // Failing to remember is not failing the action: answer anyway.
      await dedupe.set(context.actionRunId, { status: outcome.status, body: outcome.body }).catch((e) => report(e, context));
    }
    return outcome;
  }

  function runOnce(context: ActionContext, action: ActionMap[string]): Promise<Outcome> {
    const running = inFlight.get(context.actionRunId);
    if (running !== undefined) return running;
    const outcome = execute(context, action)
      .catch((error: unknown) => {
        report(error, context);
        return INTERNAL_ERROR;
      })
      .finally(() => inFlight.delete(context.actionRunId));
    inFlight.set(context.actionRunId, outcome);
    return outcome;
  }

  return async (req, res) => {
    const read = await readSignedJson(req, clientSecret);
    if (!read.ok) {
      if (read.code === 'raw_body_unavailable') report(new Error(read.message), undefined);
      return sendJson(res, read.status, errorBody(read.code, read.message));
    }
    const context = parseActionRequest(read.json);
    if (Array.isArray(context)) {
      return sendJson(res, 400, errorBody('invalid_request', 'The action request is missing fields', context));
    }
    const action = Object.hasOwn(actions, context.handle) ? actions[context.handle] : undefined;
    if (action === undefined) {
      const known = Object.keys(actions).map((h) => `"${h}"`).join(', ') || 'none';
      return sendJson(
        res,
        404,
        errorBody('unknown_action', `Unknown action handle "${context.handle}"; this handler serves ${known}`),
      );
    }
    const outcome = await runOnce(context, action);
    sendJson(res, outcome.status, outcome.body, outcome.headers);
  };
}

function defaultReport(error: unknown, context: ActionContext | undefined): void {
  const where = context ? ` in action "${context.handle}" (run ${context.actionRunId}, ${context.shop})` : '';
  console.error(`[switchboard] unexpected error${where}:`, error);
}
