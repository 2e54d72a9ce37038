import { InlineStack, Select, Text, BlockStack, Box } from '@shopify/polaris';
import type { WaitStep } from '../../api/types';
import { NumberField } from '../NumberField';
import { problemOf, type StepFormProps } from './context';

const UNITS: Array<{ label: string; value: WaitStep['duration']['unit'] }> = [
  { label: 'Minutes', value: 'minutes' },
  { label: 'Hours', value: 'hours' },
  { label: 'Days', value: 'days' },
];

/** Wait: an amount and a unit; the server refuses more than 90 days. */
export function WaitStepForm({ step, onChange, path, ctx }: StepFormProps<WaitStep>) {
  const amountProblem = problemOf(ctx, `${path}.duration`, `${path}.duration.amount`);
  const unitProblem = ctx.problemAt(`${path}.duration.unit`);
  return (
    <BlockStack gap="200">
      <InlineStack gap="200" blockAlign="start" wrap>
        <Box minWidth="140px">
          <NumberField
            label="Wait for"
            value={step.duration.amount}
            min={1}
            onChange={(amount) => amount !== undefined && onChange({ ...step, duration: { ...step.duration, amount } })}
            error={amountProblem}
          />
        </Box>
        <Box minWidth="140px">
          <Select label="Unit" options={UNITS} value={step.duration.unit} error={unitProblem} onChange={(unit) => onChange({ ...step, duration: { ...step.duration, unit: unit as WaitStep['duration']['unit'] } })} />
        </Box>
      </InlineStack>
      <Text as="p" tone="subdued" variant="bodySm">
        At most 90 days. The run pauses here and goes on with the version of the workflow it started on.
      </Text>
    </BlockStack>
  );
}
