import { Badge, Banner, BlockStack, Button, Card, EmptyState, Form, FormLayout, InlineStack, Layout, Modal, Page, Text, TextField } from '@shopify/polaris';
import { useCallback, useEffect, useState } from 'react';
import { ApiError, api, errorMessage } from '../api/client';
import type { ConnectorCredentials } from '../api/types';
import { useApp } from '../components/AppContext';
import { ErrorBanner, LoadingPage } from '../components/States';
import { EMPTY_IMAGE } from '../lib/illustration';
import { historyRetentionText } from '../lib/retention';

const path = (c: ConnectorCredentials) => `/credentials/${encodeURIComponent(c.connector)}`;

/** A secret is never shown or sent back: its field starts empty; a non-secret field starts with the saved value. */
function initialValues(c: ConnectorCredentials): Record<string, string> {
  return Object.fromEntries(c.fields.map((f) => [f.key, f.secret ? '' : (c.hints[f.key] ?? '')]));
}

function formatDate(iso: string | null): string | null {
  if (!iso) return null;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d.toLocaleString();
}

function CredentialsCard({ creds, onChange }: { creds: ConnectorCredentials; onChange: (next: ConnectorCredentials) => void }) {
  const { showToast } = useApp();
  const [values, setValues] = useState<Record<string, string>>(() => initialValues(creds));
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [errorTitle, setErrorTitle] = useState('');
  const [saving, setSaving] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [disconnecting, setDisconnecting] = useState(false);

  const save = async () => {
    setSaving(true);
    setError(null);
    setFieldErrors({});
    try {
      const sent = Object.fromEntries(Object.entries(values).filter(([, v]) => v.trim() !== ''));
      const next = await api.put<ConnectorCredentials>(path(creds), { values: sent });
      onChange(next);
      setValues(initialValues(next));
      showToast(`${creds.name} credentials saved`);
    } catch (err) {
      setError(err);
      setErrorTitle(`${creds.name} credentials could not be saved`);
      if (err instanceof ApiError) {
        setFieldErrors(Object.fromEntries(err.fields.map((f) => [f.field.replace(/^values\./, ''), f.message])));
      }
    } finally {
      setSaving(false);
    }
  };

  const disconnect = async () => {
    setDisconnecting(true);
    setError(null);
    try {
      await api.del(path(creds));
      setConfirming(false);
      setFieldErrors({});
      const next: ConnectorCredentials = { ...creds, configured: false, hints: {}, updated_at: null };
      onChange(next);
      setValues(initialValues(next));
      showToast(`${creds.name} disconnected`);
    } catch (err) {
      setConfirming(false);
      setError(err);
      setErrorTitle(`${creds.name} could not be disconnected`);
      showToast(errorMessage(err), { error: true });
    } finally {
      setDisconnecting(false);
    }
  };

  const headingId = `credentials-${creds.connector}-heading`;
  const updated = formatDate(creds.updated_at);
  const notInstalled = error instanceof ApiError && error.status === 409;

  return (
    <Card>
      <section aria-labelledby={headingId}>
        <BlockStack gap="400">
          <BlockStack gap="100">
            <InlineStack align="space-between" blockAlign="center" gap="200" wrap>
              <Text as="h2" variant="headingMd" id={headingId}>
                {creds.name}
              </Text>
              {creds.configured ? (
                <Badge tone="success">Connected</Badge>
              ) : (
                <Badge>Not connected</Badge>
              )}
            </InlineStack>
            <Text as="p" tone="subdued">
              {creds.description}
            </Text>
            {creds.configured && updated && (
              <Text as="p" tone="subdued" variant="bodySm">
                Saved {updated}
              </Text>
            )}
          </BlockStack>
          {error ? (
            <Banner
              tone="critical"
              title={notInstalled ? 'Switchboard is not installed in this shop' : errorTitle}
              onDismiss={() => setError(null)}
            >
              <p>{errorMessage(error)}</p>
            </Banner>
          ) : null}
          <Form onSubmit={save}>
            <FormLayout>
              {creds.fields.map((f) => {
                const hint = creds.configured && f.secret ? creds.hints[f.key] : undefined;
                const help = [f.help, hint ? `Saved: ${hint}. Enter it again to save changes.` : undefined].filter(Boolean).join(' · ') || undefined;
                return (
                  <TextField
                    key={f.key}
                    id={`credentials-${creds.connector}-${f.key}`}
                    label={f.label}
                    type={f.secret ? 'password' : 'text'}
                    value={values[f.key] ?? ''}
                    onChange={(v) => {
                      setValues((prev) => ({ ...prev, [f.key]: v }));
                      if (fieldErrors[f.key]) setFieldErrors(({ [f.key]: _gone, ...rest }) => rest);
                    }}
                    placeholder={hint}
                    helpText={help}
                    error={fieldErrors[f.key]}
                    autoComplete={f.secret ? 'new-password' : 'off'}
                    requiredIndicator
                  />
                );
              })}
              <InlineStack gap="200" wrap>
                <Button submit variant="primary" loading={saving} accessibilityLabel={`Save ${creds.name} credentials`}>
                  Save
                </Button>
                {creds.configured && (
                  <Button tone="critical" variant="secondary" onClick={() => setConfirming(true)} accessibilityLabel={`Disconnect ${creds.name}`}>
                    Disconnect
                  </Button>
                )}
              </InlineStack>
            </FormLayout>
          </Form>
        </BlockStack>
      </section>
      <Modal
        open={confirming}
        onClose={() => setConfirming(false)}
        title={`Disconnect ${creds.name}?`}
        primaryAction={{ content: 'Disconnect', destructive: true, loading: disconnecting, onAction: disconnect }}
        secondaryActions={[{ content: 'Cancel', onAction: () => setConfirming(false) }]}
      >
        <Modal.Section>
          <Text as="p">Switchboard deletes the {creds.name} credentials it keeps for this shop. Workflow actions that use {creds.name} fail until you save new credentials.</Text>
        </Modal.Section>
      </Modal>
    </Card>
  );
}

/** How long this server keeps run history: the operator sets it (HISTORY_RETENTION_DAYS), the merchant sees it. */
function HistoryCard() {
  const retention = historyRetentionText(useApp().shop?.history_retention_days);
  if (!retention) return null;
  return (
    <Card>
      <section aria-labelledby="history-heading">
        <BlockStack gap="200">
          <Text as="h2" variant="headingMd" id="history-heading">
            Run history
          </Text>
          <Text as="p">{retention}</Text>
          <Text as="p" tone="subdued">
            Runs that are still going, and actions still being delivered, are kept until they finish.
          </Text>
        </BlockStack>
      </section>
    </Card>
  );
}

export function SettingsPage() {
  const [connectors, setConnectors] = useState<ConnectorCredentials[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(() => {
    setError(null);
    api.get<{ connectors: ConnectorCredentials[] }>('/credentials').then((r) => setConnectors(r.connectors), setError);
  }, []);
  useEffect(load, [load]);

  const replace = (next: ConnectorCredentials) => setConnectors((list) => list?.map((c) => (c.connector === next.connector ? next : c)) ?? null);

  const title = 'Settings';
  const subtitle = 'Credentials of the built-in connectors, which Switchboard keeps encrypted for this shop and never shows again once saved, and how long run history is kept.';
  if (error && !connectors) {
    return (
      <Page title={title}>
        <Layout>
          <Layout.Section>
            <ErrorBanner error={error} title="Settings could not be loaded" />
          </Layout.Section>
          <Layout.Section>
            <Button onClick={load}>Try again</Button>
          </Layout.Section>
        </Layout>
      </Page>
    );
  }
  if (!connectors) return <LoadingPage title={title} />;

  return (
    <Page title={title} subtitle={subtitle}>
      <Layout>
        <Layout.Section>
          {connectors.length === 0 ? (
            <Card>
              <EmptyState heading="No built-in connector needs credentials" image={EMPTY_IMAGE}>
                <p>Connectors that Switchboard runs itself will show here.</p>
              </EmptyState>
            </Card>
          ) : (
            <BlockStack gap="400">
              {connectors.map((c) => (
                <CredentialsCard key={c.connector} creds={c} onChange={replace} />
              ))}
            </BlockStack>
          )}
        </Layout.Section>
        <Layout.Section>
          <HistoryCard />
        </Layout.Section>
      </Layout>
    </Page>
  );
}
