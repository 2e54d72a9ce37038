import { BlockStack, Box, ChoiceList, InlineStack, Select, Spinner, Text, TextField } from '@shopify/polaris';
import { useEffect, useState } from 'react';
import { api } from '../api/client';
import type { ErrorTriggerSettings, ScheduleSpec, TriggerRef, Workflow } from '../api/types';
import { useApp } from './AppContext';
import { NumberField } from './NumberField';

/** Switchboard's own triggers that carry settings in `definition.trigger`. */
export const isScheduledTrigger = (t: TriggerRef | null) => t?.app === 'switchboard' && t.handle === 'scheduled_time';
export const isErrorTrigger = (t: TriggerRef | null) => t?.app === 'switchboard' && t.handle === 'workflow_error';

/** Tomorrow at 09:00, local: where a new schedule starts. */
function defaultStart(): string {
  const d = new Date(Date.now() + 24 * 3600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T09:00`;
}

/** The trigger with the settings its kind needs (defaults for a newly chosen one), without those of other kinds. */
export function withTriggerDefaults(ref: TriggerRef): TriggerRef {
  const base: TriggerRef = { app: ref.app, handle: ref.handle };
  if (isScheduledTrigger(ref)) base.schedule = ref.schedule ?? { start: defaultStart(), frequency: 'daily', interval: 1 };
  if (isErrorTrigger(ref)) base.errors = ref.errors ?? { max_per_hour: 60 };
  return base;
}

interface Props {
  trigger: TriggerRef;
  onChange(trigger: TriggerRef): void;
  problemAt(path: string): string | undefined;
  /** The workflow being edited, left out of the error trigger's choices. */
  workflowId?: number;
}

/** The settings form of the trigger, when it has one (scheduled time, workflow error); nothing otherwise. */
export function TriggerSettings({ trigger, onChange, problemAt, workflowId }: Props) {
  if (isScheduledTrigger(trigger) && trigger.schedule) {
    return <ScheduleForm schedule={trigger.schedule} onChange={(schedule) => onChange({ ...trigger, schedule })} problemAt={problemAt} />;
  }
  if (isErrorTrigger(trigger)) {
    return <ErrorTriggerForm settings={trigger.errors ?? {}} onChange={(errors) => onChange({ ...trigger, errors })} problemAt={problemAt} workflowId={workflowId} />;
  }
  return null;
}

const FREQUENCIES: Array<{ label: string; value: ScheduleSpec['frequency']; unit?: string }> = [
  { label: 'Once', value: 'once' },
  { label: 'Every N minutes', value: 'minutely', unit: 'minutes' },
  { label: 'Hourly', value: 'hourly', unit: 'hours' },
  { label: 'Daily', value: 'daily', unit: 'days' },
  { label: 'Weekly', value: 'weekly', unit: 'weeks' },
  { label: 'Monthly', value: 'monthly', unit: 'months' },
];

function ScheduleForm({ schedule, onChange, problemAt }: { schedule: ScheduleSpec; onChange(s: ScheduleSpec): void; problemAt(path: string): string | undefined }) {
  const { shop } = useApp();
  const [date = '', time = ''] = schedule.start.split('T');
  const setStart = (d: string, t: string) => onChange({ ...schedule, start: `${d}T${t.slice(0, 5)}` });
  const freq = FREQUENCIES.find((f) => f.value === schedule.frequency);
  const zone = shop?.timezone ? `the shop's time zone (${shop.timezone})` : "the shop's time zone";
  const startProblem = problemAt('trigger.schedule.start');
  return (
    <Box paddingBlockStart="200">
      <BlockStack gap="300">
        <Text as="h3" variant="headingSm">
          Schedule
        </Text>
        {problemAt('trigger.schedule') && (
          <Text as="p" tone="critical">
            {problemAt('trigger.schedule')}
          </Text>
        )}
        <InlineStack gap="200" blockAlign="start" wrap>
          <Box minWidth="170px">
            <TextField label="Start date" type="date" value={date} onChange={(d) => setStart(d, time)} autoComplete="off" error={startProblem} />
          </Box>
          <Box minWidth="130px">
            <TextField label="Start time" type="time" value={time} onChange={(t) => setStart(date, t)} autoComplete="off" />
          </Box>
        </InlineStack>
        <Text as="p" tone="subdued" variant="bodySm">
          In {zone}.
        </Text>
        <InlineStack gap="200" blockAlign="start" wrap>
          <Box minWidth="180px">
            <Select
              label="Repeat"
              options={FREQUENCIES.map(({ label, value }) => ({ label, value }))}
              value={schedule.frequency}
              error={problemAt('trigger.schedule.frequency')}
              onChange={(v) => {
                const frequency = v as ScheduleSpec['frequency'];
                const next: ScheduleSpec = { start: schedule.start, frequency };
                if (frequency === 'minutely') next.interval = Math.max(10, schedule.interval ?? 10);
                else if (frequency !== 'once') next.interval = schedule.frequency === 'minutely' ? 1 : (schedule.interval ?? 1);
                onChange(next);
              }}
            />
          </Box>
          {schedule.frequency !== 'once' && (
            <Box minWidth="160px">
              <NumberField
                label="Every"
                value={schedule.interval ?? 1}
                min={schedule.frequency === 'minutely' ? 10 : 1}
                suffix={freq?.unit}
                helpText={schedule.frequency === 'minutely' ? 'At least 10 minutes' : undefined}
                error={problemAt('trigger.schedule.interval')}
                onChange={(interval) => interval !== undefined && onChange({ ...schedule, interval })}
              />
            </Box>
          )}
        </InlineStack>
      </BlockStack>
    </Box>
  );
}

function ErrorTriggerForm({ settings, onChange, problemAt, workflowId }: { settings: ErrorTriggerSettings; onChange(s: ErrorTriggerSettings): void; problemAt(path: string): string | undefined; workflowId?: number }) {
  const [workflows, setWorkflows] = useState<Workflow[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  useEffect(() => {
    api.get<{ workflows: Workflow[] }>('/workflows').then(
      (r) => setWorkflows(r.workflows.filter((w) => w.id !== workflowId && !(w.trigger.app === 'switchboard' && w.trigger.handle === 'workflow_error'))),
      (err) => setLoadError((err as Error).message),
    );
  }, [workflowId]);
  const chosen = settings.workflow_ids;
  const set = (patch: Partial<ErrorTriggerSettings>) => {
    const next: ErrorTriggerSettings = { ...settings, ...patch };
    if (next.workflow_ids === undefined) delete next.workflow_ids;
    onChange(next);
  };
  return (
    <Box paddingBlockStart="200">
      <BlockStack gap="300">
        <Text as="h3" variant="headingSm">
          Which failures
        </Text>
        <ChoiceList
          title="Start this workflow when a run fails in"
          choices={[
            { label: 'Any workflow of this shop', value: 'all', helpText: 'Except other error workflows' },
            { label: 'These workflows', value: 'chosen' },
          ]}
          selected={[chosen ? 'chosen' : 'all']}
          onChange={([v]) => set({ workflow_ids: v === 'chosen' ? (chosen ?? []) : undefined })}
          error={problemAt('trigger.errors')}
        />
        {chosen && (
          <Box paddingInlineStart="600">
            {loadError ? (
              <Text as="p" tone="critical">
                Workflows could not be loaded: {loadError}
              </Text>
            ) : !workflows ? (
              <Spinner size="small" accessibilityLabel="Loading workflows" />
            ) : workflows.length === 0 ? (
              <Text as="p" tone="subdued">
                This shop has no other workflow yet.
              </Text>
            ) : (
              <ChoiceList
                title="Workflows"
                titleHidden
                allowMultiple
                choices={workflows.map((w) => ({ label: w.name, value: String(w.id) }))}
                selected={chosen.map(String)}
                onChange={(ids) => set({ workflow_ids: ids.map(Number) })}
                error={problemAt('trigger.errors.workflow_ids')}
              />
            )}
          </Box>
        )}
        <Box maxWidth="240px">
          <NumberField
            label="At most this many runs per hour"
            value={settings.max_per_hour}
            optional
            placeholder="60"
            min={1}
            helpText="Further failures in the hour are recorded as skipped runs (default 60)."
            error={problemAt('trigger.errors.max_per_hour')}
            onChange={(max_per_hour) => {
              const next: ErrorTriggerSettings = { ...settings };
              if (max_per_hour === undefined) delete next.max_per_hour;
              else next.max_per_hour = max_per_hour;
              onChange(next);
            }}
          />
        </Box>
      </BlockStack>
    </Box>
  );
}
