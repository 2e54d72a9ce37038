import { BlockStack, Link, Text, TextField } from '@shopify/polaris';
import type { AdminApiStep } from '../../api/types';
import { LiquidField } from '../LiquidField';
import type { StepFormProps } from './context';

/** Send Admin API request: a GraphQL mutation and its variables as Liquid rendering JSON. */
export function AdminApiStepForm({ step, onChange, path, ctx }: StepFormProps<AdminApiStep>) {
  return (
    <BlockStack gap="300">
      <TextField
        label="Mutation (GraphQL)"
        value={step.mutation}
        onChange={(mutation) => onChange({ ...step, mutation })}
        multiline={6}
        monospaced
        autoComplete="off"
        spellCheck={false}
        placeholder={'mutation tagsAdd($id: ID!, $tags: [String!]!) {\n  tagsAdd(id: $id, tags: $tags) { userErrors { field message } }\n}'}
        helpText={
          <>
            Any mutation of the{' '}
            <Link url="https://shopify.dev/docs/api/admin-graphql" target="_blank">
              Admin GraphQL API
            </Link>
            . Its response data is <code>steps.{step.id}</code>.
          </>
        }
        error={ctx.problemAt(`${path}.mutation`)}
      />
      <LiquidField
        label="Variables (JSON)"
        helpText={'Liquid that renders a JSON object, e.g. { "id": "{{ order.admin_graphql_api_id }}" }.'}
        value={step.variables}
        onChange={(variables) => onChange({ ...step, variables })}
        variables={ctx.variables}
        trigger={ctx.trigger}
        payload={ctx.sample}
        runtimeRoots={ctx.runtimeRoots}
        error={ctx.problemAt(`${path}.variables`)}
        multiline={4}
      />
      <Text as="p" tone="subdued" variant="bodySm">
        The request is sent with this shop's access, so it needs the matching access scopes.
      </Text>
    </BlockStack>
  );
}
