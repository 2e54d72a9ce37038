import { Badge, Banner, BlockStack, Box, Button, Card, Divider, InlineStack, Layout, Page, Text } from '@shopify/polaris';
import { useCallback, useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { ApiError, api, errorMessage } from '../api/client';
import type { Connector, ConnectorDelivery, ConnectorField, ConnectorTask, Workflow } from '../api/types';
import { useApp } from '../components/AppContext';
import { ErrorBanner, LoadingPage } from '../components/States';
import { startInstall } from '../components/TriggerPicker';
import { isSeed, type ConnectorListing } from './Connectors';

const TYPE_LABELS: Record<string, string> = {
  single_line_text_field: 'Text',
  multi_line_text_field: 'Multi-line text',
  number_integer: 'Whole number',
  number_decimal: 'Number',
  boolean: 'True or false',
  email: 'Email',
  url: 'URL',
  customer_reference: 'Customer',
  order_reference: 'Order',
  product_reference: 'Product',
  company_reference: 'Company',
  company_contact_reference: 'Company contact',
  marketing_activity_reference: 'Marketing activity',
  abandonment_reference: 'Abandoned checkout',
};

const typeLabel = (type: string) => TYPE_LABELS[type] ?? (type.startsWith('schema.') ? type.slice('schema.'.length) : type);
const fieldLabel = (f: ConnectorField) => f.name ?? f.key ?? typeLabel(f.type);

/** "(Number, required)"; a reference field is already named by its type: "(required)". */
function fieldNote(f: ConnectorField): string {
  const parts = [...(fieldLabel(f) === typeLabel(f.type) ? [] : [typeLabel(f.type)]), ...(f.required ? ['required'] : ['optional'])];
  return `(${parts.join(', ')})`;
}

function deliveryText(d: ConnectorDelivery): string {
  return d.kind === 'scheduled' ? `Sent by the app on its schedule: ${d.schedule}` : `Sent in batches: one run per ${d.batchSize} ${d.items}`;
}

function TaskList({ connector, kind }: { connector: Connector; kind: 'triggers' | 'actions' }) {
  const tasks: ConnectorTask[] = connector[kind];
  const title = kind === 'triggers' ? 'Triggers' : 'Actions';
  const fieldsHeading = kind === 'triggers' ? 'Sends' : 'Asks for';
  return (
    <Card padding="0">
      <BlockStack>
        <Box padding="400">
          <BlockStack gap="100">
            <Text as="h2" variant="headingMd">
              {title}
            </Text>
            <Text as="p" tone="subdued" variant="bodySm">
              {kind === 'triggers' ? `${connector.name} sends these events to start workflows.` : `Workflows send these requests to ${connector.name}.`}
            </Text>
          </BlockStack>
        </Box>
        {tasks.length === 0 ? (
          <Box paddingInline="400" paddingBlockEnd="400">
            <Text as="p" tone="subdued">
              {connector.name} has no {kind}.
            </Text>
          </Box>
        ) : (
          tasks.map((t) => (
            <BlockStack key={t.handle}>
              <Divider />
              <Box padding="400">
                <BlockStack gap="200">
                  <InlineStack gap="200" align="start" blockAlign="center">
                    <Text as="h3" fontWeight="semibold">
                      {t.name}
                    </Text>
                    {t.delivery && <Badge tone="info">{t.delivery.kind === 'scheduled' ? 'Scheduled' : 'Batched'}</Badge>}
                  </InlineStack>
                  {t.description && (
                    <Text as="p" tone="subdued">
                      {t.description}
                    </Text>
                  )}
                  {t.delivery && (
                    <Text as="p" variant="bodySm">
                      {deliveryText(t.delivery)}
                    </Text>
                  )}
                  {t.fields && t.fields.length > 0 && (
                    <BlockStack gap="100">
                      <Text as="h4" variant="headingSm">
                        {fieldsHeading}
                      </Text>
                      {t.fields.map((f) => (
                        <Text as="p" variant="bodySm" key={f.payloadKey}>
                          <Text as="span" fontWeight="medium">
                            {fieldLabel(f)}
                          </Text>{' '}
                          <Text as="span" tone="subdued">
                            {fieldNote(f)}
                            {f.description ? ` — ${f.description}` : ''}
                          </Text>
                        </Text>
                      ))}
                    </BlockStack>
                  )}
                  <Text as="p" tone="subdued" variant="bodySm">
                    {t.handle}
                  </Text>
                </BlockStack>
              </Box>
            </BlockStack>
          ))
        )}
      </BlockStack>
    </Card>
  );
}

export function ConnectorPage() {
  const { clientId: id = '' } = useParams();
  const navigate = useNavigate();
  const { showToast } = useApp();
  const [c, setConnector] = useState<Connector | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);

  const load = useCallback(async () => {
    setError(null);
    try {
      setConnector(await api.get<Connector>(`/connectors/${encodeURIComponent(id)}`));
    } catch (err) {
      // A seed page whose app has since been deployed: go to the real app.
      if (err instanceof ApiError && err.status === 404) {
        const listing = await api.get<ConnectorListing>('/connectors').catch(() => null);
        const real = listing && [...listing.installed, ...listing.not_installed].find((x) => x.seed === id);
        if (real) return void navigate(`/connectors/${encodeURIComponent(real.id)}`, { replace: true });
      }
      setError(err);
    }
  }, [id, navigate]);
  useEffect(() => {
    void load();
  }, [load]);

  if (error) {
    return (
      <Page title="Connector" backAction={{ content: 'Connectors', url: '/connectors' }}>
        <ErrorBanner error={error} title={error instanceof ApiError && error.status === 404 ? 'Connector not found' : 'The connector could not be loaded'} />
      </Page>
    );
  }
  if (!c || c.id !== id) return <LoadingPage title="Connector" />;

  const run = async (key: string, fn: () => Promise<unknown>, done?: string) => {
    setBusy(key);
    setActionError(null);
    try {
      await fn();
      if (done) showToast(done);
      await load();
    } catch (err) {
      setActionError(err);
      showToast(errorMessage(err), { error: true });
    } finally {
      setBusy(null);
    }
  };

  const importTemplate = async (templateId: string, name: string) => {
    setBusy(templateId);
    setActionError(null);
    try {
      const wf = await api.post<Workflow>(`/templates/${encodeURIComponent(templateId)}/import`);
      showToast(`“${wf.name}” created from a template. It is off until you turn it on.`);
      navigate(`/workflows/${wf.id}`);
    } catch (err) {
      setActionError(err);
      showToast(`“${name}” could not be imported`, { error: true });
      setBusy(null);
    }
  };

  const seed = isSeed(c);
  const status = seed ? (
    <Badge>Not available yet</Badge>
  ) : c.bundled ? (
    <Badge tone="success">Included</Badge>
  ) : (
    <Badge tone={c.installed ? 'success' : 'attention'}>{c.installed ? 'Installed' : 'Not installed'}</Badge>
  );
  const clientId = c.client_id;
  const primaryAction =
    seed || c.bundled || !clientId
      ? undefined
      : c.installed
        ? { content: 'Uninstall', destructive: true, loading: busy === 'install', onAction: () => run('install', () => api.del(`/connectors/${encodeURIComponent(clientId)}/install`), `${c.name} uninstalled`) }
        : { content: 'Install', loading: busy === 'install', onAction: () => run('install', () => startInstall(clientId)) };
  const examples = c.examples ?? [];

  return (
    <Page title={c.name} subtitle={c.category ?? undefined} backAction={{ content: 'Connectors', url: '/connectors' }} titleMetadata={status} primaryAction={primaryAction}>
      <Layout>
        {actionError ? (
          <Layout.Section>
            <ErrorBanner error={actionError} onDismiss={() => setActionError(null)} />
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <BlockStack gap="400">
            {seed ? (
              <Banner tone="info" title={`${c.name} is not available yet`}>
                <p>
                  {c.name} has not connected its app to Switchboard yet. Its triggers and actions are listed so you can plan your workflows; you can use them once {c.name} is available
                  and installed in this shop.
                </p>
              </Banner>
            ) : c.bundled ? (
              <Banner tone="info" title={`${c.name} is included with Switchboard`} action={{ content: 'Open Settings', url: '/settings' }}>
                <p>It is installed in every shop. Connect your {c.name} account on the Settings page before a workflow uses it.</p>
              </Banner>
            ) : !c.installed ? (
              <Card>
                <Text as="p">Install {c.name} in this shop to use its triggers and actions in workflows.</Text>
              </Card>
            ) : null}
            {c.description && (
              <Card>
                <Text as="p">{c.description}</Text>
              </Card>
            )}
            <TaskList connector={c} kind="triggers" />
            <TaskList connector={c} kind="actions" />
            {examples.length > 0 && (
              <Card padding="0">
                <BlockStack>
                  <Box padding="400">
                    <Text as="h2" variant="headingMd">
                      Example workflows
                    </Text>
                  </Box>
                  {examples.map((e) => (
                    <BlockStack key={e.name}>
                      <Divider />
                      <Box padding="400">
                        <InlineStack align="space-between" blockAlign="center" gap="300" wrap={false}>
                          <BlockStack gap="050">
                            <Text as="h3" fontWeight="semibold">
                              {e.name}
                            </Text>
                            <Text as="p" tone="subdued">
                              {e.description}
                            </Text>
                          </BlockStack>
                          {e.template_id && (
                            <Button loading={busy === e.template_id} onClick={() => importTemplate(e.template_id!, e.name)} accessibilityLabel={`Use template ${e.name}`}>
                              Use template
                            </Button>
                          )}
                        </InlineStack>
                      </Box>
                    </BlockStack>
                  ))}
                </BlockStack>
              </Card>
            )}
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
