import { Badge, BlockStack, Button, Card, EmptyState, InlineGrid, InlineStack, Layout, Page, ResourceItem, ResourceList, Select, Text, TextField } from '@shopify/polaris';
import { useCallback, useEffect, useState } from 'react';
import { ApiError, api, errorMessage } from '../api/client';
import type { Connector, Organization } from '../api/types';
import { useApp } from '../components/AppContext';
import { ErrorBanner, LoadingPage } from '../components/States';
import { startInstall } from '../components/TriggerPicker';
import { EMPTY_IMAGE } from '../lib/illustration';

export interface ConnectorListing {
  installed: Connector[];
  not_installed: Connector[];
}

export function useConnectors() {
  const [data, setData] = useState<ConnectorListing | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(() => {
    api.get<ConnectorListing>('/connectors').then(setData, setError);
  }, []);
  useEffect(load, [load]);
  return { data, error, reload: load };
}

/** "2 triggers · 1 action" */
export function taskCounts(c: Connector): string {
  const n = (count: number, word: string) => `${count} ${count === 1 ? word : `${word}s`}`;
  return `${n(c.triggers.length, 'trigger')} · ${n(c.actions.length, 'action')}`;
}

/** Seed catalog entries: known apps that have not connected to this Switchboard yet. */
export const isSeed = (c: Connector) => c.source === 'seed';

export function ConnectorsPage() {
  const { showToast } = useApp();
  const { data, error, reload } = useConnectors();
  const [org, setOrg] = useState<Organization | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const [category, setCategory] = useState('');

  useEffect(() => {
    api.get<Organization>('/organization').then(setOrg, (err) => {
      if (!(err instanceof ApiError && err.status === 404)) setActionError(err);
    });
  }, []);

  const install = async (c: Connector) => {
    if (!c.client_id) return;
    setBusy(c.id);
    setActionError(null);
    try {
      await startInstall(c.client_id);
    } catch (err) {
      setActionError(err);
      setBusy(null);
    }
  };
  const uninstall = async (c: Connector) => {
    if (!c.client_id) return;
    setBusy(c.id);
    setActionError(null);
    try {
      await api.del(`/connectors/${encodeURIComponent(c.client_id)}/install`);
      showToast(`${c.name} uninstalled; workflows using it were turned off`);
      reload();
    } catch (err) {
      setActionError(err);
      showToast(errorMessage(err), { error: true });
    } finally {
      setBusy(null);
    }
  };

  if (error) {
    return (
      <Page title="Connectors">
        <ErrorBanner error={error} title="Connectors could not be loaded" />
      </Page>
    );
  }
  if (!data) return <LoadingPage title="Connectors" />;

  const control = (c: Connector) => {
    if (isSeed(c)) return <Badge>Not available yet</Badge>;
    if (c.bundled) return <Badge tone="info">Included</Badge>;
    return c.installed ? (
      <Button tone="critical" variant="secondary" size="slim" loading={busy === c.id} onClick={() => uninstall(c)} accessibilityLabel={`Uninstall ${c.name}`}>
        Uninstall
      </Button>
    ) : (
      <Button size="slim" loading={busy === c.id} onClick={() => install(c)} accessibilityLabel={`Install ${c.name}`}>
        Install
      </Button>
    );
  };

  const renderList = (items: Connector[]) => (
    <ResourceList
      resourceName={{ singular: 'connector', plural: 'connectors' }}
      items={items}
      renderItem={(c) => (
        <ResourceItem id={c.id} url={`/connectors/${encodeURIComponent(c.id)}`} accessibilityLabel={`View ${c.name}`} name={c.name}>
          <InlineStack align="space-between" blockAlign="center" gap="200" wrap={false}>
            {/* minWidth 0 lets a long description wrap instead of pushing the button out. */}
            <div style={{ flex: 1, minWidth: 0 }}>
              <BlockStack gap="050">
                <InlineStack gap="200" align="start" blockAlign="center">
                  <Text as="h3" variant="bodyMd" fontWeight="semibold">
                    {c.name}
                  </Text>
                  {c.category && <Badge>{c.category}</Badge>}
                </InlineStack>
                {c.description && (
                  <Text as="p" tone="subdued" variant="bodySm">
                    {c.description}
                  </Text>
                )}
                <Text as="p" tone="subdued" variant="bodySm">
                  {taskCounts(c)}
                </Text>
              </BlockStack>
            </div>
            <div style={{ flexShrink: 0 }} onClick={(e) => e.stopPropagation()}>
              {control(c)}
            </div>
          </InlineStack>
        </ResourceItem>
      )}
    />
  );

  const categories = [...new Set(data.not_installed.map((c) => c.category).filter((c): c is string => !!c))].sort();
  const q = query.trim().toLowerCase();
  const shown = data.not_installed.filter(
    (c) =>
      (!category || c.category === category) &&
      (!q || [c.name, c.description ?? '', ...c.triggers.map((t) => t.name), ...c.actions.map((a) => a.name)].join(' ').toLowerCase().includes(q)),
  );

  return (
    <Page title="Connectors" subtitle="Apps whose triggers and actions your workflows can use. An app must be installed in this shop before a workflow can use it.">
      <Layout>
        {actionError ? (
          <Layout.Section>
            <ErrorBanner error={actionError} onDismiss={() => setActionError(null)} />
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <BlockStack gap="400">
            <Card padding="0">
              <BlockStack>
                <div style={{ padding: 'var(--p-space-400)' }}>
                  <Text as="h2" variant="headingMd">
                    Installed
                  </Text>
                </div>
                {data.installed.length ? (
                  renderList(data.installed)
                ) : (
                  <EmptyState heading="No connector installed yet" image={EMPTY_IMAGE}>
                    <p>Install a connector below to use its triggers and actions.</p>
                  </EmptyState>
                )}
              </BlockStack>
            </Card>
            <Card padding="0">
              <BlockStack>
                <div style={{ padding: 'var(--p-space-400)' }}>
                  <BlockStack gap="300">
                    <Text as="h2" variant="headingMd">
                      Not installed
                    </Text>
                    {data.not_installed.length > 0 && (
                      <InlineGrid columns={{ xs: 1, sm: 2 }} gap="300">
                        <TextField
                          label="Search connectors"
                          value={query}
                          onChange={setQuery}
                          autoComplete="off"
                          placeholder="App, trigger or action"
                          clearButton
                          onClearButtonClick={() => setQuery('')}
                        />
                        <Select label="Category" options={[{ label: 'All categories', value: '' }, ...categories.map((c) => ({ label: c, value: c }))]} value={category} onChange={setCategory} />
                      </InlineGrid>
                    )}
                  </BlockStack>
                </div>
                {data.not_installed.length === 0 ? (
                  <div style={{ padding: '0 var(--p-space-400) var(--p-space-400)' }}>
                    <Text as="p" tone="subdued">
                      Every available connector is installed.
                    </Text>
                  </div>
                ) : shown.length === 0 ? (
                  <div style={{ padding: '0 var(--p-space-400) var(--p-space-400)' }}>
                    <Text as="p" tone="subdued">
                      No connector matches. Try another search or category.
                    </Text>
                  </div>
                ) : (
                  renderList(shown)
                )}
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
        {org && (
          <Layout.Section variant="oneThird">
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Organization: {org.name}
                </Text>
                <Text as="p" tone="subdued">
                  {org.shops.length} stores: {org.shops.map((s) => s.domain).join(', ')}
                </Text>
                <Text as="h3" variant="headingSm">
                  Installed in the organization
                </Text>
                {org.installed.length === 0 && (
                  <Text as="p" tone="subdued">
                    None yet.
                  </Text>
                )}
                {org.installed.map((c) => (
                  <BlockStack key={c.client_id} gap="100">
                    <Text as="p" fontWeight="semibold">
                      {c.name}
                    </Text>
                    <InlineStack gap="100" wrap>
                      {c.installed_in.map((d) => (
                        <Badge key={d} tone="success">
                          {d}
                        </Badge>
                      ))}
                    </InlineStack>
                  </BlockStack>
                ))}
                <Text as="h3" variant="headingSm">
                  Not installed in any store
                </Text>
                <Text as="p" tone="subdued">
                  {org.not_installed.map((c) => c.name).join(', ') || 'None.'}
                </Text>
              </BlockStack>
            </Card>
          </Layout.Section>
        )}
      </Layout>
    </Page>
  );
}
