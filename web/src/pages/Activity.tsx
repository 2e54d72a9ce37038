import { Badge, Box, Card, EmptyState, IndexTable, InlineGrid, InlineStack, Layout, Link, Page, Select, Tag, Text, TextField } from '@shopify/polaris';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api } from '../api/client';
import type { Run, RunStatus, Workflow } from '../api/types';
import { RUN_STATUS_LABELS } from '../api/types';
import { useApp } from '../components/AppContext';
import { RunStatusBadge } from '../components/RunStatusBadge';
import { ErrorBanner, LoadingPage } from '../components/States';
import { formatDate } from '../lib/format';
import { EMPTY_IMAGE } from '../lib/illustration';
import { historyRetentionText } from '../lib/retention';

const STATUSES = Object.keys(RUN_STATUS_LABELS) as RunStatus[];
/** Both show "Has errors" on a badge (by tone); the filter tells them apart in words. */
const FILTER_LABELS: Partial<Record<RunStatus, string>> = { failed: 'Has errors (stopped)', has_errors: 'Has errors (finished, a For each item failed)' };

/** Every run of the shop's workflows, newest first, with filters kept in the URL. */
export function ActivityPage() {
  const [params, setParams] = useSearchParams();
  const retention = historyRetentionText(useApp().shop?.history_retention_days);
  const [runs, setRuns] = useState<Run[] | null>(null);
  const [workflows, setWorkflows] = useState<Workflow[]>([]);
  const [error, setError] = useState<unknown>(null);
  const workflowId = params.get('workflow_id') ?? '';
  const status = params.get('status') ?? '';
  const since = params.get('since') ?? '';
  const until = params.get('until') ?? '';
  const replayId = params.get('replay_id') ?? '';

  const setParam = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  useEffect(() => {
    api.get<{ workflows: Workflow[] }>('/workflows').then((r) => setWorkflows(r.workflows), () => undefined);
  }, []);

  useEffect(() => {
    const q = new URLSearchParams();
    if (workflowId) q.set('workflow_id', workflowId);
    if (status) q.set('status', status);
    if (replayId) q.set('replay_id', replayId);
    // Date inputs are days in the merchant's time zone: since = start of day, until = end of day.
    if (since) q.set('since', new Date(`${since}T00:00:00`).toISOString());
    if (until) q.set('until', new Date(`${until}T23:59:59.999`).toISOString());
    q.set('limit', '200');
    let cancelled = false;
    const load = () =>
      api.get<{ runs: Run[] }>(`/runs?${q}`).then(
        (r) => {
          if (cancelled) return;
          setError(null);
          setRuns(r.runs);
        },
        (err) => !cancelled && setError(err),
      );
    load();
    // Runs in progress change on their own: keep the list fresh while the page is open.
    const timer = setInterval(load, 3000);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [workflowId, status, since, until, replayId]);

  if (!runs && !error) return <LoadingPage title="Activity" />;
  const names = new Map(workflows.map((w) => [w.id, w.name]));

  return (
    <Page title="Activity" subtitle="Every run of your workflows: what triggered it, which conditions held, and what each action sent.">
      <Layout>
        {error ? (
          <Layout.Section>
            <ErrorBanner error={error} title="Runs could not be loaded" />
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <Card>
            <InlineGrid columns={{ xs: 1, sm: 2, md: 4 }} gap="300">
              <Select
                label="Workflow"
                options={[{ label: 'All workflows', value: '' }, ...workflows.map((w) => ({ label: w.name, value: String(w.id) }))]}
                value={workflowId}
                onChange={(v) => setParam('workflow_id', v)}
              />
              <Select label="Status" options={[{ label: 'Any status', value: '' }, ...STATUSES.map((s) => ({ label: FILTER_LABELS[s] ?? RUN_STATUS_LABELS[s], value: s }))]} value={status} onChange={(v) => setParam('status', v)} />
              <TextField label="From" type="date" value={since} onChange={(v) => setParam('since', v)} autoComplete="off" clearButton onClearButtonClick={() => setParam('since', '')} />
              <TextField label="To" type="date" value={until} onChange={(v) => setParam('until', v)} autoComplete="off" clearButton onClearButtonClick={() => setParam('until', '')} />
            </InlineGrid>
            {replayId && (
              <Box paddingBlockStart="300">
                <InlineStack gap="200" blockAlign="center">
                  <Tag onRemove={() => setParam('replay_id', '')}>{`Runs of replay ${replayId}`}</Tag>
                </InlineStack>
              </Box>
            )}
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card padding="0">
            {runs && runs.length === 0 ? (
              <EmptyState heading="No runs yet" image={EMPTY_IMAGE} action={{ content: 'Go to workflows', url: '/' }}>
                <p>{workflowId || status || since || until || replayId ? 'No run matches these filters.' : 'Runs appear here when a workflow that is on is triggered. Use “Send test event” to try one.'}</p>
              </EmptyState>
            ) : (
              <IndexTable
                resourceName={{ singular: 'run', plural: 'runs' }}
                itemCount={runs?.length ?? 0}
                selectable={false}
                headings={[{ title: 'Started' }, { title: 'Workflow' }, { title: 'Status' }, { title: 'Run' }]}
              >
                {(runs ?? []).map((r, i) => (
                  <IndexTable.Row id={r.id} key={r.id} position={i}>
                    <IndexTable.Cell>
                      <Link url={`/activity/${r.id}`} accessibilityLabel={`Run of ${names.get(r.workflow_id) ?? `workflow ${r.workflow_id}`} at ${formatDate(r.created_at)}`} dataPrimaryLink>
                        {formatDate(r.created_at)}
                      </Link>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <Text as="span" breakWord>
                        {names.get(r.workflow_id) ?? `Workflow ${r.workflow_id}`} <Text as="span" tone="subdued">v{r.workflow_version}</Text>
                      </Text>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <InlineStack gap="100" wrap>
                        <RunStatusBadge status={r.status} />
                        {r.replay_id && <Badge tone="info">Replay</Badge>}
                      </InlineStack>
                      {r.status === 'waiting' && r.resume_at && (
                        <Text as="p" tone="subdued" variant="bodySm">
                          Waiting until {formatDate(r.resume_at)}
                        </Text>
                      )}
                      {r.error && (
                        <Text as="p" tone="critical" variant="bodySm" breakWord>
                          {r.error}
                        </Text>
                      )}
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <Text as="span" tone="subdued" variant="bodySm">
                        {r.id}
                      </Text>
                    </IndexTable.Cell>
                  </IndexTable.Row>
                ))}
              </IndexTable>
            )}
          </Card>
        </Layout.Section>
        {retention && (
          <Layout.Section>
            <Text as="p" tone="subdued" alignment="center">
              {retention}
            </Text>
          </Layout.Section>
        )}
      </Layout>
    </Page>
  );
}
