import { BlockStack, Box, Button, InlineStack, Text, TextField } from '@shopify/polaris';
import { useEffect, useState } from 'react';
import type { SchemaPath } from '../../lib/schema';
import { VariablePathField } from '../VariablePathField';

interface Row {
  name: string;
  path: string;
}

interface Props {
  /** Input name -> variable path. */
  value: Record<string, string>;
  onChange(value: Record<string, string>): void;
  options: SchemaPath[];
  /** Save-time problems of one input (by name), and of the mapping as a whole. */
  problemFor(name: string): string | undefined;
  problem?: string;
  /** Who the rows belong to, in accessible names. */
  owner: string;
}

const NAME = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

const toRecord = (rows: Row[]) => Object.fromEntries(rows.filter((r) => r.name.trim()).map((r) => [r.name.trim(), r.path]));

/**
 * Run code's inputs: rows of name -> variable path. Rows are kept as typed
 * (an empty or repeated name while editing) and the step gets the named ones.
 */
export function InputMappingEditor({ value, onChange, options, problemFor, problem, owner }: Props) {
  const [rows, setRows] = useState<Row[]>(() => Object.entries(value).map(([name, path]) => ({ name, path })));
  useEffect(() => {
    if (JSON.stringify(toRecord(rows)) !== JSON.stringify(value)) setRows(Object.entries(value).map(([name, path]) => ({ name, path })));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [JSON.stringify(value)]);
  const set = (next: Row[]) => {
    setRows(next);
    onChange(toRecord(next));
  };
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.name.trim(), (counts.get(r.name.trim()) ?? 0) + 1);
  return (
    <BlockStack gap="200">
      <Text as="p" fontWeight="medium">
        Input
      </Text>
      <Text as="p" tone="subdued" variant="bodySm">
        Each name becomes <code>input.&lt;name&gt;</code> in the code, with the value of the variable at its path.
      </Text>
      {rows.length === 0 && (
        <Text as="p" tone="subdued">
          No input yet.
        </Text>
      )}
      {rows.map((row, i) => {
        const name = row.name.trim();
        const nameError = name && !NAME.test(name) ? 'Letters, digits, _ or $, not starting with a digit' : name && (counts.get(name) ?? 0) > 1 ? `"${name}" is used twice` : undefined;
        return (
          <InlineStack key={i} gap="200" blockAlign="start" wrap>
            <Box minWidth="140px">
              <TextField
                label={`Input name ${i + 1}`}
                labelHidden={i > 0}
                value={row.name}
                autoComplete="off"
                monospaced
                placeholder="total"
                error={nameError ?? (name ? problemFor(name) : undefined)}
                onChange={(v) => set(rows.map((r, j) => (j === i ? { ...r, name: v } : r)))}
              />
            </Box>
            <Box minWidth="260px">
              <VariablePathField
                label={`Variable path ${i + 1}`}
                labelHidden={i > 0}
                value={row.path}
                options={options}
                placeholder="order.totalPriceSet.shopMoney.amount"
                onChange={(v) => set(rows.map((r, j) => (j === i ? { ...r, path: v } : r)))}
              />
            </Box>
            <Box paddingBlockStart={i === 0 ? '600' : '0'}>
              <Button variant="plain" tone="critical" onClick={() => set(rows.filter((_, j) => j !== i))} accessibilityLabel={`Remove input ${name || i + 1} of ${owner}`}>
                Remove
              </Button>
            </Box>
          </InlineStack>
        );
      })}
      {problem && (
        <Text as="p" tone="critical">
          {problem}
        </Text>
      )}
      <InlineStack>
        <Button onClick={() => set([...rows, { name: '', path: '' }])} accessibilityLabel={`Add input to ${owner}`}>
          Add input
        </Button>
      </InlineStack>
    </BlockStack>
  );
}
