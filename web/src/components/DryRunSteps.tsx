import { Badge, BlockStack, Box, InlineStack, Text } from '@shopify/polaris';
import type { ConditionCheck, TestRunStep } from '../api/types';
import { stepKind } from '../lib/steps';
import { CodeBlock } from './CodeBlock';

/** One comparison of a condition as a sentence: field, operator, expected and actual value. */
export function checkLabel(c: ConditionCheck): string {
  const expected = c.expected === undefined ? '' : ` ${JSON.stringify(c.expected)}`;
  const item = c.item !== undefined ? ` (item ${c.item})` : '';
  return `${c.field} ${c.op.replace(/_/g, ' ')}${expected}: actual ${JSON.stringify(c.actual)}${item}`;
}

/** The comparisons a condition evaluated, each held or not. */
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

/** The steps of a run without side effects (test run, replay dry run): which conditions held, each action's request. */
export function DryRunSteps({ steps, label }: { steps: TestRunStep[]; label: string }) {
  if (steps.length === 0) return <Text as="p">No step ran.</Text>;
  return (
    <ol aria-label={label} style={{ margin: 0, paddingInlineStart: 0, listStyle: 'none' }}>
      {steps.map((s, i) => (
        <li key={i}>
          <Box paddingBlockEnd="300">
            <BlockStack gap="200">
              <InlineStack gap="200" blockAlign="center" wrap>
                <Text as="span" fontWeight="semibold">
                  {stepKind(s.kind)?.label ?? s.kind} {s.step_id}
                  {s.index !== undefined ? ` (item ${s.index})` : ''}
                </Text>
                {s.kind === 'condition' ? (
                  <Badge tone={s.result ? 'success' : 'warning'}>{s.result ? 'Condition held' : 'Condition not held'}</Badge>
                ) : s.error ? (
                  <Badge tone="critical">Error</Badge>
                ) : s.request ? (
                  <Badge tone="info">Would send</Badge>
                ) : (
                  <Badge>Would run</Badge>
                )}
              </InlineStack>
              {s.checks && <ChecksList checks={s.checks as ConditionCheck[]} />}
              {s.error && (
                <Text as="p" tone="critical" breakWord>
                  {s.error}
                </Text>
              )}
              {s.output !== undefined && <DryRunOutput step={s} />}
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
  );
}

/** What a step other than an action gives in a dry run: a wait's length, a message, data read, code's value and console output. */
function DryRunOutput({ step }: { step: TestRunStep }) {
  const out = step.output as Record<string, unknown> | null;
  if (step.kind === 'wait' && out && typeof out.would_wait_ms === 'number') {
    return <Text as="p">Would wait {waitText(out.would_wait_ms)}, then go on.</Text>;
  }
  if (step.kind === 'log' && out && typeof out.message === 'string') return <CodeBlock value={out.message} label={`Message of ${step.step_id}`} />;
  if (step.kind === 'for_each' && out && typeof out.items === 'number') return <Text as="p">{`Over ${out.items} ${out.items === 1 ? 'item' : 'items'}`}</Text>;
  if (step.kind === 'run_code' && out) {
    const logs = Array.isArray(out.logs) ? out.logs.join('\n') : '';
    return (
      <BlockStack gap="100">
        {'value' in out && <CodeBlock value={out.value} label={`Output of ${step.step_id}`} />}
        {logs && <CodeBlock value={logs} label={`Console output of ${step.step_id}`} />}
      </BlockStack>
    );
  }
  return <CodeBlock value={step.output} label={`Output of ${step.step_id}`} />;
}

function waitText(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes % 1440 === 0) return `${minutes / 1440} ${minutes === 1440 ? 'day' : 'days'}`;
  if (minutes % 60 === 0) return `${minutes / 60} ${minutes === 60 ? 'hour' : 'hours'}`;
  return `${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`;
}
