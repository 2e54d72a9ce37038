/** `[settings]` and its `[[settings.fields]]`: what a trigger sends or an action receives. */
import { isTable, type Checker, type Table } from './checker.js';
import { at, join } from './path.js';
import { closest } from './suggest.js';
import {
  ACTION_ONLY_REFERENCE_TYPES,
  COMMON_REFERENCE_TYPES,
  VALUE_TYPES,
  type FieldType,
  type ManifestField,
} from './types.js';

type Kind = 'flow_trigger' | 'flow_action';

const FIELD_KEYS = ['type', 'key', 'name', 'description', 'required'] as const;
const TRIGGER_EXCLUDED: readonly string[] = ['number_integer', 'multi_line_text_field'];
const TRIGGER_KEY = /^[A-Za-z ]+$/;
const SCHEMA_TYPE = /^schema\.[_A-Za-z][_0-9A-Za-z]*$/;

export interface SettingsResult {
  fields: ManifestField[];
  /** Keys found where `fields` was expected (likely typos), when `fields` is absent. */
  strayKeys: string[] | undefined;
}

/**
 * Checks a `[settings]` table at `path` for an extension of `kind`.
 * `hasSchema` says whether the extension declares `schema` (needed by `schema.<Type>`).
 */
export function checkSettings(
  c: Checker,
  settings: unknown,
  path: string,
  kind: Kind,
  hasSchema: boolean,
): SettingsResult {
  if (!isTable(settings)) {
    c.wrongType(path, 'settings', 'a table ([settings])', settings);
    return { fields: [], strayKeys: undefined };
  }
  const unknown = c.unknownKeys(settings, path, ['fields']);
  const raw = settings['fields'];
  if (raw === undefined) return { fields: [], strayKeys: unknown };
  const fieldsPath = join(path, 'fields');
  if (!Array.isArray(raw)) {
    c.wrongType(fieldsPath, 'fields', 'an array of tables ([[settings.fields]])', raw);
    return { fields: [], strayKeys: undefined };
  }
  const fields: ManifestField[] = [];
  const seen = new Map<string, number>(); // payloadKey -> field index
  raw.forEach((entry: unknown, i) => {
    const fieldPath = at(fieldsPath, i);
    if (!isTable(entry)) {
      c.wrongType(fieldPath, `fields[${i}]`, 'a table', entry);
      return;
    }
    const field = checkField(c, entry, fieldPath, kind, hasSchema);
    if (field === undefined) return;
    const first = seen.get(field.payloadKey);
    if (first !== undefined) {
      const where = join(fieldPath, field.key === undefined ? 'type' : 'key');
      c.error(where, 'duplicate_field_key', `Field key \`${field.payloadKey}\` is already used by fields[${first}].`);
      return;
    }
    seen.set(field.payloadKey, i);
    fields.push(field);
  });
  return { fields, strayKeys: undefined };
}

function checkField(c: Checker, t: Table, path: string, kind: Kind, hasSchema: boolean): ManifestField | undefined {
  const before = c.errorCount;
  c.unknownKeys(t, path, FIELD_KEYS);
  const type = checkFieldType(c, t, path, kind, hasSchema);
  const key = c.string(t, 'key', path);
  const name = c.string(t, 'name', path);
  const description = c.string(t, 'description', path);
  const required = c.boolean(t, 'required', path);

  const isReference = type?.endsWith('_reference') ?? false;
  if (isReference) {
    for (const [prop, value] of [['key', key], ['name', name]] as const) {
      if (value === undefined || value === null) continue;
      c.error(
        join(path, prop),
        `reference_field_has_${prop}`,
        `A \`${type}\` field takes no \`${prop}\`: it travels as \`${payloadKeyOf(type ?? '')}\`. Remove \`${prop}\`.`,
      );
    }
  } else {
    // Flow requires a name only on action fields; trigger fields are named by their key.
    // With an unreadable type (maybe a misspelt reference) "key is missing" would mislead.
    const why = ` (a \`${type}\` field needs one)`;
    const presentKey =
      type === undefined ? (typeof key === 'string' && key !== '' ? key : null) : c.required(key, 'key', path, why);
    if (kind === 'flow_action' && type !== undefined) c.required(name, 'name', path, why);
    if (kind === 'flow_trigger' && presentKey !== null && !TRIGGER_KEY.test(presentKey)) {
      const why = `A trigger field \`key\` may contain only letters and spaces: ${JSON.stringify(presentKey)}.`;
      c.error(join(path, 'key'), 'invalid_key', why);
    }
  }
  if (c.errorCount > before || type === undefined) return undefined;
  return {
    type,
    ...(typeof key === 'string' ? { key } : {}),
    ...(typeof name === 'string' ? { name } : {}),
    ...(typeof description === 'string' ? { description } : {}),
    required: required ?? false,
    payloadKey: isReference ? payloadKeyOf(type) : (key as string),
  };
}

function checkFieldType(c: Checker, t: Table, path: string, kind: Kind, hasSchema: boolean): FieldType | undefined {
  const type = c.requiredString(t, 'type', path);
  if (type === null) return undefined;
  const where = join(path, 'type');
  const noun = kind === 'flow_trigger' ? 'Triggers' : 'Actions';
  if (type.startsWith('schema.')) {
    if (kind === 'flow_action') {
      c.error(where, 'invalid_field_type', `Actions may not use schema types (\`${type}\`); only triggers may.`);
    } else if (!SCHEMA_TYPE.test(type)) {
      c.error(where, 'invalid_field_type', `\`${type}\` is not a schema type: write \`schema.<TypeName>\`.`);
    } else if (!hasSchema) {
      const why = `\`${type}\` refers to a schema type, so the extension needs \`schema\` (a GraphQL SDL file).`;
      c.error(where, 'missing_schema', why);
    } else {
      return type as FieldType;
    }
    return undefined;
  }
  const allowed = allowedTypes(kind);
  if (allowed.includes(type)) return type as FieldType;
  const excluded = kind === 'flow_trigger' && (TRIGGER_EXCLUDED.includes(type) || isActionOnlyReference(type));
  const guess = excluded ? undefined : closest(type, allowed);
  const message = excluded
    ? `${noun} may not use \`${type}\`.`
    : `Unknown field type \`${type}\`${guess === undefined ? '' : ` (did you mean \`${guess}\`?)`}.`;
  const schemaHint = kind === 'flow_trigger' ? ', or schema.<Type>' : '';
  c.error(where, 'invalid_field_type', `${message} ${noun} may use: ${allowed.join(', ')}${schemaHint}.`);
  return undefined;
}

function allowedTypes(kind: Kind): readonly string[] {
  if (kind === 'flow_action') return [...VALUE_TYPES, ...COMMON_REFERENCE_TYPES, ...ACTION_ONLY_REFERENCE_TYPES];
  return [...VALUE_TYPES.filter((t) => !TRIGGER_EXCLUDED.includes(t)), ...COMMON_REFERENCE_TYPES];
}

function isActionOnlyReference(type: string): boolean {
  return (ACTION_ONLY_REFERENCE_TYPES as readonly string[]).includes(type);
}

/** `customer_reference` -> `customer_id`. */
function payloadKeyOf(type: string): string {
  return `${type.slice(0, -'_reference'.length)}_id`;
}
