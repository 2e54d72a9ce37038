/** Text of new `shopify.extension.toml` files, written by `generate` and `init`. */

/** A field of a generated manifest. */
export interface TemplateField {
  type: string;
  key?: string;
  name?: string;
  description?: string;
  required?: boolean;
}

export interface TemplateExtension {
  type: 'flow_trigger' | 'flow_action';
  handle: string;
  name: string;
  description: string;
  /** Actions only. */
  runtimeUrl?: string;
  fields: TemplateField[];
}

/** A TOML basic string (JSON's escapes are valid TOML). */
const str = (value: string): string => JSON.stringify(value);

/** A flat Flow manifest for one trigger or action. */
export function manifestText(ext: TemplateExtension): string {
  const lines = [
    `# Shopify Flow-format extension manifest, checked by \`switchboard validate\` and published by \`switchboard deploy\`.`,
    `type = ${str(ext.type)}`,
    `handle = ${str(ext.handle)}`,
    `name = ${str(ext.name)}`,
    `description = ${str(ext.description)}`,
  ];
  if (ext.runtimeUrl !== undefined) {
    lines.push(`# Resolved against your app's URL; Switchboard POSTs signed action requests here.`);
    lines.push(`runtime_url = ${str(ext.runtimeUrl)}`);
  }
  lines.push('', '[settings]');
  for (const f of ext.fields) {
    lines.push('', '[[settings.fields]]', `type = ${str(f.type)}`);
    if (f.key !== undefined) lines.push(`key = ${str(f.key)}`);
    if (f.name !== undefined) lines.push(`name = ${str(f.name)}`);
    if (f.description !== undefined) lines.push(`description = ${str(f.description)}`);
    if (f.required !== undefined) lines.push(`required = ${f.required}`);
  }
  return lines.join('\n') + '\n';
}

/** A trigger with one text field, as `switchboard generate trigger` writes it. */
export function triggerTemplate(handle: string, name: string): TemplateExtension {
  return {
    type: 'flow_trigger',
    handle,
    name,
    description: `Sent when ${name.toLowerCase()} happens`,
    fields: [
      // A trigger field's key is letters and spaces only: it is the payload's JSON key as written.
      { type: 'single_line_text_field', key: 'Message', description: 'A short text sent with the event', required: true },
    ],
  };
}

/** An action with one text field, as `switchboard generate action` writes it. */
export function actionTemplate(handle: string, name: string): TemplateExtension {
  return {
    type: 'flow_action',
    handle,
    name,
    description: `${name}: run by Switchboard workflows`,
    runtimeUrl: `/actions/${handle}`,
    fields: [{ type: 'single_line_text_field', key: 'message', name: 'Message', description: 'Text the merchant sets, Liquid allowed', required: true }],
  };
}
