import { useEffect, useState } from 'react';
import { BlockStack, Box, Button, InlineStack, Select, Text, TextField } from '@shopify/polaris';
import type { Comparison, Condition, ListTest, Operator } from '../api/types';
import { OPERATOR_LABELS, isGroup, isList, itemPaths, needsValue, operatorsFor, parseValue, valueText, type SchemaPath } from '../lib/schema';

interface Props {
  condition: Condition;
  onChange(c: Condition): void;
  /** Paths the condition may read, with their types. */
  paths: SchemaPath[];
  /** Where this condition sits in the definition, e.g. `steps[0].condition`, to place save problems. */
  path: string;
  problemAt(path: string): string | undefined;
  onRemove?: () => void;
  depth?: number;
}

export function emptyComparison(paths: SchemaPath[]): Comparison {
  const first = paths.find((p) => p.type.kind !== 'object' && p.type.kind !== 'list') ?? paths[0];
  const op = operatorsFor(first?.type)[0] ?? 'equals';
  return { field: first?.path ?? '', op, value: '' };
}

export function ConditionEditor(props: Props) {
  const { condition } = props;
  if (isGroup(condition)) return <GroupEditor {...props} />;
  if (isList(condition)) return <ListEditor {...props} condition={condition} />;
  return <ComparisonEditor {...props} condition={condition as Comparison} />;
}

function GroupEditor({ condition, onChange, paths, path, problemAt, onRemove, depth = 0 }: Props) {
  const kind: 'all' | 'any' = 'all' in condition ? 'all' : 'any';
  const items = (condition as Record<string, Condition[]>)[kind] ?? [];
  const set = (next: Condition[]) => onChange((kind === 'all' ? { all: next } : { any: next }) as Condition);
  const listPaths = paths.filter((p) => p.type.kind === 'list');
  return (
    <Box padding="300" borderWidth="025" borderColor="border" borderRadius="200">
      <BlockStack gap="300">
        <InlineStack gap="200" blockAlign="end" wrap>
          <Select
            label="Match"
            options={[
              { label: 'All of these rules (AND)', value: 'all' },
              { label: 'Any of these rules (OR)', value: 'any' },
            ]}
            value={kind}
            onChange={(v) => onChange((v === 'all' ? { all: items } : { any: items }) as Condition)}
          />
          {onRemove && (
            <Button variant="plain" tone="critical" onClick={onRemove} accessibilityLabel="Remove this group">
              Remove group
            </Button>
          )}
        </InlineStack>
        {problemAt(`${path}.${kind}`) && (
          <Text as="p" tone="critical">
            {problemAt(`${path}.${kind}`)}
          </Text>
        )}
        {items.map((child, i) => (
          <ConditionEditor
            key={i}
            condition={child}
            paths={paths}
            path={`${path}.${kind}[${i}]`}
            problemAt={problemAt}
            depth={depth + 1}
            onChange={(c) => set(items.map((x, j) => (j === i ? c : x)))}
            onRemove={items.length > 1 ? () => set(items.filter((_, j) => j !== i)) : undefined}
          />
        ))}
        <InlineStack gap="200" wrap>
          <Button onClick={() => set([...items, emptyComparison(paths)])}>Add rule</Button>
          {listPaths.length > 0 && (
            <Button onClick={() => set([...items, { list: listPaths[0]!.path, quantifier: 'any', where: emptyComparison(itemPaths(listPaths[0]!.type)) }])}>
              Add list rule
            </Button>
          )}
          {depth < 3 && <Button onClick={() => set([...items, { any: [emptyComparison(paths)] }])}>Add group</Button>}
        </InlineStack>
      </BlockStack>
    </Box>
  );
}

function ListEditor({ condition, onChange, paths, path, problemAt, onRemove, depth = 0 }: Props & { condition: ListTest }) {
  const listPaths = paths.filter((p) => p.type.kind === 'list');
  const listType = paths.find((p) => p.path === condition.list)?.type;
  const inner = itemPaths(listType);
  const options = listPaths.map((p) => ({ label: p.path, value: p.path }));
  if (!options.some((o) => o.value === condition.list)) options.unshift({ label: condition.list || 'Choose a list', value: condition.list });
  return (
    <Box padding="300" borderWidth="025" borderColor="border" borderRadius="200">
      <BlockStack gap="300">
        <InlineStack gap="200" blockAlign="end" wrap>
          <Select
            label="List"
            options={options}
            value={condition.list}
            error={problemAt(`${path}.list`)}
            onChange={(v) => onChange({ ...condition, list: v, where: emptyComparison(itemPaths(paths.find((p) => p.path === v)?.type)) })}
          />
          <Select
            label="Quantifier"
            options={[
              { label: 'At least one item', value: 'any' },
              { label: 'Every item', value: 'all' },
              { label: 'No item', value: 'none' },
            ]}
            value={condition.quantifier}
            error={problemAt(`${path}.quantifier`)}
            onChange={(v) => onChange({ ...condition, quantifier: v as ListTest['quantifier'] })}
          />
          {onRemove && (
            <Button variant="plain" tone="critical" onClick={onRemove} accessibilityLabel={`Remove list rule on ${condition.list}`}>
              Remove
            </Button>
          )}
        </InlineStack>
        <Text as="p" variant="bodySm" tone="subdued">
          where the item matches:
        </Text>
        <ConditionEditor condition={condition.where} paths={inner} path={`${path}.where`} problemAt={problemAt} depth={depth + 1} onChange={(c) => onChange({ ...condition, where: c })} />
      </BlockStack>
    </Box>
  );
}

function ComparisonEditor({ condition, onChange, paths, path, problemAt, onRemove }: Props & { condition: Comparison }) {
  const type = paths.find((p) => p.path === condition.field)?.type;
  const ops = operatorsFor(type);
  const fieldOptions = paths.filter((p) => p.type.kind !== 'object').map((p) => ({ label: p.path, value: p.path }));
  if (!fieldOptions.some((o) => o.value === condition.field)) fieldOptions.unshift({ label: condition.field || 'Choose a field', value: condition.field });
  const opOptions = ops.map((o) => ({ label: OPERATOR_LABELS[o], value: o }));
  if (!ops.includes(condition.op)) opOptions.unshift({ label: OPERATOR_LABELS[condition.op] ?? condition.op, value: condition.op });
  const setOp = (op: Operator) => onChange(needsValue(op) ? { ...condition, op, value: condition.value ?? '' } : { field: condition.field, op });
  const valueLabel = condition.op === 'is_one_of' ? 'Values (comma separated)' : condition.op === 'within_last_days' ? 'Days' : 'Value';
  return (
    <InlineStack gap="200" blockAlign="start" wrap>
      <Box minWidth="160px">
        <Select
          label="Field"
          options={fieldOptions}
          value={condition.field}
          error={problemAt(`${path}.field`)}
          onChange={(v) => {
            const t = paths.find((p) => p.path === v)?.type;
            const nextOps = operatorsFor(t);
            const op = nextOps.includes(condition.op) ? condition.op : (nextOps[0] ?? 'equals');
            onChange({ field: v, op, ...(needsValue(op) ? { value: t?.kind === 'boolean' ? true : '' } : {}) });
          }}
        />
      </Box>
      <Box minWidth="160px">
        <Select label="Operator" options={opOptions} value={condition.op} error={problemAt(`${path}.op`)} onChange={(v) => setOp(v as Operator)} />
      </Box>
      {needsValue(condition.op) &&
        (type?.kind === 'boolean' && condition.op !== 'is_one_of' ? (
          <Select
            label={valueLabel}
            options={[
              { label: 'true', value: 'true' },
              { label: 'false', value: 'false' },
            ]}
            value={String(condition.value === true || condition.value === 'true')}
            error={problemAt(`${path}.value`)}
            onChange={(v) => onChange({ ...condition, value: v === 'true' })}
          />
        ) : (
          <Box minWidth="160px">
            <ValueField
              label={valueLabel}
              type={type?.kind === 'date' && condition.op !== 'within_last_days' ? 'date' : 'text'}
              value={condition.value}
              error={problemAt(`${path}.value`)}
              parse={(v) => parseValue(v, condition.op, type)}
              onChange={(value) => onChange({ ...condition, value })}
            />
          </Box>
        ))}
      {onRemove && (
        <Box paddingBlockStart="600">
          <Button variant="plain" tone="critical" onClick={onRemove} accessibilityLabel={`Remove rule on ${condition.field || 'field'}`}>
            Remove
          </Button>
        </Box>
      )}
    </InlineStack>
  );
}

/** Keeps what the merchant types (e.g. "1." on the way to "1.5") while the definition holds the parsed value. */
function ValueField({ label, type, value, error, parse, onChange }: { label: string; type: 'text' | 'date'; value: unknown; error?: string; parse(text: string): unknown; onChange(v: unknown): void }) {
  const [text, setText] = useState(valueText(value));
  useEffect(() => {
    if (JSON.stringify(parse(text)) !== JSON.stringify(value)) setText(valueText(value));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [JSON.stringify(value)]);
  return (
    <TextField
      label={label}
      type={type}
      autoComplete="off"
      value={text}
      error={error}
      onChange={(v) => {
        setText(v);
        onChange(parse(v));
      }}
    />
  );
}
