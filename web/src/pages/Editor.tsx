import { Badge, Banner, BlockStack, Button, Card, InlineStack, Layout, Page, Text, TextField } from '@shopify/polaris';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { ApiError, api, errorMessage } from '../api/client';
import type { ApiProblem } from '../api/client';
import type { Step, TriggerRef, Workflow, WorkflowDefinition } from '../api/types';
import { useApp } from '../components/AppContext';
import { SendTestEvent } from '../components/SendTestEvent';
import { ReplayModal } from '../components/ReplayModal';
import { ErrorBanner, LoadingPage } from '../components/States';
import { StepsEditor, type StepsContext } from '../components/StepsEditor';
import { TestRunPanel } from '../components/TestRunPanel';
import { TriggerPicker } from '../components/TriggerPicker';
import { TriggerSettings, withTriggerDefaults } from '../components/TriggerSettings';
import { WaitingRunsBanner } from '../components/WaitingRunsBanner';
import { BUILTIN_VARIABLES, collectStepIds, newStepId, schemaPaths, type SchemaPath } from '../lib/schema';
import { idPrefix, stepOutputPaths } from '../lib/steps';
import { findTrigger, groupSection, useCatalog } from '../lib/useCatalog';

interface Draft {
  name: string;
  trigger: TriggerRef | null;
  steps: Step[];
}

const EMPTY: Draft = { name: '', trigger: null, steps: [] };

/** The trigger's schema may already hold shop.* and event.*: each path once. */
function uniquePaths(paths: SchemaPath[]): SchemaPath[] {
  const seen = new Set<string>();
  return paths.filter((p) => !seen.has(p.path) && (seen.add(p.path), true));
}

export function EditorPage() {
  const { id } = useParams();
  const isNew = id === undefined;
  const navigate = useNavigate();
  const { showToast } = useApp();
  const { catalog, error: catalogError } = useCatalog();
  const [workflow, setWorkflow] = useState<Workflow | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [saved, setSaved] = useState<string>(JSON.stringify(EMPTY));
  const [pickerOpen, setPickerOpen] = useState(false);
  const [problems, setProblems] = useState<ApiProblem[]>([]);
  const [saveError, setSaveError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const [toggling, setToggling] = useState(false);
  const [toggleError, setToggleError] = useState<unknown>(null);
  const [samplePayload, setSamplePayload] = useState<unknown>(undefined);
  const [params, setParams] = useSearchParams();
  const replayOpen = params.get('replay') === '1';
  const setReplayOpen = (open: boolean) => {
    const next = new URLSearchParams(params);
    if (open) next.set('replay', '1');
    else next.delete('replay');
    setParams(next, { replace: true });
  };
  const idsRef = useRef(new Set<string>());

  useEffect(() => {
    setLoadError(null);
    setProblems([]);
    setSaveError(null);
    if (isNew) {
      setWorkflow(null);
      setDraft(EMPTY);
      setSaved(JSON.stringify(EMPTY));
      return;
    }
    api.get<Workflow>(`/workflows/${id}`).then((wf) => {
      setWorkflow(wf);
      const d: Draft = wf.definition ? { name: wf.definition.name, trigger: wf.definition.trigger, steps: wf.definition.steps } : { name: wf.name, trigger: wf.trigger, steps: [] };
      setDraft(d);
      setSaved(JSON.stringify(d));
    }, setLoadError);
  }, [id, isNew]);

  const found = draft.trigger ? findTrigger(catalog, draft.trigger.app, draft.trigger.handle) : undefined;
  const triggerPaths = useMemo(() => schemaPaths(found?.trigger.schema), [found?.trigger.schema]);
  const outputPaths = useMemo(() => stepOutputPaths(draft.steps), [draft.steps]);
  const conditionPaths: SchemaPath[] = useMemo(
    () => uniquePaths([...triggerPaths, ...BUILTIN_VARIABLES, ...outputPaths.filter((p) => p.type.kind !== 'object')]),
    [triggerPaths, outputPaths],
  );
  const variables: SchemaPath[] = useMemo(
    () => uniquePaths([...triggerPaths.filter((p) => p.type.kind !== 'object'), ...BUILTIN_VARIABLES, ...outputPaths.filter((p) => p.type.kind !== 'object')]),
    [triggerPaths, outputPaths],
  );

  const problemAt = useCallback((path: string) => {
    const hits = problems.filter((p) => p.path === path);
    return hits.length ? hits.map((p) => p.message).join(' · ') : undefined;
  }, [problems]);
  const problemsWithin = useCallback((path: string) => {
    const hits = problems.filter((p) => p.path === path || p.path.startsWith(`${path}.`) || p.path.startsWith(`${path}[`));
    return hits.length ? hits.map((p) => p.message).join(' · ') : undefined;
  }, [problems]);

  const ctx: StepsContext = {
    catalog,
    trigger: draft.trigger,
    paths: conditionPaths,
    variables,
    runtimeRoots: ['steps'],
    sample: samplePayload ?? found?.trigger.sample,
    problemAt,
    problemsWithin,
    newId: (kind) => {
      const existing = collectStepIds(draft.steps, new Set(idsRef.current));
      const nid = newStepId(idPrefix(kind), existing);
      idsRef.current.add(nid);
      return nid;
    },
  };

  const definition: WorkflowDefinition = { name: draft.name, trigger: draft.trigger ?? { app: '', handle: '' }, steps: draft.steps };
  const dirty = JSON.stringify(draft) !== saved;

  const save = async () => {
    setSaving(true);
    setSaveError(null);
    setProblems([]);
    try {
      const wf = isNew ? await api.post<Workflow>('/workflows', definition) : await api.put<Workflow>(`/workflows/${id}`, definition);
      setWorkflow(wf);
      setSaved(JSON.stringify(draft));
      showToast(`Saved: version ${wf.version}`);
      if (isNew) navigate(`/workflows/${wf.id}`, { replace: true });
    } catch (err) {
      setSaveError(err);
      if (err instanceof ApiError) setProblems(err.problems);
      showToast('Not saved: fix the problems shown', { error: true });
    } finally {
      setSaving(false);
    }
  };

  const toggle = async () => {
    if (!workflow) return;
    setToggling(true);
    setToggleError(null);
    try {
      const wf = await api.post<Workflow>(`/workflows/${workflow.id}/${workflow.enabled ? 'disable' : 'enable'}`);
      setWorkflow(wf);
      showToast(wf.enabled ? 'Workflow turned on' : 'Workflow turned off');
    } catch (err) {
      setToggleError(err);
      showToast(errorMessage(err), { error: true });
    } finally {
      setToggling(false);
    }
  };

  if (loadError) {
    return (
      <Page title="Workflow" backAction={{ content: 'Workflows', url: '/' }}>
        <ErrorBanner error={loadError} title="This workflow could not be loaded" />
      </Page>
    );
  }
  if (!isNew && !workflow) return <LoadingPage title="Workflow" primaryAction />;

  const triggerProblem = problemAt('trigger') ?? problemAt('trigger.app') ?? problemAt('trigger.handle');
  const title = draft.name.trim() || (isNew ? 'New workflow' : workflow?.name ?? 'Workflow');

  return (
    <Page
      title={title}
      backAction={{ content: 'Workflows', url: '/' }}
      titleMetadata={
        workflow ? (
          <InlineStack gap="200">
            <Badge tone={workflow.enabled ? 'success' : undefined}>{workflow.enabled ? 'On' : 'Off'}</Badge>
            <Badge>{`Version ${workflow.version}`}</Badge>
            {dirty && <Badge tone="attention">Unsaved changes</Badge>}
          </InlineStack>
        ) : dirty ? (
          <Badge tone="attention">Not saved</Badge>
        ) : undefined
      }
      primaryAction={{ content: 'Save', onAction: save, loading: saving, disabled: !dirty && !isNew }}
      secondaryActions={
        <InlineStack gap="200">
          {workflow && (
            <Button onClick={() => setReplayOpen(true)} disabled={dirty} accessibilityLabel="Replay past events">
              Replay
            </Button>
          )}
          {workflow && (
            <Button onClick={toggle} loading={toggling} disabled={dirty} accessibilityLabel={workflow.enabled ? 'Turn off workflow' : 'Turn on workflow'}>
              {workflow.enabled ? 'Turn off' : 'Turn on'}
            </Button>
          )}
          <SendTestEvent trigger={draft.trigger} catalog={catalog} />
        </InlineStack>
      }
    >
      <Layout>
        {Boolean(saveError || toggleError || catalogError) && (
          <Layout.Section>
            <BlockStack gap="300">
              <ErrorBanner error={saveError} title={problems.length ? `This workflow has ${problems.length} ${problems.length === 1 ? 'problem' : 'problems'}` : 'The workflow was not saved'} onDismiss={() => setSaveError(null)} />
              <ErrorBanner error={toggleError} title={workflow?.enabled ? 'The workflow could not be turned off' : 'The workflow could not be turned on'} onDismiss={() => setToggleError(null)} />
              <ErrorBanner error={catalogError} title="Triggers and actions could not be loaded" />
            </BlockStack>
          </Layout.Section>
        )}
        {workflow && !workflow.enabled && workflow.disabled_reason && (
          <Layout.Section>
            <Banner tone="warning" title="This workflow is off">
              <p>{workflow.disabled_reason}</p>
            </Banner>
          </Layout.Section>
        )}
        <Layout.Section>
          <BlockStack gap="400">
            {workflow && <WaitingRunsBanner workflowId={workflow.id} version={workflow.version} />}
            <Card>
              <TextField label="Workflow name" value={draft.name} onChange={(name) => setDraft({ ...draft, name })} autoComplete="off" error={problemAt('name')} placeholder="e.g. Get a Slack message when search indexing is paused" />
            </Card>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Trigger
                </Text>
                {draft.trigger ? (
                  <InlineStack align="space-between" blockAlign="center" gap="200" wrap>
                    <BlockStack gap="050">
                      <Text as="p" fontWeight="semibold">
                        {found ? `${groupSection(found.group)}: ${found.trigger.name}` : `${draft.trigger.handle} (${draft.trigger.app})`}
                      </Text>
                      {found?.trigger.description && (
                        <Text as="p" tone="subdued">
                          {found.trigger.description}
                        </Text>
                      )}
                      {found && !found.group.installed && <Badge tone="attention">Not installed</Badge>}
                    </BlockStack>
                    <Button onClick={() => setPickerOpen(true)}>Change trigger</Button>
                  </InlineStack>
                ) : (
                  <InlineStack>
                    <Button variant="primary" onClick={() => setPickerOpen(true)} disabled={!catalog}>
                      Choose trigger
                    </Button>
                  </InlineStack>
                )}
                {triggerProblem && (
                  <Text as="p" tone="critical">
                    {triggerProblem}
                  </Text>
                )}
                {draft.trigger && <TriggerSettings trigger={draft.trigger} onChange={(trigger) => setDraft((d) => ({ ...d, trigger }))} problemAt={problemAt} workflowId={workflow?.id} />}
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Steps
                </Text>
                {!draft.trigger ? (
                  <Text as="p" tone="subdued">
                    Choose a trigger first: conditions and actions read its data.
                  </Text>
                ) : (
                  <StepsEditor steps={draft.steps} onChange={(steps) => setDraft((d) => ({ ...d, steps }))} path="steps" ctx={ctx} />
                )}
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          {draft.trigger ? (
            <TestRunPanel definition={definition} sample={found?.trigger.sample} onPayloadChange={setSamplePayload} />
          ) : (
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  Test run
                </Text>
                <Text as="p" tone="subdued">
                  Choose a trigger to test this workflow on sample data.
                </Text>
              </BlockStack>
            </Card>
          )}
        </Layout.Section>
      </Layout>
      <TriggerPicker
        open={pickerOpen}
        onClose={() => setPickerOpen(false)}
        catalog={catalog}
        selected={draft.trigger}
        onSelect={(ref) =>
          setDraft((d) => {
            // Keep the settings when the same trigger is picked again.
            const trigger = withTriggerDefaults(d.trigger?.app === ref.app && d.trigger.handle === ref.handle ? d.trigger : ref);
            return { ...d, trigger, name: d.name || (findTrigger(catalog, ref.app, ref.handle)?.trigger.name ?? '') };
          })
        }
      />
      {workflow && <ReplayModal open={replayOpen} onClose={() => setReplayOpen(false)} workflow={{ id: workflow.id, name: workflow.name }} />}
    </Page>
  );
}
