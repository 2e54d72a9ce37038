import { Badge, BlockStack, Box, Button, Card, DataTable, InlineStack, Text } from '@shopify/polaris';
import type { ConditionCheck, Delivery, RunStep } from '../api/types';
import { duration, formatDate } from '../lib/format';
import { stepKind } from '../lib/steps';
import { CodeBlock } from './CodeBlock';
import { ChecksList } from './DryRunSteps';
import { DeliveryStatusBadge } from './RunStatusBadge';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** What a step is called on the run page; an Admin API request is recorded as an action with a mutation. */
function stepLabel(step: RunStep): string {
  if (step.kind === 'action' && isObject(step.input) && typeof step.input.mutation === 'string') return 'Send Admin API request';
  return stepKind(step.kind)?.label ?? step.kind;
}

/** Run code's console output, however the engine recorded it (lines or one text). */
function logsOf(output: unknown): string | null {
  if (!isObject(output) || output.logs === undefined || output.logs === null) return null;
  const logs = output.logs;
  if (Array.isArray(logs)) return logs.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n');
  return typeof logs === 'string' ? logs : JSON.stringify(logs, null, 2);
}

/** A Log output step's message: in its output (as rendered), else its input. */
function messageOf(step: RunStep): string | null {
  for (const v of [step.output, step.input]) {
    if (typeof v === 'string') return v;
    if (isObject(v) && typeof v.message === 'string') return v.message;
  }
  return null;
}

/** "Waits until … · resumed …" from what the Wait step recorded (`input.until`, `output.resumed_at`). */
function waitSummary(step: RunStep): string | null {
  const input = isObject(step.input) ? step.input : {};
  const output = isObject(step.output) ? step.output : {};
  const parts: string[] = [];
  if (typeof input.until === 'string') parts.push(`Waits until ${formatDate(input.until)}`);
  if (typeof output.resumed_at === 'string') parts.push(`resumed ${formatDate(output.resumed_at)}`);
  return parts.length ? parts.join(' · ') : null;
}

function statusLabel(status: string) {
  return status.charAt(0).toUpperCase() + status.slice(1).replace(/_/g, ' ');
}

/** One step record of a run: its outcome, input, output and timing, by kind (plus deliveries of an action). */
export function RunStepCard({ step, deliveries, onRetry, retrying }: { step: RunStep; deliveries: Delivery[]; onRetry(d: Delivery): void; retrying: string | null }) {
  const outcome = step.kind === 'condition' ? (step.output as { result?: boolean; checks?: ConditionCheck[] } | null) : null;
  const took = duration(step.started_at, step.finished_at);
  const logs = step.kind === 'run_code' ? logsOf(step.output) : null;
  const message = step.kind === 'log' ? messageOf(step) : null;
  const wait = step.kind === 'wait' ? waitSummary(step) : null;
  // Shown on their own: the logs of Run code, the message of Log output.
  let output = step.output;
  if (step.kind === 'run_code' && isObject(output)) {
    // Run code records { value, logs, duration_ms }: the value is its output.
    output = 'value' in output ? output.value : null;
  }
  if (step.kind === 'log' && message !== null) output = isObject(output) && Object.keys(output).some((k) => k !== 'message') ? output : null;
  // Fields already said in words are not repeated as JSON.
  const only = (v: unknown, keys: string[]) => isObject(v) && Object.keys(v).every((k) => keys.includes(k));
  const input = (message !== null && only(step.input, ['message'])) || (wait !== null && only(step.input, ['until'])) ? null : step.input;
  if (wait !== null && only(output, ['resumed_at'])) output = null;
  return (
    <Card>
      <section aria-label={`Step ${step.step_id}`}>
        <BlockStack gap="300">
          <InlineStack align="space-between" blockAlign="center" gap="200" wrap>
            <InlineStack gap="200" blockAlign="center" wrap>
              <Text as="h3" variant="headingSm">
                {stepLabel(step)} {step.step_id}
              </Text>
              {outcome ? (
                <Badge tone={outcome.result ? 'success' : 'warning'}>{outcome.result ? 'Condition held' : 'Condition not held'}</Badge>
              ) : (
                <Badge tone={step.status === 'succeeded' ? 'success' : step.status === 'failed' ? 'critical' : step.status === 'has_errors' ? 'warning' : 'attention'}>{statusLabel(step.status)}</Badge>
              )}
            </InlineStack>
            <Text as="span" tone="subdued" variant="bodySm">
              {step.started_at ? `Started ${formatDate(step.started_at)}` : ''}
              {took ? ` · took ${took}` : step.started_at && !step.finished_at ? ' · not finished' : ''}
            </Text>
          </InlineStack>
          {wait && <Text as="p">{wait}</Text>}
          {step.error && (
            <Text as="p" tone="critical" breakWord>
              {step.error}
            </Text>
          )}
          {outcome?.checks && <ChecksList checks={outcome.checks} />}
          {message !== null && (
            <BlockStack gap="100">
              <Text as="p" fontWeight="medium">
                Message
              </Text>
              <CodeBlock value={message} label={`Message of ${step.step_id}`} />
            </BlockStack>
          )}
          {step.kind !== 'condition' && input != null && (
            <BlockStack gap="100">
              <Text as="p" fontWeight="medium">
                Input
              </Text>
              <CodeBlock value={input} label={`Input of ${step.step_id}`} />
            </BlockStack>
          )}
          {step.kind !== 'condition' && output != null && (
            <BlockStack gap="100">
              <Text as="p" fontWeight="medium">
                Output
              </Text>
              <CodeBlock value={output} label={`Output of ${step.step_id}`} />
            </BlockStack>
          )}
          {logs && (
            <BlockStack gap="100">
              <Text as="p" fontWeight="medium">
                Console output
              </Text>
              <CodeBlock value={logs} label={`Console output of ${step.step_id}`} />
            </BlockStack>
          )}
          {deliveries.map((d) => (
            <DeliveryView key={d.id} delivery={d} onRetry={onRetry} retrying={retrying === d.id} />
          ))}
        </BlockStack>
      </section>
    </Card>
  );
}

/** A delivery of an action to its app: attempts, the request sent, the return value; failed ones can be retried. */
export function DeliveryView({ delivery: d, onRetry, retrying }: { delivery: Delivery; onRetry(d: Delivery): void; retrying: boolean }) {
  const request = d.request as { properties?: unknown } | null;
  return (
    <Box padding="300" background="bg-surface-secondary" borderRadius="200">
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center" gap="200" wrap>
          <InlineStack gap="200" blockAlign="center" wrap>
            <Text as="h4" variant="headingSm">
              Delivery of {d.handle}
            </Text>
            <DeliveryStatusBadge status={d.status} />
          </InlineStack>
          {d.status === 'failed' && (
            <Button onClick={() => onRetry(d)} loading={retrying} accessibilityLabel={`Retry delivery of ${d.handle}`}>
              Retry
            </Button>
          )}
        </InlineStack>
        <Text as="p" tone="subdued" variant="bodySm" breakWord>
          POST {d.url} · action_run_id {d.action_run_id}
          {d.next_attempt_at ? ` · next attempt ${formatDate(d.next_attempt_at)}` : ''}
        </Text>
        {d.last_error && (
          <Text as="p" tone="critical" breakWord>
            {d.last_error}
          </Text>
        )}
        <CodeBlock value={request?.properties ?? d.request} label={`Properties sent by ${d.handle}`} />
        {d.return_value != null && (
          <BlockStack gap="100">
            <Text as="p" fontWeight="medium">
              Return value
            </Text>
            <CodeBlock value={d.return_value} label={`Return value of ${d.handle}`} />
          </BlockStack>
        )}
        {d.attempts.length > 0 && (
          <DataTable
            columnContentTypes={['numeric', 'text', 'numeric', 'numeric', 'text', 'text']}
            headings={['Attempt', 'Outcome', 'Status', 'Latency', 'Response', 'Next retry']}
            rows={d.attempts.map((a) => [
              a.n,
              a.outcome,
              a.status_code ?? '—',
              a.latency_ms === null ? '—' : `${a.latency_ms} ms`,
              a.error ?? a.response_excerpt ?? '—',
              a.next_attempt_at ? formatDate(a.next_attempt_at) : '—',
            ])}
          />
        )}
      </BlockStack>
    </Box>
  );
}
