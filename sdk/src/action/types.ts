/** What an action function receives: one action request from Switchboard. */
export interface ActionContext<P extends object = Record<string, unknown>> {
  /** The shop's domain (`shopify_domain`), e.g. `shop.myshopify.com`. */
  shop: string;
  shopId: number;
  /** The action's fields as the merchant set them, rendered (`properties` on the wire). */
  properties: P;
  /**
   * The same on every retry of this run: the idempotency key. The handler
   * already replays completed outcomes by it (see `DedupeStore`).
   */
  actionRunId: string;
  actionDefinitionId: string;
  /** The action's handle, as declared in its manifest. */
  handle: string;
}

/**
 * One action's code. Return the result (sent as `return_value`; nothing sends
 * `{}`), return `pending()` if it has not finished, throw `ActionError` to fail
 * for good with a message for the merchant, or `RetryLaterError` to be sent
 * again later. Any other error answers 500, and Switchboard retries.
 */
export type ActionFunction<P extends object = Record<string, unknown>> = (context: ActionContext<P>) => unknown;

/**
 * The map of handle to function given to `actionHandler`. Method syntax makes
 * the parameter bivariant, so a function may declare narrower `properties`
 * (`ActionContext<{ points: number }>`) while inline ones get the default.
 */
export type ActionMap = Record<string, { run(context: ActionContext): unknown }['run']>;

/**
 * A map of handle to function typed by the properties of each action, e.g.
 * the `ActionProperties` that `switchboard generate types` writes:
 * `actionHandler<ActionProperties>({ actions: { 'add-points': ({ properties }) => ... } })`.
 */
export type TypedActionMap<A extends object> = { [H in keyof A & string]: { run(context: ActionContext<A[H] & object>): unknown }['run'] };

/** A finished answer, kept so a repeated `action_run_id` gets the same answer. */
export interface StoredOutcome {
  status: number;
  body: unknown;
}

/**
 * Remembers finished outcomes (200, and 4xx failures) by `action_run_id`.
 * Pending (202) and retryable (429, 5xx) answers are never stored.
 */
export interface DedupeStore {
  get(actionRunId: string): Promise<StoredOutcome | undefined>;
  set(actionRunId: string, outcome: StoredOutcome): Promise<void>;
}
