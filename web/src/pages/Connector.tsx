import { Badge, BlockStack, Card, Layout, Page, ResourceItem, ResourceList, Text } from '@shopify/polaris';
import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { api, errorMessage } from '../api/client';
import { useApp } from '../components/AppContext';
import { ErrorBanner, LoadingPage } from '../components/States';
import { startInstall } from '../components/TriggerPicker';
import { useConnectors } from './Connectors';

export function ConnectorPage() {
  const { clientId } = useParams();
  const { showToast } = useApp();
  const { data, error, reload } = useConnectors();
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<unknown>(null);

  if (error) {
    return (
      <Page title="Connector" backAction={{ content: 'Connectors', url: '/connectors' }}>
        <ErrorBanner error={error} title="Connectors could not be loaded" />
      </Page>
    );
  }
  if (!data) return <LoadingPage title="Connector" />;
  const installed = data.installed.some((c) => c.client_id === clientId);
  const c = [...data.installed, ...data.not_installed].find((x) => x.client_id === clientId);
  if (!c) {
    return (
      <Page title="Connector" backAction={{ content: 'Connectors', url: '/connectors' }}>
        <ErrorBanner error={new Error(`No connector app "${clientId}"`)} title="Connector not found" />
      </Page>
    );
  }

  const run = async (fn: () => Promise<unknown>, done?: string) => {
    setBusy(true);
    setActionError(null);
    try {
      await fn();
      if (done) showToast(done);
      reload();
    } catch (err) {
      setActionError(err);
      showToast(errorMessage(err), { error: true });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page
      title={c.name}
      backAction={{ content: 'Connectors', url: '/connectors' }}
      titleMetadata={<Badge tone={installed ? 'success' : 'attention'}>{installed ? 'Installed' : 'Not installed'}</Badge>}
      primaryAction={
        installed
          ? { content: 'Uninstall', destructive: true, loading: busy, onAction: () => run(() => api.del(`/connectors/${encodeURIComponent(c.client_id)}/install`), `${c.name} uninstalled`) }
          : { content: 'Install', loading: busy, onAction: () => run(() => startInstall(c.client_id)) }
      }
    >
      <Layout>
        {actionError ? (
          <Layout.Section>
            <ErrorBanner error={actionError} onDismiss={() => setActionError(null)} />
          </Layout.Section>
        ) : null}
        {!installed && (
          <Layout.Section>
            <Card>
              <Text as="p">Install {c.name} in this shop to use its triggers and actions in workflows.</Text>
            </Card>
          </Layout.Section>
        )}
        {(['triggers', 'actions'] as const).map((kind) => (
          <Layout.Section key={kind}>
            <Card padding="0">
              <BlockStack>
                <div style={{ padding: 'var(--p-space-400)' }}>
                  <Text as="h2" variant="headingMd">
                    {kind === 'triggers' ? 'Triggers' : 'Actions'}
                  </Text>
                </div>
                {c[kind].length === 0 ? (
                  <div style={{ padding: '0 var(--p-space-400) var(--p-space-400)' }}>
                    <Text as="p" tone="subdued">
                      {c.name} has no {kind}.
                    </Text>
                  </div>
                ) : (
                  <ResourceList
                    resourceName={{ singular: kind.slice(0, -1), plural: kind }}
                    items={c[kind]}
                    renderItem={(e) => (
                      <ResourceItem id={e.handle} onClick={() => undefined} accessibilityLabel={e.name}>
                        <BlockStack gap="050">
                          <Text as="h3" fontWeight="semibold">
                            {e.name}
                          </Text>
                          {e.description && (
                            <Text as="p" tone="subdued">
                              {e.description}
                            </Text>
                          )}
                          <Text as="p" tone="subdued" variant="bodySm">
                            {e.handle}
                          </Text>
                        </BlockStack>
                      </ResourceItem>
                    )}
                  />
                )}
              </BlockStack>
            </Card>
          </Layout.Section>
        ))}
      </Layout>
    </Page>
  );
}
