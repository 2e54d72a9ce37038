/**
 * Typed shapes of Flow-format extension manifests (`shopify.extension.toml`).
 * One definition shared by the Switchboard server and the SDK/CLI.
 */

/** Value types a field may declare. */
export const VALUE_TYPES = [
  'single_line_text_field',
  'multi_line_text_field',
  'number_integer',
  'number_decimal',
  'boolean',
  'email',
  'url',
] as const;
export type ValueType = (typeof VALUE_TYPES)[number];

/** Reference types usable by triggers and actions. */
export const COMMON_REFERENCE_TYPES = [
  'customer_reference',
  'order_reference',
  'product_reference',
  'company_reference',
  'company_contact_reference',
] as const;
/** Reference types usable by actions only. */
export const ACTION_ONLY_REFERENCE_TYPES = ['marketing_activity_reference', 'abandonment_reference'] as const;
export type ReferenceType =
  | (typeof COMMON_REFERENCE_TYPES)[number]
  | (typeof ACTION_ONLY_REFERENCE_TYPES)[number];

/** A field's declared type: a value type, a reference type, or `schema.<Type>` (triggers only). */
export type FieldType = ValueType | ReferenceType | `schema.${string}`;

export interface ManifestField {
  type: FieldType;
  /** As written in the manifest; absent for reference fields. */
  key?: string;
  name?: string;
  description?: string;
  required: boolean;
  /**
   * The JSON key this field travels under in trigger payloads and action
   * properties: the `key` as written (spaces included), or for a reference
   * field `customer_id`, `order_id`, ... (the type minus `_reference`, plus `_id`).
   */
  payloadKey: string;
}

interface ExtensionBase {
  handle: string;
  name: string;
  description?: string;
  apiVersion?: string;
  /** The manifest file this extension came from, as given to the parser. */
  file: string;
}

export interface TriggerExtension extends ExtensionBase {
  type: 'flow_trigger';
  fields: ManifestField[];
  /** Path of a GraphQL SDL schema file, relative to the extension folder. */
  schema?: string;
}

export interface ActionExtension extends ExtensionBase {
  type: 'flow_action';
  fields: ManifestField[];
  /** Absolute URL, or a path starting with one `/` (resolved against the app URL). */
  runtimeUrl: string;
  validationUrl?: string;
  configPageUrl?: string;
  configPagePreviewUrl?: string;
  schema?: string;
  returnTypeRef?: string;
}

export interface LifecycleCallbackExtension extends ExtensionBase {
  type: 'flow_trigger_lifecycle_callback';
  url: string;
}

export interface TemplateExtension extends ExtensionBase {
  type: 'flow_template';
  template: {
    categories: string[];
    /** Path of the workflow module file, relative to the extension folder. */
    module: string;
    requireApp?: boolean;
    discoverable?: boolean;
    enabled?: boolean;
  };
}

export type Extension =
  | TriggerExtension
  | ActionExtension
  | LifecycleCallbackExtension
  | TemplateExtension;

export type ExtensionType = Extension['type'];

export interface ManifestProblem {
  severity: 'error' | 'warning';
  /** The manifest file, as given to the parser. */
  file: string;
  /** 1-based line in the file, when it can be located. */
  line?: number;
  /** Dotted path of the field concerned, e.g. `extensions[0].settings.fields[1].type`. */
  field: string;
  /** Stable machine-readable code, e.g. `invalid_handle`, `unknown_key`, `toml_syntax`. */
  code: string;
  /** A sentence a person can act on. */
  message: string;
}

export interface ManifestFile {
  /** Path as the user knows it, e.g. `extensions/review-created/shopify.extension.toml`. */
  path: string;
  content: string;
}

export interface ParseOptions {
  /** Allow plain `http://localhost` / `127.0.0.1` URLs (local development). */
  local?: boolean;
}

export interface ParseResult {
  extensions: Extension[];
  /** Errors and warnings; `extensions` is empty when any error is present. */
  problems: ManifestProblem[];
}
