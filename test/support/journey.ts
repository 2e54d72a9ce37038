/** The steps of the partner and merchant journeys, over HTTP as a browser and an app would do them. */
import type { ConnectorApp } from './connector-app.js';

export async function api(base: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(new URL(path, base), {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    redirect: 'manual',
  });
  const text = await res.text();
  let json: any;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text, headers: res.headers };
}

export const REVIEW_TRIGGER = `
[[extensions]]
name = "Review created"
type = "flow_trigger"
handle = "review-created"
description = "A customer left a review"

  [settings]

  [[settings.fields]]
  type = "customer_reference"

  [[settings.fields]]
  type = "number_decimal"
  key = "rating"
  required = true

  [[settings.fields]]
  type = "single_line_text_field"
  key = "title"
`;

export const ADD_POINTS_ACTION = `
[[extensions]]
name = "Add points"
type = "flow_action"
handle = "add-points"
description = "Give a customer loyalty points"
runtime_url = "/actions/add-points"

  [settings]

  [[settings.fields]]
  type = "customer_reference"
  required = true

  [[settings.fields]]
  type = "number_integer"
  key = "points"
  name = "Points"
  required = true
`;

export const LIFECYCLE = `
[[extensions]]
name = "Lifecycle"
type = "flow_trigger_lifecycle_callback"
handle = "lifecycle"
url = "/lifecycle"
`;

export const MANIFESTS = [
  { path: 'extensions/review-created/shopify.extension.toml', content: REVIEW_TRIGGER },
  { path: 'extensions/add-points/shopify.extension.toml', content: ADD_POINTS_ACTION },
  { path: 'extensions/lifecycle/shopify.extension.toml', content: LIFECYCLE },
];

export const basic = (app: ConnectorApp) => ({ authorization: `Basic ${Buffer.from(`${app.clientId}:${app.clientSecret}`).toString('base64')}` });

/** Creates the app on the server and deploys its manifests. */
export async function createAndDeploy(base: string, app: ConnectorApp, name = 'Loyalty', files = MANIFESTS) {
  const created = await api(base, 'POST', '/partner-api/v1/apps', { name, application_url: app.url, redirect_urls: [`${app.url}/callback`] });
  if (created.status !== 201) throw new Error(`create app: ${created.status} ${created.text}`);
  app.setCredentials(created.json.client_id, created.json.client_secret);
  const deployed = await api(base, 'PUT', `/partner-api/v1/apps/${app.clientId}/extensions`, { files }, basic(app));
  if (deployed.status !== 200) throw new Error(`deploy: ${deployed.status} ${deployed.text}`);
  return deployed.json;
}

/** The merchant installs the app: admin -> app -> consent -> app callback -> token exchange. */
export async function install(base: string, app: ConnectorApp, shop?: string) {
  const headers: Record<string, string> = shop ? { 'x-switchboard-shop': shop } : {};
  const start = await api(base, 'POST', `/admin/api/connectors/${app.clientId}/install`, undefined, headers);
  if (start.status !== 200) throw new Error(`install start: ${start.status} ${start.text}`);
  const toAuthorize = await fetch(start.json.redirect_url, { redirect: 'manual' });
  const authorizeUrl = toAuthorize.headers.get('location');
  if (toAuthorize.status !== 302 || !authorizeUrl) throw new Error(`app did not redirect: ${toAuthorize.status}`);
  const consent = await fetch(authorizeUrl);
  const html = await consent.text();
  if (consent.status !== 200) throw new Error(`consent page: ${consent.status} ${html}`);
  const form = new URLSearchParams();
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) form.set(m[1]!, decodeHtml(m[2]!));
  form.set('decision', 'approve');
  const approved = await fetch(new URL('/oauth/authorize', base), { method: 'POST', body: form, redirect: 'manual' });
  const callback = approved.headers.get('location');
  if (approved.status !== 302 || !callback) throw new Error(`approve: ${approved.status} ${await approved.text()}`);
  const done = await fetch(callback);
  if (done.status !== 200) throw new Error(`callback: ${done.status} ${await done.text()}`);
  return { callback: new URL(callback) };
}

const decodeHtml = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

export function reviewWorkflow(clientId: string, points = '{{ rating | times: 10 }}') {
  return {
    name: 'Points for unhappy reviewers',
    trigger: { app: clientId, handle: 'review-created' },
    steps: [
      {
        id: 'low-rating',
        type: 'condition',
        condition: { field: 'rating', op: 'less_than_or_equal', value: 2 },
        then: [{ id: 'add-points', type: 'action', action: { app: clientId, handle: 'add-points' }, fields: { customer_id: '{{ customer_id }}', points } }],
        otherwise: [],
      },
    ],
  };
}

export async function createEnabledWorkflow(base: string, definition: unknown, shop?: string) {
  const headers: Record<string, string> = shop ? { 'x-switchboard-shop': shop } : {};
  const created = await api(base, 'POST', '/admin/api/workflows', definition, headers);
  if (created.status !== 201) throw new Error(`create workflow: ${created.status} ${created.text}`);
  const enabled = await api(base, 'POST', `/admin/api/workflows/${created.json.id}/enable`, undefined, headers);
  if (enabled.status !== 200) throw new Error(`enable workflow: ${enabled.status} ${enabled.text}`);
  return enabled.json;
}

export async function sendTrigger(base: string, token: string | undefined, body: unknown, headers: Record<string, string> = {}) {
  return api(base, 'POST', '/connector-api/v1/triggers', body, { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers });
}

/** Polls the admin API until the run reaches one of the statuses. */
export async function waitForRun(base: string, predicate: (runs: any[]) => boolean, timeoutMs = 20_000, query = '', headers: Record<string, string> = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { json } = await api(base, 'GET', `/admin/api/runs?limit=500${query}`, undefined, headers);
    if (predicate(json.runs)) return json.runs as any[];
    if (Date.now() > deadline) throw new Error(`runs never matched: ${JSON.stringify(json.runs.map((r: any) => r.status))}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
