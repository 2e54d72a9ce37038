import { ActionList, Badge, Banner, Button, Popover, BlockStack, Card, EmptyState, IndexTable, InlineStack, Layout, Link, Modal, Page, Text } from '@shopify/polaris';
import { useCallback, useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api, errorMessage } from '../api/client';
import type { Catalog, Workflow, WorkflowDefinition } from '../api/types';
import { useApp } from '../components/AppContext';
import { CodeBlock } from '../components/CodeBlock';
import { SendTestEvent } from '../components/SendTestEvent';
import { ErrorBanner, LoadingPage } from '../components/States';
import { downloadJson, formatDate, relative } from '../lib/format';
import { findTrigger, groupSection } from '../lib/useCatalog';
import { EMPTY_IMAGE } from '../lib/illustration';

interface Version {
  version: number;
  created_at: string | null;
  definition: WorkflowDefinition;
}

export function WorkflowsPage() {
  const navigate = useNavigate();
  const { showToast } = useApp();
  const [workflows, setWorkflows] = useState<Workflow[] | null>(null);
  const [catalog, setCatalog] = useState<Catalog | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [actionError, setActionError] = useState<{ title: string; error: unknown } | null>(null);
  const [busy, setBusy] = useState<number | null>(null);
  const [toDelete, setToDelete] = useState<Workflow | null>(null);
  const [versionsOf, setVersionsOf] = useState<Workflow | null>(null);
  const [versions, setVersions] = useState<Version[] | null>(null);

  const load = useCallback(() => {
    api.get<{ workflows: Workflow[] }>('/workflows').then((r) => setWorkflows(r.workflows), setLoadError);
  }, []);
  useEffect(() => {
    load();
    api.get<Catalog>('/catalog').then(setCatalog, () => undefined);
  }, [load]);

  const act = async (wf: Workflow, title: string, fn: () => Promise<unknown>, done?: string) => {
    setBusy(wf.id);
    setActionError(null);
    try {
      await fn();
      if (done) showToast(done);
      load();
    } catch (err) {
      setActionError({ title, error: err });
      showToast(errorMessage(err), { error: true });
    } finally {
      setBusy(null);
    }
  };

  const toggle = (wf: Workflow) =>
    act(
      wf,
      wf.enabled ? `${wf.name} could not be turned off` : `${wf.name} could not be turned on`,
      () => api.post(`/workflows/${wf.id}/${wf.enabled ? 'disable' : 'enable'}`),
      wf.enabled ? `${wf.name} turned off` : `${wf.name} turned on`,
    );
  const duplicate = (wf: Workflow) =>
    act(wf, `${wf.name} could not be duplicated`, async () => {
      const copy = await api.post<Workflow>(`/workflows/${wf.id}/duplicate`);
      showToast(`Duplicated as “${copy.name}”`);
    });
  const remove = async () => {
    const wf = toDelete!;
    setToDelete(null);
    await act(wf, `${wf.name} could not be deleted`, () => api.del(`/workflows/${wf.id}`), `${wf.name} deleted`);
  };
  const exportWorkflow = (wf: Workflow) =>
    act(wf, `${wf.name} could not be exported`, async () => {
      const data = await api.get<unknown>(`/workflows/${wf.id}/export`);
      downloadJson(data, `${wf.name.replace(/[^\w-]+/g, '-').toLowerCase() || 'workflow'}.json`);
    });
  const showVersions = (wf: Workflow) => {
    setVersionsOf(wf);
    setVersions(null);
    api.get<{ versions: Version[] }>(`/workflows/${wf.id}/versions`).then(
      (r) => setVersions(r.versions),
      (err) => {
        setVersionsOf(null);
        setActionError({ title: 'Versions could not be loaded', error: err });
      },
    );
  };

  if (loadError) {
    return (
      <Page title="Workflows">
        <ErrorBanner error={loadError} title="Workflows could not be loaded" />
      </Page>
    );
  }
  if (!workflows) return <LoadingPage title="Workflows" primaryAction />;

  const triggerName = (wf: Workflow) => {
    const f = findTrigger(catalog, wf.trigger.app, wf.trigger.handle);
    return f ? `${groupSection(f.group)}: ${f.trigger.name}` : wf.trigger.handle;
  };

  const rows = workflows.map((wf, i) => (
    <IndexTable.Row id={String(wf.id)} key={wf.id} position={i}>
      <IndexTable.Cell>
        <Link url={`/workflows/${wf.id}`} removeUnderline monochrome accessibilityLabel={`Edit ${wf.name}`}>
          <Text as="span" fontWeight="semibold">
            {wf.name}
          </Text>
        </Link>
        {wf.level === 'organization' && (
          <>
            {' '}
            <Badge>Organization</Badge>
          </>
        )}
      </IndexTable.Cell>
      <IndexTable.Cell>
        <Text as="span" breakWord>
          {triggerName(wf)}
        </Text>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <BlockStack gap="100">
          <span>
            <Badge tone={wf.enabled ? 'success' : undefined} progress={wf.enabled ? 'complete' : 'incomplete'}>
              {wf.enabled ? 'On' : 'Off'}
            </Badge>
          </span>
          {!wf.enabled && wf.disabled_reason && (
            <Text as="span" tone="subdued" variant="bodySm" breakWord>
              {wf.disabled_reason}
            </Text>
          )}
        </BlockStack>
      </IndexTable.Cell>
      <IndexTable.Cell>{wf.last_run_at ? <span title={formatDate(wf.last_run_at)}>{relative(wf.last_run_at)}</span> : 'Never'}</IndexTable.Cell>
      <IndexTable.Cell>
        <Text as="span" numeric>
          {wf.runs_24h ?? '—'}
        </Text>
      </IndexTable.Cell>
      <IndexTable.Cell>
        {wf.failures_24h ? (
          <Link url={`/activity?workflow_id=${wf.id}&status=failed`} accessibilityLabel={`${wf.failures_24h} failed runs of ${wf.name}`}>
            <Text as="span" tone="critical" numeric>
              {wf.failures_24h}
            </Text>
          </Link>
        ) : (
          <Text as="span" numeric>
            {wf.failures_24h ?? '—'}
          </Text>
        )}
      </IndexTable.Cell>
      <IndexTable.Cell>
        <RowActions
          workflow={wf}
          busy={busy === wf.id}
          onToggle={() => toggle(wf)}
          onDuplicate={() => duplicate(wf)}
          onVersions={() => showVersions(wf)}
          onExport={() => exportWorkflow(wf)}
          onDelete={() => setToDelete(wf)}
        />
      </IndexTable.Cell>
    </IndexTable.Row>
  ));

  return (
    <Page
      title="Workflows"
      subtitle="Automate your store: a trigger, conditions and actions."
      primaryAction={{ content: 'Create workflow', url: '/workflows/new' }}
      secondaryActions={<SendTestEvent catalog={catalog} />}
    >
      <Layout>
        {actionError && (
          <Layout.Section>
            <ErrorBanner error={actionError.error} title={actionError.title} onDismiss={() => setActionError(null)} />
          </Layout.Section>
        )}
        <Layout.Section>
          <Card padding="0">
            {workflows.length === 0 ? (
              <EmptyState
                heading="Automate your first task"
                action={{ content: 'Create workflow', url: '/workflows/new' }}
                secondaryAction={{ content: 'Browse templates', url: '/templates' }}
                footerContent={
                  <InlineStack align="center">
                    <SendTestEvent catalog={catalog} />
                  </InlineStack>
                }
                image={EMPTY_IMAGE}
              >
                <BlockStack gap="200">
                  <p>Start from a template, or build a workflow from a trigger, conditions and actions.</p>
                  <p>
                    Then use <strong>Send test event</strong> to fire its trigger with sample data and see the run in <Link url="/activity">Activity</Link>.
                  </p>
                </BlockStack>
              </EmptyState>
            ) : (
              <IndexTable
                resourceName={{ singular: 'workflow', plural: 'workflows' }}
                itemCount={workflows.length}
                selectable={false}
                headings={[{ title: 'Name' }, { title: 'Trigger' }, { title: 'Status' }, { title: 'Last run' }, { title: 'Runs (24 h)', alignment: 'end' }, { title: 'Failures (24 h)', alignment: 'end' }, { title: 'Actions' }]}
              >
                {rows}
              </IndexTable>
            )}
          </Card>
        </Layout.Section>
      </Layout>
      <Modal
        open={toDelete !== null}
        onClose={() => setToDelete(null)}
        title={`Delete ${toDelete?.name ?? 'workflow'}?`}
        primaryAction={{ content: 'Delete workflow', destructive: true, onAction: remove }}
        secondaryActions={[{ content: 'Cancel', onAction: () => setToDelete(null) }]}
      >
        <Modal.Section>
          <Text as="p">The workflow is turned off and deleted with all its versions. Past runs stay in Activity. This cannot be undone.</Text>
        </Modal.Section>
      </Modal>
      <Modal open={versionsOf !== null} onClose={() => setVersionsOf(null)} title={`Versions of ${versionsOf?.name ?? ''}`} size="large" loading={versions === null}>
        {versions?.map((v) => (
          <Modal.Section key={v.version}>
            <BlockStack gap="200">
              <InlineStack gap="200" blockAlign="center">
                <Text as="h3" variant="headingSm">
                  Version {v.version}
                </Text>
                {v.version === versionsOf?.version && <Badge tone="success">Current</Badge>}
                <Text as="span" tone="subdued">
                  {formatDate(v.created_at)}
                </Text>
              </InlineStack>
              <CodeBlock value={v.definition} label={`Definition of version ${v.version}`} />
            </BlockStack>
          </Modal.Section>
        ))}
        {versions?.length === 0 && (
          <Modal.Section>
            <Banner>No versions.</Banner>
          </Modal.Section>
        )}
      </Modal>
    </Page>
  );
}

interface RowActionsProps {
  workflow: Workflow;
  busy: boolean;
  onToggle(): void;
  onDuplicate(): void;
  onVersions(): void;
  onExport(): void;
  onDelete(): void;
}

function RowActions({ workflow: wf, busy, onToggle, onDuplicate, onVersions, onExport, onDelete }: RowActionsProps) {
  const [open, setOpen] = useState(false);
  const close = (fn: () => void) => () => {
    setOpen(false);
    fn();
  };
  return (
    <InlineStack gap="200" wrap={false} blockAlign="center">
      <Button size="slim" onClick={onToggle} loading={busy} accessibilityLabel={`${wf.enabled ? 'Turn off' : 'Turn on'} ${wf.name}`}>
        {wf.enabled ? 'Turn off' : 'Turn on'}
      </Button>
      <Popover
        active={open}
        onClose={() => setOpen(false)}
        preferredAlignment="right"
        activator={
          <Button size="slim" disclosure onClick={() => setOpen((o) => !o)} accessibilityLabel={`More actions for ${wf.name}`}>
            More
          </Button>
        }
      >
        <ActionList
          actionRole="menuitem"
          items={[
            { content: 'Edit', url: `/workflows/${wf.id}` },
            { content: 'Duplicate', onAction: close(onDuplicate) },
            { content: 'Versions', onAction: close(onVersions) },
            { content: 'Replay past events', url: `/workflows/${wf.id}?replay=1` },
            { content: 'Export', onAction: close(onExport) },
            { content: 'Delete', destructive: true, onAction: close(onDelete) },
          ]}
        />
      </Popover>
    </InlineStack>
  );
}
