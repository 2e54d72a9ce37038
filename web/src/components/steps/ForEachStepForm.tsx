import { BlockStack, Box, Text } from '@shopify/polaris';
import type { ReactNode } from 'react';
import type { ForEachStep } from '../../api/types';
import { loopPaths } from '../../lib/steps';
import { VariablePathField } from '../VariablePathField';
import type { StepFormProps, StepsContext } from './context';

/** What the steps inside a For each can read besides the outer ones: `item` and `index`. */
export function loopContext(ctx: StepsContext, step: ForEachStep): StepsContext {
  const listType = [...ctx.paths, ...ctx.variables].find((p) => p.path === step.list)?.type;
  const inner = loopPaths(listType);
  const without = (paths: typeof ctx.paths) => paths.filter((p) => p.path !== 'index' && p.path !== 'item' && !p.path.startsWith('item.'));
  return {
    ...ctx,
    paths: [...inner, ...without(ctx.paths)],
    variables: [...inner.filter((p) => p.type.kind !== 'object'), ...without(ctx.variables)],
    runtimeRoots: [...new Set([...ctx.runtimeRoots, 'item', 'index'])],
  };
}

/** For each: the list to go over, and (as children) the steps run once per item. */
export function ForEachStepForm({ step, onChange, path, ctx, children }: StepFormProps<ForEachStep> & { children: ReactNode }) {
  const lists = [...ctx.paths, ...ctx.variables].filter((p, i, all) => p.type.kind === 'list' && all.findIndex((q) => q.path === p.path) === i);
  return (
    <BlockStack gap="300">
      <VariablePathField
        label="List"
        value={step.list}
        onChange={(list) => onChange({ ...step, list })}
        options={lists}
        placeholder="order.lineItems"
        helpText={
          <>
            A list variable. Inside, <code>item</code> is the current item and <code>index</code> its position (0 for the first).
          </>
        }
        error={ctx.problemAt(`${path}.list`)}
      />
      <Box paddingInlineStart="400" borderInlineStartWidth="025" borderColor="border-info">
        <BlockStack gap="200">
          <Text as="h4" variant="headingSm">
            For each item
          </Text>
          {ctx.problemAt(`${path}.steps`) && (
            <Text as="p" tone="critical">
              {ctx.problemAt(`${path}.steps`)}
            </Text>
          )}
          {children}
        </BlockStack>
      </Box>
    </BlockStack>
  );
}
