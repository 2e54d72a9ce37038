import { BlockStack, Box, Checkbox, InlineStack, Link, Select, Text, TextField } from '@shopify/polaris';
import type { GetDataResource, GetDataStep } from '../../api/types';
import { LiquidField } from '../LiquidField';
import { NumberField } from '../NumberField';
import { problemOf, type StepFormProps } from './context';

const RESOURCES: Array<{ label: string; value: GetDataResource }> = [
  { label: 'Orders', value: 'orders' },
  { label: 'Products', value: 'products' },
  { label: 'Customers', value: 'customers' },
  { label: 'Draft orders', value: 'draft_orders' },
];

/** Sort keys of each resource's connection in the Admin GraphQL API. */
const SORT_KEYS: Record<GetDataResource, string[]> = {
  orders: ['CREATED_AT', 'UPDATED_AT', 'PROCESSED_AT', 'ORDER_NUMBER', 'TOTAL_PRICE', 'CUSTOMER_NAME', 'ID', 'RELEVANCE'],
  products: ['CREATED_AT', 'UPDATED_AT', 'PUBLISHED_AT', 'TITLE', 'PRODUCT_TYPE', 'VENDOR', 'INVENTORY_TOTAL', 'ID', 'RELEVANCE'],
  customers: ['CREATED_AT', 'UPDATED_AT', 'NAME', 'LOCATION', 'ID', 'RELEVANCE'],
  draft_orders: ['UPDATED_AT', 'NUMBER', 'STATUS', 'TOTAL_PRICE', 'CUSTOMER_NAME', 'ID', 'RELEVANCE'],
};

const OPERATIONS = [
  { label: 'List the matches', value: 'list' },
  { label: 'Count the matches', value: 'count' },
  { label: 'Sum a field over the matches', value: 'sum' },
];

const SEARCH_SYNTAX = 'https://shopify.dev/docs/api/usage/search-syntax';

/** Get data: which resource, what to do with the matches, and Shopify's search query as Liquid. */
export function GetDataStepForm({ step, onChange, path, ctx }: StepFormProps<GetDataStep>) {
  const operation = step.operation ?? 'list';
  const keys = SORT_KEYS[step.resource] ?? [];
  const sortOptions = [{ label: 'Default order', value: '' }, ...keys.map((k) => ({ label: k, value: k }))];
  if (step.sort?.key && !keys.includes(step.sort.key)) sortOptions.push({ label: step.sort.key, value: step.sort.key });
  const output = operation === 'list' ? `{ items, count }` : operation === 'count' ? `{ count }` : `{ sum, count }`;
  return (
    <BlockStack gap="300">
      <InlineStack gap="200" blockAlign="start" wrap>
        <Box minWidth="180px">
          <Select label="Resource" options={RESOURCES} value={step.resource} error={ctx.problemAt(`${path}.resource`)} onChange={(resource) => {
              // Sort keys differ between resources.
              const next: GetDataStep = { ...step, resource: resource as GetDataResource };
              delete next.sort;
              onChange(next);
            }}
          />
        </Box>
        <Box minWidth="220px">
          <Select
            label="Operation"
            options={OPERATIONS}
            value={operation}
            error={ctx.problemAt(`${path}.operation`)}
            onChange={(op) => {
              const next: GetDataStep = { ...step, operation: op as GetDataStep['operation'] };
              if (op !== 'sum') delete next.sum_field;
              else next.sum_field = step.sum_field ?? '';
              onChange(next);
            }}
          />
        </Box>
      </InlineStack>
      <LiquidField
        label="Query"
        value={step.query}
        onChange={(query) => onChange({ ...step, query })}
        variables={ctx.variables}
        trigger={ctx.trigger}
        payload={ctx.sample}
        runtimeRoots={ctx.runtimeRoots}
        error={ctx.problemAt(`${path}.query`)}
        helpText={
          <>
            In{' '}
            <Link url={SEARCH_SYNTAX} target="_blank">
              Shopify search syntax
            </Link>
            , e.g. <code>created_at:&gt;=2026-01-01 AND financial_status:paid</code>. Empty: all {RESOURCES.find((r) => r.value === step.resource)?.label.toLowerCase() ?? 'records'}.
          </>
        }
      />
      {operation === 'sum' && (
        <TextField
          label="Field to sum"
          value={step.sum_field ?? ''}
          onChange={(sum_field) => onChange({ ...step, sum_field })}
          autoComplete="off"
          monospaced
          placeholder="totalPriceSet.shopMoney.amount"
          helpText="A numeric field of each match, as a path."
          error={ctx.problemAt(`${path}.sum_field`)}
        />
      )}
      <InlineStack gap="300" blockAlign="start" wrap>
        <Box minWidth="200px">
          <Select
            label="Sort by"
            options={sortOptions}
            value={step.sort?.key ?? ''}
            error={problemOf(ctx, `${path}.sort`, `${path}.sort.key`)}
            onChange={(key) => {
              const next: GetDataStep = { ...step };
              if (key) next.sort = { key, ...(step.sort?.reverse ? { reverse: true } : {}) };
              else delete next.sort;
              onChange(next);
            }}
          />
        </Box>
        <Box paddingBlockStart="600">
          <Checkbox
            label="Reverse order"
            checked={Boolean(step.sort?.reverse)}
            disabled={!step.sort?.key}
            onChange={(reverse) => step.sort && onChange({ ...step, sort: reverse ? { ...step.sort, reverse: true } : { key: step.sort.key } })}
          />
        </Box>
        {operation !== 'count' && (
          <Box minWidth="160px">
            <NumberField
              label="Limit"
              value={step.limit}
              optional
              placeholder="100"
              min={1}
              helpText="1 to 10,000 (default 100)"
              error={ctx.problemAt(`${path}.limit`)}
              onChange={(limit) => {
                const next: GetDataStep = { ...step };
                if (limit === undefined) delete next.limit;
                else next.limit = limit;
                onChange(next);
              }}
            />
          </Box>
        )}
      </InlineStack>
      <Text as="p" tone="subdued" variant="bodySm">
        Later steps read the result as <code>steps.{step.id}</code>: <code>{output}</code>.
      </Text>
    </BlockStack>
  );
}
