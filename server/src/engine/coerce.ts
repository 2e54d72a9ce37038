import type { ManifestField } from '@switchboard/sdk/manifest';

/** Rendered Liquid is text; typed fields travel as their JSON type. */
export function coerceField(text: string, field: ManifestField | undefined): unknown {
  switch (field?.type) {
    case 'number_integer': {
      const n = Number(text.trim());
      if (!Number.isInteger(n)) throw new Error(`"${field.name ?? field.payloadKey}" must be a whole number, got "${text}"`);
      return n;
    }
    case 'number_decimal': {
      const n = Number(text.trim());
      if (text.trim() === '' || !Number.isFinite(n)) throw new Error(`"${field.name ?? field.payloadKey}" must be a number, got "${text}"`);
      return n;
    }
    case 'boolean': {
      const t = text.trim().toLowerCase();
      if (t !== 'true' && t !== 'false') throw new Error(`"${field.name ?? field.payloadKey}" must be true or false, got "${text}"`);
      return t === 'true';
    }
    default:
      // Reference ids travel as numbers, as in Flow's payloads (a gid stays a string).
      if (field?.type.endsWith('_reference') && /^\d+$/.test(text.trim()) && Number.isSafeInteger(Number(text.trim()))) return Number(text.trim());
      return text;
  }
}
