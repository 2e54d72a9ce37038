import { BlockStack, Button, Card, InlineStack, Text, TextField } from '@shopify/polaris';
import { useEffect, useState } from 'react';
import { api } from '../api/client';
import type { TestRunStep, WorkflowDefinition } from '../api/types';
import { DryRunSteps } from './DryRunSteps';
import { ErrorBanner } from './States';

interface Props {
  definition: WorkflowDefinition;
  sample: Record<string, unknown> | undefined;
  /** Changes of the payload, for Liquid previews. */
  onPayloadChange?(payload: unknown): void;
}

export { ChecksList, checkLabel } from './DryRunSteps';

/** "Test run": the definition on a sample payload, without side effects. */
export function TestRunPanel({ definition, sample, onPayloadChange }: Props) {
  const [payload, setPayload] = useState(sample ? JSON.stringify(sample, null, 2) : '{}');
  const [result, setResult] = useState<TestRunStep[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [running, setRunning] = useState(false);

  useEffect(() => {
    setPayload(sample ? JSON.stringify(sample, null, 2) : '{}');
    setResult(null);
  }, [JSON.stringify(sample ?? null)]);

  let parsed: unknown;
  let payloadError: string | undefined;
  try {
    parsed = JSON.parse(payload);
  } catch (err) {
    payloadError = `Not valid JSON: ${(err as Error).message}`;
  }
  useEffect(() => {
    if (!payloadError) onPayloadChange?.(parsed);
  }, [payload]);

  const run = async () => {
    setRunning(true);
    setError(null);
    try {
      const res = await api.post<{ steps: TestRunStep[] }>('/test-run', { definition, payload: parsed });
      setResult(res.steps);
    } catch (err) {
      setError(err);
      setResult(null);
    } finally {
      setRunning(false);
    }
  };

  return (
    <Card>
      <BlockStack gap="400">
        <Text as="h2" variant="headingMd">
          Test run
        </Text>
        <Text as="p" tone="subdued">
          Runs this workflow on the payload below: conditions are evaluated and each action's request is rendered. Nothing is sent.
        </Text>
        <TextField label="Sample payload (JSON)" value={payload} onChange={setPayload} multiline={8} maxHeight={320} monospaced autoComplete="off" error={payloadError} />
        <InlineStack>
          <Button onClick={run} loading={running} disabled={Boolean(payloadError) || !definition.trigger.app}>
            Run test
          </Button>
        </InlineStack>
        <ErrorBanner error={error} title="The test run failed" />
        {result && (
          <BlockStack gap="300">
            <Text as="h3" variant="headingSm">
              Result
            </Text>
            <DryRunSteps steps={result} label="Test run steps" />
          </BlockStack>
        )}
      </BlockStack>
    </Card>
  );
}
