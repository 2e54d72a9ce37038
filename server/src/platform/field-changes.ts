import type { Extension, ManifestField } from '@switchboard/sdk/manifest';
import { allSteps, type WorkflowDefinition } from '../engine/index.js';

/**
 * Fields a workflow uses whose declared type changes in a deploy. Removals
 * are caught by validating the workflow against the new extensions; a
 * retyped field can still validate yet break at run time, so it is found here.
 */
export function retypedFieldsUsed(clientId: string, before: Extension[], after: Extension[], def: WorkflowDefinition): string[] {
  const fieldsOf = (exts: Extension[], type: string, handle: string): Map<string, ManifestField> => {
    const ext = exts.find((e) => e.type === type && e.handle === handle);
    return new Map(ext && 'fields' in ext ? ext.fields.map((f) => [f.payloadKey, f]) : []);
  };
  const changes: string[] = [];
  if (def.trigger.app === clientId) {
    const old = fieldsOf(before, 'flow_trigger', def.trigger.handle);
    const now = fieldsOf(after, 'flow_trigger', def.trigger.handle);
    const text = JSON.stringify(def.steps);
    for (const [key, field] of old) {
      const next = now.get(key);
      if (next && next.type !== field.type && mentions(text, key)) {
        changes.push(`trigger field "${key}" changes from ${field.type} to ${next.type}`);
      }
    }
  }
  for (const step of allSteps(def.steps)) {
    if (step.type !== 'action' || step.action.app !== clientId) continue;
    const old = fieldsOf(before, 'flow_action', step.action.handle);
    const now = fieldsOf(after, 'flow_action', step.action.handle);
    for (const key of Object.keys(step.fields)) {
      const a = old.get(key);
      const b = now.get(key);
      if (a && b && a.type !== b.type) changes.push(`action "${step.action.handle}" field "${key}" changes from ${a.type} to ${b.type}`);
    }
  }
  return changes;
}

/** Whether a variable name appears in conditions or Liquid (as a whole name, not inside another word). */
function mentions(text: string, key: string): boolean {
  const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^A-Za-z0-9_])${escaped}([^A-Za-z0-9_]|$)`).test(text);
}
