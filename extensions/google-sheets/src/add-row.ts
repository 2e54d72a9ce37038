/**
 * The "Add row to spreadsheet" action: reads the merchant's fields as Flow's
 * Google Sheets action does (values separated by commas become columns),
 * then appends the row.
 */
import { ActionError } from '@switchboard/sdk';
import type { SheetsClient } from './sheets-client.js';

export interface AddRowProperties {
  spreadsheet_id?: unknown;
  sheet?: unknown;
  values?: unknown;
}

export interface AddedRow {
  updated_range: string;
  updated_rows: number;
}

export const DEFAULT_SHEET = 'Sheet1';

export async function addRow(client: SheetsClient, properties: AddRowProperties): Promise<AddedRow> {
  const spreadsheetId = spreadsheetIdOf(textField(properties.spreadsheet_id));
  const range = rangeOf(textField(properties.sheet));
  const values = splitValues(textField(properties.values));
  const appended = await client.appendRow({ spreadsheetId, range, values });
  return { updated_range: appended.updatedRange, updated_rows: appended.updatedRows };
}

/**
 * Columns from the rendered `values`: split on commas, each trimmed. Commas
 * inside a value must be removed or replaced with Liquid first
 * (`{{ order.shipping_address.address1 | remove: ',' }}`).
 */
export function splitValues(values: string): string[] {
  if (values.trim() === '') {
    throw new ActionError('The "Values" field is empty after Liquid rendering: give the row’s values separated by commas, e.g. {{ order.name }}, {{ order.total_price }}', {
      code: 'invalid_field',
    });
  }
  return values.split(',').map((value) => value.trim());
}

/** The ID, also taken out of a pasted spreadsheet URL (`.../spreadsheets/d/<id>/edit`). */
export function spreadsheetIdOf(value: string): string {
  const id = /\/spreadsheets\/d\/([A-Za-z0-9_-]+)/.exec(value)?.[1] ?? value;
  if (id === '') {
    throw new ActionError('The "Spreadsheet ID" field is empty: give the ID from the spreadsheet’s URL, between /d/ and /edit', {
      code: 'invalid_field',
    });
  }
  if (!/^[A-Za-z0-9_-]+$/.test(id)) {
    throw new ActionError(`The "Spreadsheet ID" field is not a spreadsheet ID: "${value}". Use the part of the spreadsheet’s URL between /d/ and /edit`, {
      code: 'invalid_field',
    });
  }
  return id;
}

/**
 * The A1 range to append to. A plain sheet name with spaces or punctuation is
 * quoted as A1 notation needs (`Orders 2024` -> `'Orders 2024'`); a range
 * with `!`, an already quoted name, or a bare A1 range is left as written.
 */
export function rangeOf(sheet: string): string {
  if (sheet === '') return DEFAULT_SHEET;
  if (sheet.includes('!') || sheet.startsWith("'") || /^\w+$/.test(sheet) || /^[A-Z]{1,3}\d*(:[A-Z]{1,3}\d*)?$/i.test(sheet)) return sheet;
  return `'${sheet.replace(/'/g, "''")}'`;
}

function textField(value: unknown): string {
  if (value === undefined || value === null) return '';
  return (typeof value === 'string' ? value : String(value)).trim();
}
