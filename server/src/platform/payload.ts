import type { ManifestField } from '@switchboard/sdk/manifest';

export interface FieldProblem {
  field: string;
  message: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Checks a trigger payload against the trigger's declared fields; every problem names its field. */
export function validatePayload(fields: ManifestField[], payload: unknown): FieldProblem[] {
  if (!payload || typeof payload !== 'object' || Array.isArray(payload)) {
    return [{ field: 'payload', message: 'must be a JSON object' }];
  }
  const values = payload as Record<string, unknown>;
  const problems: FieldProblem[] = [];
  const declared = new Map(fields.map((f) => [f.payloadKey, f]));
  for (const key of Object.keys(values)) {
    if (!declared.has(key)) {
      const known = [...declared.keys()].map((k) => `"${k}"`).join(', ') || 'none';
      problems.push({ field: key, message: `is not a field of this trigger (its fields: ${known})` });
    }
  }
  for (const field of fields) {
    const value = values[field.payloadKey];
    if (value === undefined || value === null) {
      if (field.required) problems.push({ field: field.payloadKey, message: 'is required' });
      continue;
    }
    const problem = checkValue(field.type, value);
    if (problem) problems.push({ field: field.payloadKey, message: problem });
  }
  return problems;
}

function checkValue(type: string, value: unknown): string | undefined {
  const kind = Array.isArray(value) ? 'array' : typeof value;
  switch (type) {
    case 'single_line_text_field':
      if (typeof value !== 'string') return `must be a string, got ${kind}`;
      return value.includes('\n') ? 'must be a single line' : undefined;
    case 'multi_line_text_field':
      return typeof value === 'string' ? undefined : `must be a string, got ${kind}`;
    case 'number_integer':
      return typeof value === 'number' && Number.isInteger(value) ? undefined : `must be an integer, got ${JSON.stringify(value)}`;
    case 'number_decimal':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : `must be a number, got ${JSON.stringify(value)}`;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `must be true or false, got ${JSON.stringify(value)}`;
    case 'email':
      return typeof value === 'string' && EMAIL.test(value) ? undefined : `must be an email address, got ${JSON.stringify(value)}`;
    case 'url':
      if (typeof value !== 'string') return `must be a URL string, got ${kind}`;
      try {
        new URL(value);
        return undefined;
      } catch {
        return `must be an absolute URL, got ${JSON.stringify(value)}`;
      }
    default:
      if (type.endsWith('_reference')) {
        const ok = (typeof value === 'number' && Number.isInteger(value)) || (typeof value === 'string' && value.trim() !== '');
        return ok ? undefined : `must be an id (an integer or a gid string), got ${JSON.stringify(value)}`;
      }
      if (type.startsWith('schema.')) {
        return typeof value === 'object' ? undefined : `must be an object or a list shaped like ${type.slice(7)}, got ${kind}`;
      }
      return undefined;
  }
}
