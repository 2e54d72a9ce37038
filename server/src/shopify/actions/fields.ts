import type { ActionExtension, ManifestField } from '@switchboard/sdk/manifest';
import type { ActionTarget } from '../../engine/index.js';

/** A declared field of a built-in action, in the same shape as a connector's. */
export function field(type: ManifestField['type'], key: string, name: string, required: boolean, description?: string): ManifestField {
  return { type, key, name, required, payloadKey: key, description };
}

export function actionExtension(handle: string, name: string, description: string, fields: ManifestField[]): ActionExtension {
  return { type: 'flow_action', handle, name, description, fields, runtimeUrl: `builtin:${handle}`, file: '(built-in)' };
}

/** Milliseconds since `started`, rounded. */
export const since = (started: number) => Math.round(performance.now() - started);

/** A built-in action of Shopify or Switchboard: run in-process, addressed as `builtin:<app>/<handle>`. */
export function builtinAction(app: 'shopify' | 'switchboard', extension: ActionExtension, execute: NonNullable<ActionTarget['execute']>): ActionTarget {
  return {
    appId: 0,
    clientId: app,
    clientSecret: '',
    appName: app === 'shopify' ? 'Shopify' : 'Switchboard',
    runtimeUrl: `builtin:${app}/${extension.handle}`,
    extension,
    execute,
  };
}
