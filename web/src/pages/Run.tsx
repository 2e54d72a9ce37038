import { Badge, Banner, BlockStack, Box, Button, Card, DataTable, InlineStack, Layout, Page, Text } from '@shopify/polaris';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useParams } from 'react-router-dom';
import { api, errorMessage } from '../api/client';
import type { ConditionCheck, Delivery, RunDetail, RunStep } from '../api/types';
import { useApp } from '../components/AppContext';
import { CodeBlock } from '../components/CodeBlock';
import { DeliveryStatusBadge, RunStatusBadge } from '../components/RunStatusBadge';
import { ErrorBanner, LoadingPage } from '../components/States';
import { ChecksList } from '../components/TestRunPanel';
import { formatDate } from '../lib/format';
import { findTrigger, groupSection, useCatalog } from '../lib/useCatalog';

const UNSETTLED = new Set(['running', 'waiting']);
const DELIVERY_SETTLED = new Set(['succeeded', 'failed', 'cancelled']);

export function RunPage() {
  const { runId } = useParams();
  const { showToast } = useApp();
  const [run, setRun] = useState<RunDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [retrying, setRetrying] = useState<string | null>(null);
  const [retryError, setRetryError] = useState<unknown>(null);
  const [polling, setPolling] = useState(false);
  const { catalog } = useCatalog();
  const [workflowName, setWorkflowName] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const load = useCallback(async () => {
    try {
      const r = await api.get<RunDetail>(`/runs/${encodeURIComponent(runId ?? '')}`);
      setRun(r);
      setError(null);
      return r;
    } catch (err) {
      setError(err);
      return null;
    }
  }, [runId]);

  // Refresh while the run or one of its deliveries is still moving.
  const poll = useCallback(async () => {
    clearTimeout(timer.current);
    const r = await load();
    const moving = r && (UNSETTLED.has(r.status) || r.deliveries.some((d) => !DELIVERY_SETTLED.has(d.status)));
    setPolling(Boolean(moving));
    if (moving) timer.current = setTimeout(poll, 700);
  }, [load]);

  useEffect(() => {
    if (!run) return;
    api.get<{ name: string }>(`/workflows/${run.workflow_id}`).then((w) => setWorkflowName(w.name), () => setWorkflowName(null));
  }, [run?.workflow_id]);

  useEffect(() => {
    setRun(null);
    void poll();
    return () => clearTimeout(timer.current);
  }, [poll]);

  const retry = async (d: Delivery) => {
    setRetrying(d.id);
    setRetryError(null);
    try {
      await api.post(`/deliveries/${encodeURIComponent(d.id)}/retry`);
      showToast('Retry queued');
      await poll();
    } catch (err) {
      setRetryError(err);
      showToast(errorMessage(err), { error: true });
    } finally {
      setRetrying(null);
    }
  };

  if (error && !run) {
    return (
      <Page title="Run" backAction={{ content: 'Activity', url: '/activity' }}>
        <ErrorBanner error={error} title="This run could not be loaded" />
      </Page>
    );
  }
  if (!run) return <LoadingPage title="Run" />;

  const triggerLabel = (app: string, handle: string) => {
    const f = findTrigger(catalog, app, handle);
    return f ? `${groupSection(f.group)}: ${f.trigger.name}` : `${handle} (${app})`;
  };
  const deliveriesByStep = new Map<string, Delivery[]>();
  for (const d of run.deliveries) deliveriesByStep.set(d.step_id, [...(deliveriesByStep.get(d.step_id) ?? []), d]);
  const stepsWithRecord = new Set(run.steps.map((s) => s.step_id));
  const orphanDeliveries = run.deliveries.filter((d) => !stepsWithRecord.has(d.step_id));

  return (
    <Page
      title={workflowName ? `Run of ${workflowName}` : 'Run'}
      backAction={{ content: 'Activity', url: '/activity' }}
      titleMetadata={<RunStatusBadge status={run.status} />}
      subtitle={`Run ${run.id} · version ${run.workflow_version} · started ${formatDate(run.created_at)}${run.finished_at ? ` · finished ${formatDate(run.finished_at)}` : ''}`}
      secondaryActions={[{ content: 'Open workflow', url: `/workflows/${run.workflow_id}` }, { content: 'Refresh', onAction: () => void poll() }]}
    >
      <Layout>
        {run.error && (
          <Layout.Section>
            <Banner tone="critical" title="This run has errors">
              <p>{run.error}</p>
            </Banner>
          </Layout.Section>
        )}
        {retryError ? (
          <Layout.Section>
            <ErrorBanner error={retryError} title="The retry was refused" onDismiss={() => setRetryError(null)} />
          </Layout.Section>
        ) : null}
        {polling && (
          <Layout.Section>
            <Banner tone="info">
              <p>This run is still in progress; this page refreshes by itself.</p>
            </Banner>
          </Layout.Section>
        )}
        <Layout.Section>
          <BlockStack gap="400">
            <Text as="h2" variant="headingMd">
              Steps
            </Text>
            {run.steps.length === 0 && (
              <Card>
                <Text as="p" tone="subdued">
                  No step has run yet.
                </Text>
              </Card>
            )}
            {run.steps.map((s) => (
              <StepCard key={`${s.seq}-${s.step_id}`} step={s} deliveries={deliveriesByStep.get(s.step_id) ?? []} onRetry={retry} retrying={retrying} />
            ))}
            {orphanDeliveries.map((d) => (
              <Card key={d.id}>
                <DeliveryView delivery={d} onRetry={retry} retrying={retrying === d.id} />
              </Card>
            ))}
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                Trigger
              </Text>
              {run.event ? (
                <>
                  <Text as="p" tone="subdued">
                    {triggerLabel(run.event.source, run.event.handle)} · received {formatDate(run.event.received_at)}
                  </Text>
                  <CodeBlock value={run.event.payload} label="Trigger payload" />
                </>
              ) : (
                <Text as="p" tone="subdued">
                  The event is no longer stored.
                </Text>
              )}
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

function StepCard({ step, deliveries, onRetry, retrying }: { step: RunStep; deliveries: Delivery[]; onRetry(d: Delivery): void; retrying: string | null }) {
  const outcome = step.kind === 'condition' ? (step.output as { result?: boolean; checks?: ConditionCheck[] } | null) : null;
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack gap="200" blockAlign="center" wrap>
          <Text as="h3" variant="headingSm">
            {step.kind === 'condition' ? 'Condition' : 'Action'} {step.step_id}
          </Text>
          {outcome ? (
            <Badge tone={outcome.result ? 'success' : 'warning'}>{outcome.result ? 'Condition held' : 'Condition not held'}</Badge>
          ) : (
            <Badge tone={step.status === 'succeeded' ? 'success' : step.status === 'failed' ? 'critical' : 'attention'}>{step.status.charAt(0).toUpperCase() + step.status.slice(1).replace(/_/g, ' ')}</Badge>
          )}
        </InlineStack>
        {step.error && (
          <Text as="p" tone="critical">
            {step.error}
          </Text>
        )}
        {outcome?.checks && <ChecksList checks={outcome.checks} />}
        {step.kind !== 'condition' && step.input != null && (
          <BlockStack gap="100">
            <Text as="p" fontWeight="medium">
              Input
            </Text>
            <CodeBlock value={step.input} label={`Input of ${step.step_id}`} />
          </BlockStack>
        )}
        {step.kind !== 'condition' && step.output != null && (
          <BlockStack gap="100">
            <Text as="p" fontWeight="medium">
              Output
            </Text>
            <CodeBlock value={step.output} label={`Output of ${step.step_id}`} />
          </BlockStack>
        )}
        {deliveries.map((d) => (
          <DeliveryView key={d.id} delivery={d} onRetry={onRetry} retrying={retrying === d.id} />
        ))}
      </BlockStack>
    </Card>
  );
}

function DeliveryView({ delivery: d, onRetry, retrying }: { delivery: Delivery; onRetry(d: Delivery): void; retrying: boolean }) {
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
