import express, { type Request, type Router } from 'express';
import { buildSchema, graphql } from 'graphql';
import { PlatformError, receiveTrigger, type TriggerDeps } from '../platform/index.js';
import { bearerToken } from './trigger-route.js';

const json = express.json({ limit: '1mb' });

const bearer = (req: Request) => bearerToken(req.get('authorization'), req.get('x-shopify-access-token'));

const schema = buildSchema(`
  scalar JSON
  type UserError { field: [String!] message: String! }
  type FlowTriggerReceivePayload { userErrors: [UserError!]! }
  type Query { ok: Boolean }
  type Mutation { flowTriggerReceive(handle: String, payload: JSON, body: String): FlowTriggerReceivePayload }
`);

/** The connector API: triggers in, as JSON (see also trigger-route.ts) and as Flow's GraphQL mutation. */
export function connectorApi(deps: TriggerDeps): Router {
  const router = express.Router();

  router.post('/connector-api/v1/triggers', json, async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const { answer, replayed } = await receiveTrigger(deps, {
      token: bearer(req),
      shop: typeof body.shop === 'string' ? body.shop : req.get('x-shopify-shop-domain') || undefined,
      handle: body.handle,
      payload: body.payload,
      idempotencyKey: req.get('idempotency-key'),
    });
    if (replayed) res.setHeader('Idempotent-Replayed', 'true');
    res.status(202).json(answer);
  });

  const graphqlHandler: express.RequestHandler = async (req, res) => {
    const body = (req.body ?? {}) as { query?: unknown; variables?: Record<string, unknown> };
    if (typeof body.query !== 'string') throw new PlatformError(400, 'invalid_request', 'query is required');
    const token = bearer(req);
    // Authentication failures are HTTP errors, as in Shopify's API; payload problems are userErrors.
    if (!token) throw new PlatformError(401, 'missing_token', 'Send the shop access token as "X-Shopify-Access-Token" or "Authorization: Bearer"');
    const rootValue = {
      flowTriggerReceive: async (args: { handle?: string; payload?: unknown; body?: string }) => {
        let handle = args.handle;
        let payload = args.payload;
        if (args.body !== undefined) {
          // Flow's older form: a JSON string with trigger_id/handle and properties.
          try {
            const parsed = JSON.parse(args.body) as { trigger_id?: string; handle?: string; properties?: unknown };
            handle ??= parsed.handle ?? parsed.trigger_id;
            payload ??= parsed.properties;
          } catch {
            return { userErrors: [{ field: ['body'], message: 'body is not valid JSON' }] };
          }
        }
        try {
          await receiveTrigger(deps, { token, handle, payload, idempotencyKey: req.get('idempotency-key') });
          return { userErrors: [] };
        } catch (err) {
          if (!(err instanceof PlatformError) || err.status === 401 || err.status >= 500 || err.status === 429) throw err;
          const fields = err.details.fields ?? [];
          return {
            userErrors: fields.length
              ? fields.map((f) => ({ field: ['payload', f.field], message: `${f.field} ${f.message}` }))
              : [{ field: null, message: err.message }],
          };
        }
      },
    };
    const result = await graphql({ schema, source: body.query, rootValue, variableValues: body.variables });
    const authError = result.errors?.map((e) => e.originalError).find((e): e is PlatformError => e instanceof PlatformError);
    if (authError) throw authError;
    res.status(200).json(result);
  };
  router.post('/connector-api/v1/graphql', json, graphqlHandler);
  router.post('/admin/api/:version/graphql.json', json, graphqlHandler);
  return router;
}
