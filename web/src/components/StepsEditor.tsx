import { ActionList, Badge, BlockStack, Box, Button, ButtonGroup, InlineStack, Popover, Select, Text } from '@shopify/polaris';
import { useState } from 'react';
import type { ActionStep, ConditionStep, Step } from '../api/types';
import { findAction } from '../lib/useCatalog';
import { groupSection } from '../lib/useCatalog';
import { ADMIN_API_ACTION, STEP_KINDS, newStep, stepKind, type StepType } from '../lib/steps';
import { ConditionEditor, emptyComparison } from './ConditionEditor';
import { LiquidField } from './LiquidField';
import { AdminApiStepForm, ForEachStepForm, GetDataStepForm, LogStepForm, RunCodeStepForm, WaitStepForm, loopContext, type StepsContext } from './steps';

export type { StepsContext } from './steps';

interface ListProps {
  steps: Step[];
  onChange(steps: Step[]): void;
  path: string;
  ctx: StepsContext;
  /** Shown in the accessible names of the add buttons of nested lists. */
  where?: string;
}

export function StepsEditor({ steps, onChange, path, ctx, where }: ListProps) {
  const [adding, setAdding] = useState(false);
  const update = (i: number, s: Step) => onChange(steps.map((x, j) => (j === i ? s : x)));
  const remove = (i: number) => onChange(steps.filter((_, j) => j !== i));
  const move = (i: number, d: -1 | 1) => {
    const next = [...steps];
    const [s] = next.splice(i, 1);
    next.splice(i + d, 0, s!);
    onChange(next);
  };
  const add = (type: StepType) => {
    const id = ctx.newId(type);
    const step: Step =
      type === 'condition'
        ? { id, type, condition: emptyComparison(ctx.paths), then: [], otherwise: [] }
        : type === 'action'
          ? { id, type, action: { app: '', handle: '' }, fields: {} }
          : newStep(type, id);
    onChange([...steps, step]);
    setAdding(false);
  };
  const suffix = where ? ` ${where}` : '';
  return (
    <BlockStack gap="300">
      {steps.map((step, i) => {
        const kind = stepKind(step.type);
        const at = `${path}[${i}]`;
        const stepProblem = [ctx.problemAt(`${at}.id`), ctx.problemAt(at), ctx.problemAt(`${at}.type`)].filter(Boolean).join(' · ');
        return (
          <Box key={step.id} padding="400" background="bg-surface" borderWidth="025" borderColor="border" borderRadius="300">
            <section aria-label={`${kind?.label ?? step.type} step ${step.id}`}>
              <BlockStack gap="300">
                <InlineStack align="space-between" blockAlign="center" wrap>
                  <InlineStack gap="200" blockAlign="center">
                    <Badge tone={kind?.tone}>{kind?.label ?? step.type}</Badge>
                    <Text as="span" tone="subdued" variant="bodySm">
                      {step.id}
                    </Text>
                  </InlineStack>
                  <ButtonGroup>
                    <Button size="slim" disabled={i === 0} onClick={() => move(i, -1)} accessibilityLabel={`Move step ${step.id} up`}>
                      ↑
                    </Button>
                    <Button size="slim" disabled={i === steps.length - 1} onClick={() => move(i, 1)} accessibilityLabel={`Move step ${step.id} down`}>
                      ↓
                    </Button>
                    <Button size="slim" tone="critical" variant="plain" onClick={() => remove(i)} accessibilityLabel={`Remove step ${step.id}`}>
                      Remove
                    </Button>
                  </ButtonGroup>
                </InlineStack>
                {stepProblem && (
                  <Text as="p" tone="critical">
                    {stepProblem}
                  </Text>
                )}
                <StepForm step={step} onChange={(s) => update(i, s)} path={at} ctx={ctx} />
              </BlockStack>
            </section>
          </Box>
        );
      })}
      <InlineStack gap="200">
        <Popover
          active={adding}
          onClose={() => setAdding(false)}
          activator={
            <Button onClick={() => setAdding((o) => !o)} disclosure accessibilityLabel={`Add step${suffix}`}>
              Add step
            </Button>
          }
        >
          <ActionList
            actionRole="menuitem"
            items={STEP_KINDS.map((k) => ({ content: k.label, helpText: k.help, onAction: () => add(k.type) }))}
          />
        </Popover>
      </InlineStack>
    </BlockStack>
  );
}

/** The form of one step, by its kind. */
function StepForm({ step, onChange, path, ctx }: { step: Step; onChange(s: Step): void; path: string; ctx: StepsContext }) {
  switch (step.type) {
    case 'condition':
      return <ConditionStepEditor step={step} onChange={onChange} path={path} ctx={ctx} />;
    case 'action':
      return <ActionStepEditor step={step} onChange={onChange} path={path} ctx={ctx} />;
    case 'wait':
      return <WaitStepForm step={step} onChange={onChange} path={path} ctx={ctx} />;
    case 'for_each':
      return (
        <ForEachStepForm step={step} onChange={onChange} path={path} ctx={ctx}>
          <StepsEditor steps={step.steps} onChange={(steps) => onChange({ ...step, steps })} path={`${path}.steps`} ctx={loopContext(ctx, step)} where={`inside For each ${step.id}`} />
        </ForEachStepForm>
      );
    case 'get_data':
      return <GetDataStepForm step={step} onChange={onChange} path={path} ctx={ctx} />;
    case 'run_code':
      return <RunCodeStepForm step={step} onChange={onChange} path={path} ctx={ctx} />;
    case 'admin_api':
      return <AdminApiStepForm step={step} onChange={onChange} path={path} ctx={ctx} />;
    case 'log':
      return <LogStepForm step={step} onChange={onChange} path={path} ctx={ctx} />;
  }
}

function ConditionStepEditor({ step, onChange, path, ctx }: { step: ConditionStep; onChange(s: ConditionStep): void; path: string; ctx: StepsContext }) {
  const isGroup = 'all' in step.condition || 'any' in step.condition;
  return (
    <BlockStack gap="300">
      <ConditionEditor condition={step.condition} onChange={(condition) => onChange({ ...step, condition })} paths={ctx.paths} path={`${path}.condition`} problemAt={ctx.problemAt} />
      {!isGroup && (
        <InlineStack>
          <Button variant="plain" onClick={() => onChange({ ...step, condition: { all: [step.condition, emptyComparison(ctx.paths)] } })} accessibilityLabel={`Add another rule to ${step.id}`}>
            Add another rule
          </Button>
        </InlineStack>
      )}
      <Box paddingInlineStart="400" borderInlineStartWidth="025" borderColor="border-success">
        <BlockStack gap="200">
          <Text as="h4" variant="headingSm">
            Then
          </Text>
          <StepsEditor steps={step.then} onChange={(then) => onChange({ ...step, then })} path={`${path}.then`} ctx={ctx} where={`under Then of ${step.id}`} />
        </BlockStack>
      </Box>
      <Box paddingInlineStart="400" borderInlineStartWidth="025" borderColor="border-critical">
        <BlockStack gap="200">
          <Text as="h4" variant="headingSm">
            Otherwise
          </Text>
          <StepsEditor steps={step.otherwise} onChange={(otherwise) => onChange({ ...step, otherwise })} path={`${path}.otherwise`} ctx={ctx} where={`under Otherwise of ${step.id}`} />
        </BlockStack>
      </Box>
    </BlockStack>
  );
}

function ActionStepEditor({ step, onChange, path, ctx }: { step: ActionStep; onChange(s: ActionStep): void; path: string; ctx: StepsContext }) {
  // "Send Admin API request" is its own kind of step (Add step), though the engine runs it as this Shopify action.
  const offered = (g: { app: string }, a: { handle: string }) => !(g.app === 'shopify' && a.handle === ADMIN_API_ACTION) || (step.action.app === g.app && step.action.handle === a.handle);
  const groups = (ctx.catalog?.groups ?? []).map((g) => ({ ...g, actions: g.actions.filter((a) => offered(g, a)) })).filter((g) => g.actions.length > 0);
  const value = step.action.app ? `${step.action.app}::${step.action.handle}` : '';
  const options: Array<{ title: string; options: Array<{ label: string; value: string; disabled?: boolean }> }> = [
    ...groups.map((g) => ({
      title: g.installed ? groupSection(g) : `${groupSection(g)} (not installed)`,
      options: g.actions.map((a) => ({ label: g.installed ? a.name : `${a.name} — install ${g.name} to use`, value: `${g.app}::${a.handle}`, disabled: !g.installed })),
    })),
  ];
  const found = step.action.app ? findAction(ctx.catalog, step.action.app, step.action.handle) : undefined;
  if (value && !found) options.push({ title: 'Unknown', options: [{ label: `${step.action.handle} (${step.action.app})`, value }] });
  const choose = (v: string) => {
    const [app, handle] = v.split('::') as [string, string];
    const action = findAction(ctx.catalog, app, handle)?.action;
    const fields: Record<string, string> = {};
    for (const f of action?.fields ?? []) fields[f.payloadKey] = step.fields[f.payloadKey] ?? '';
    onChange({ ...step, action: { app, handle }, fields });
  };
  const actionProblem = ctx.problemAt(`${path}.action`) ?? ctx.problemAt(`${path}.action.app`);
  return (
    <BlockStack gap="300">
      <Select label="Action" placeholder="Choose an action" options={options} value={value} onChange={choose} error={actionProblem} />
      {found?.action.description && (
        <Text as="p" tone="subdued">
          {found.action.description}
        </Text>
      )}
      {found?.action.fields.map((f) => (
        <LiquidField
          key={f.payloadKey}
          label={f.name || f.key || f.payloadKey}
          helpText={f.description}
          requiredIndicator={f.required}
          value={step.fields[f.payloadKey] ?? ''}
          onChange={(v) => onChange({ ...step, fields: { ...step.fields, [f.payloadKey]: v } })}
          variables={ctx.variables}
          trigger={ctx.trigger}
          payload={ctx.sample}
          error={ctx.problemAt(`${path}.fields["${f.payloadKey}"]`)}
          multiline={f.type === 'multi_line_text_field'}
          runtimeRoots={ctx.runtimeRoots}
        />
      ))}
      {Object.keys(step.fields)
        .filter((k) => found && !found.action.fields.some((f) => f.payloadKey === k))
        .map((k) => (
          <Text as="p" tone="critical" key={k}>
            {ctx.problemAt(`${path}.fields["${k}"]`) ?? `Field "${k}" is not declared by this action.`}
          </Text>
        ))}
    </BlockStack>
  );
}
