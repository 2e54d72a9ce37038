import { Badge, BlockStack, Box, Button, Card, InlineStack, Text, TextField } from '@shopify/polaris';
import { useEffect, useState } from 'react';
import { api } from '../api/client';
import type { ConditionCheck, TestRunStep, WorkflowDefinition } from '../api/types';
import { CodeBlock } from './CodeBlock';
import { ErrorBanner } from './States';

interface Props {
  definition: WorkflowDefinition;
  sample: Record<string, unknown> | undefined;
  /** Changes of the payload, for Liquid previews. */
  onPayloadChange?(payload: unknown): void;
}

export function checkLabel(c: ConditionCheck): string {
  const expected = c.expected === undefined ? '' : ` ${JSON.stringify(c.expected)}`;
  const item = c.item !== undefined ? ` (item ${c.item})` : '';
  return `${c.field} ${c.op.replace(/_/g, ' ')}${expected}: actual ${JSON.stringify(c.actual)}${item}`;
}

export function ChecksList({ checks }: { checks: ConditionCheck[] }) {
  if (checks.length === 0) return <Text as="p" tone="subdued">No comparison was evaluated.</Text>;
  return (
    <ul aria-label="Condition checks" style={{ margin: 0, paddingInlineStart: 20 }}>
      {checks.map((c, i) => (
        <li key={i}>
          <InlineStack gap="200" blockAlign="center" wrap>
            <Badge tone={c.result ? 'success' : 'critical'}>{c.result ? 'Held' : 'Not held'}</Badge>
            <Text as="span" breakWord>
              {checkLabel(c)}
            </Text>
          </InlineStack>
        </li>
      ))}
    </ul>
  );
}

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
            {result.length === 0 && <Text as="p">No step ran.</Text>}
            <ol aria-label="Test run steps" style={{ margin: 0, paddingInlineStart: 0, listStyle: 'none' }}>
              {result.map((s, i) => (
                <li key={i}>
                  <Box paddingBlockEnd="300">
                    <BlockStack gap="200">
                      <InlineStack gap="200" blockAlign="center" wrap>
                        <Text as="span" fontWeight="semibold">
                          {s.kind === 'condition' ? 'Condition' : 'Action'} {s.step_id}
                        </Text>
                        {s.kind === 'condition' ? (
                          <Badge tone={s.result ? 'success' : 'warning'}>{s.result ? 'Condition held' : 'Condition not held'}</Badge>
                        ) : s.error ? (
                          <Badge tone="critical">Error</Badge>
                        ) : (
                          <Badge tone="info">Would send</Badge>
                        )}
                      </InlineStack>
                      {s.checks && <ChecksList checks={s.checks as ConditionCheck[]} />}
                      {s.error && (
                        <Text as="p" tone="critical">
                          {s.error}
                        </Text>
                      )}
                      {s.request && (
                        <BlockStack gap="100">
                          <Text as="p" variant="bodySm" tone="subdued" breakWord>
                            POST {s.request.url}
                          </Text>
                          <CodeBlock value={s.request.body} label={`Request body of ${s.step_id}`} />
                        </BlockStack>
                      )}
                    </BlockStack>
                  </Box>
                </li>
              ))}
            </ol>
          </BlockStack>
        )}
      </BlockStack>
    </Card>
  );
}
