import { Badge, Banner, BlockStack, Card, InlineStack, Layout, Page, Text } from '@shopify/polaris';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useParams } from 'react-router-dom';
import { api, errorMessage } from '../api/client';
import type { Delivery, RunDetail } from '../api/types';
import { useApp } from '../components/AppContext';
import { CodeBlock } from '../components/CodeBlock';
import { RerunModal } from '../components/RerunModal';
import { RunStatusBadge } from '../components/RunStatusBadge';
import { DeliveryView, RunStepCard } from '../components/RunStepCard';
import { ErrorBanner, LoadingPage } from '../components/States';
import { formatDate } from '../lib/format';
import { findTrigger, groupSection, useCatalog } from '../lib/useCatalog';

const UNSETTLED = new Set(['running', 'waiting']);
const RERUNNABLE = new Set(['failed', 'has_errors']);
const DELIVERY_SETTLED = new Set(['succeeded', 'failed', 'cancelled']);

export function RunPage() {
  const { runId } = useParams();
  const { showToast } = useApp();
  const [run, setRun] = useState<RunDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [retrying, setRetrying] = useState<string | null>(null);
  const [retryError, setRetryError] = useState<unknown>(null);
  const [polling, setPolling] = useState(false);
  const [rerunOpen, setRerunOpen] = useState(false);
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
    // A run paused on a Wait step may sleep for days: no need to refresh it.
    const pausedOnWait = r?.status === 'waiting' && Boolean(r.resume_at);
    const moving = r && ((UNSETTLED.has(r.status) && !pausedOnWait) || r.deliveries.some((d) => !DELIVERY_SETTLED.has(d.status)));
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
  // A step inside a For each has a record per item; its deliveries are shown once, under the first.
  const firstSeq = new Map<string, number>();
  for (const s of run.steps) if (!firstSeq.has(s.step_id)) firstSeq.set(s.step_id, s.seq);
  const stepsWithRecord = new Set(run.steps.map((s) => s.step_id));
  const orphanDeliveries = run.deliveries.filter((d) => !stepsWithRecord.has(d.step_id));

  return (
    <Page
      title={workflowName ? `Run of ${workflowName}` : 'Run'}
      backAction={{ content: 'Activity', url: '/activity' }}
      titleMetadata={
        <InlineStack gap="200">
          <RunStatusBadge status={run.status} />
          {run.replay_id && <Badge tone="info">Replay</Badge>}
        </InlineStack>
      }
      subtitle={`Run ${run.id} · version ${run.workflow_version} · started ${formatDate(run.created_at)}${run.finished_at ? ` · finished ${formatDate(run.finished_at)}` : ''}`}
      secondaryActions={[
        ...(RERUNNABLE.has(run.status) && run.event ? [{ content: 'Re-run with edited payload', onAction: () => setRerunOpen(true) }] : []),
        { content: 'Open workflow', url: `/workflows/${run.workflow_id}` },
        { content: 'Refresh', onAction: () => void poll() },
      ]}
    >
      <Layout>
        {run.status === 'waiting' && run.resume_at && (
          <Layout.Section>
            <Banner tone="info" title={`Waiting until ${formatDate(run.resume_at)}`}>
              <p>This run is paused on a Wait step and goes on by itself then.</p>
            </Banner>
          </Layout.Section>
        )}
        {run.replay_id && (
          <Layout.Section>
            <Text as="p" tone="subdued">
              Started by replay {run.replay_id}.
            </Text>
          </Layout.Section>
        )}
        {run.error && (
          <Layout.Section>
            <Banner tone={run.status === 'has_errors' ? 'warning' : 'critical'} title="This run has errors">
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
              <RunStepCard key={`${s.seq}-${s.step_id}`} step={s} deliveries={firstSeq.get(s.step_id) === s.seq ? (deliveriesByStep.get(s.step_id) ?? []) : []} onRetry={retry} retrying={retrying} />
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
                  <CodeBlock value={run.event.payload} label="Trigger payload" maxHeight={520} />
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
      {run.event && <RerunModal open={rerunOpen} onClose={() => setRerunOpen(false)} runId={run.id} payload={run.event.payload} />}
    </Page>
  );
}
