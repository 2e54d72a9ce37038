import { resolveExtensionUrl } from '@switchboard/sdk/manifest';
import { sendSigned } from '../delivery/index.js';
import type { ActionTarget } from './catalog.js';
import type { ActionStep, DefinitionProblem } from './definition.js';

export type RemoteValidator = (target: ActionTarget, step: ActionStep, at: string) => Promise<DefinitionProblem[]>;

/**
 * Asks an action's `validation_url`, as Flow does before a save, whether the
 * merchant's settings are valid. The app answers 200 `{ errors: [{ id, message }] }`
 * (`id` names the field); anything else means the settings cannot be saved.
 */
export function remoteValidator(shop: { id: number; domain: string }, appUrlOf: (target: ActionTarget) => Promise<string>, timeoutMs = 5_000): RemoteValidator {
  return async (target, step, at) => {
    const url = target.extension.validationUrl;
    if (!url || target.execute) return [];
    const body = JSON.stringify({ shop_id: shop.id, shopify_domain: shop.domain, handle: step.action.handle, action_definition_id: step.action.handle, step_reference: step.id, properties: step.fields });
    const result = await sendSigned(resolveExtensionUrl(url, await appUrlOf(target)), body, target.clientSecret, timeoutMs);
    if (result.statusCode !== 200) {
      const why = result.statusCode ? `answered ${result.statusCode}` : result.error;
      return [{ path: `${at}.action`, message: `${target.appName} could not validate these settings (${why}); try again` }];
    }
    let parsed: { errors?: Array<{ id?: string; key?: string; field?: string; message?: string }> };
    try {
      parsed = JSON.parse(result.responseExcerpt ?? '{}');
    } catch {
      return [{ path: `${at}.action`, message: `${target.appName}'s validation answer is not JSON` }];
    }
    return (parsed.errors ?? []).map((e) => {
      const key = e.id ?? e.key ?? e.field;
      return { path: key ? `${at}.fields["${key}"]` : `${at}.action`, message: e.message ?? 'not valid' };
    });
  };
}
