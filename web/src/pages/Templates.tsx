import { Badge, BlockStack, Button, Card, DropZone, EmptyState, InlineGrid, InlineStack, Layout, Page, Select, Text, TextField } from '@shopify/polaris';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api } from '../api/client';
import type { Template, Workflow } from '../api/types';
import { useApp } from '../components/AppContext';
import { ErrorBanner, LoadingPage } from '../components/States';
import { downloadJson } from '../lib/format';
import { EMPTY_IMAGE } from '../lib/illustration';

export function TemplatesPage() {
  const navigate = useNavigate();
  const { showToast } = useApp();
  const [templates, setTemplates] = useState<Template[] | null>(null);
  const [workflows, setWorkflows] = useState<Workflow[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [actionError, setActionError] = useState<{ title: string; error: unknown } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const [category, setCategory] = useState('');
  const [exportId, setExportId] = useState('');

  useEffect(() => {
    api.get<Template[] | { templates: Template[] }>('/templates').then((r) => setTemplates(Array.isArray(r) ? r : r.templates), setError);
    api.get<{ workflows: Workflow[] }>('/workflows').then((r) => setWorkflows(r.workflows), () => undefined);
  }, []);

  const importTemplate = async (t: Template) => {
    setBusy(t.id);
    setActionError(null);
    try {
      const wf = await api.post<Workflow>(`/templates/${encodeURIComponent(t.id)}/import`);
      showToast(`“${wf.name}” created from a template. It is off until you turn it on.`);
      navigate(`/workflows/${wf.id}`);
    } catch (err) {
      setActionError({ title: `“${t.name}” could not be imported`, error: err });
      setBusy(null);
    }
  };

  const importFile = async (file: File) => {
    setBusy('file');
    setActionError(null);
    try {
      const text = await file.text();
      const wf = await api.post<Workflow>('/workflows/import', text);
      showToast(`“${wf.name}” imported. It is off until you turn it on.`);
      navigate(`/workflows/${wf.id}`);
    } catch (err) {
      setActionError({ title: `${file.name} could not be imported; nothing was changed`, error: err });
      setBusy(null);
    }
  };

  const exportWorkflow = async () => {
    const wf = workflows.find((w) => String(w.id) === exportId);
    if (!wf) return;
    setBusy('export');
    setActionError(null);
    try {
      const data = await api.get<unknown>(`/workflows/${wf.id}/export`);
      downloadJson(data, `${wf.name.replace(/[^\w-]+/g, '-').toLowerCase() || 'workflow'}.json`);
    } catch (err) {
      setActionError({ title: `${wf.name} could not be exported`, error: err });
    } finally {
      setBusy(null);
    }
  };

  if (error) {
    return (
      <Page title="Templates">
        <ErrorBanner error={error} title="Templates could not be loaded" />
      </Page>
    );
  }
  if (!templates) return <LoadingPage title="Templates" />;

  const categories = [...new Set(templates.map((t) => t.category).filter(Boolean))].sort();
  const q = query.trim().toLowerCase();
  const shown = templates.filter((t) => (!category || t.category === category) && (!q || `${t.name} ${t.description}`.toLowerCase().includes(q)));

  return (
    <Page title="Templates" subtitle="Start from a workflow others use, or move workflows between stores as files.">
      <Layout>
        {actionError && (
          <Layout.Section>
            <ErrorBanner error={actionError.error} title={actionError.title} onDismiss={() => setActionError(null)} />
          </Layout.Section>
        )}
        <Layout.Section>
          <BlockStack gap="400">
            <Card>
              <InlineGrid columns={{ xs: 1, sm: 2 }} gap="300">
                <TextField label="Search templates" value={query} onChange={setQuery} autoComplete="off" clearButton onClearButtonClick={() => setQuery('')} />
                <Select label="Category" options={[{ label: 'All categories', value: '' }, ...categories.map((c) => ({ label: c, value: c }))]} value={category} onChange={setCategory} />
              </InlineGrid>
            </Card>
            {shown.length === 0 ? (
              <Card>
                <EmptyState heading={templates.length ? 'No template matches' : 'No templates yet'} image={EMPTY_IMAGE}>
                  <p>{templates.length ? 'Try another search or category.' : 'Templates appear here when they are available.'}</p>
                </EmptyState>
              </Card>
            ) : (
              <InlineGrid columns={{ xs: 1, md: 2 }} gap="400">
                {shown.map((t) => (
                  <Card key={t.id}>
                    <BlockStack gap="300">
                      <InlineStack align="space-between" blockAlign="start" gap="200" wrap={false}>
                        <Text as="h2" variant="headingMd">
                          {t.name}
                        </Text>
                        {t.category && <Badge>{t.category}</Badge>}
                      </InlineStack>
                      <Text as="p" tone="subdued">
                        {t.description}
                      </Text>
                      <InlineStack>
                        <Button onClick={() => importTemplate(t)} loading={busy === t.id} accessibilityLabel={`Use template ${t.name}`}>
                          Use template
                        </Button>
                      </InlineStack>
                    </BlockStack>
                  </Card>
                ))}
              </InlineGrid>
            )}
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Import a workflow file
                </Text>
                <DropZone label="Workflow file (JSON)" accept="application/json,.json" allowMultiple={false} type="file" onDropAccepted={(files) => files[0] && importFile(files[0])} disabled={busy === 'file'}>
                  <DropZone.FileUpload actionTitle="Choose file" actionHint="or drop a .json file exported from Switchboard" />
                </DropZone>
                <Text as="p" tone="subdued" variant="bodySm">
                  The imported workflow is off until you turn it on.
                </Text>
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Export a workflow
                </Text>
                <Select label="Workflow to export" placeholder="Choose a workflow" options={workflows.map((w) => ({ label: w.name, value: String(w.id) }))} value={exportId} onChange={setExportId} />
                <InlineStack>
                  <Button onClick={exportWorkflow} disabled={!exportId} loading={busy === 'export'}>
                    Export
                  </Button>
                </InlineStack>
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
