import { Badge, Banner, BlockStack, Box, ChoiceList, Divider, InlineStack, Link, Modal, ProgressBar, Spinner, Text, TextField } from '@shopify/polaris';
import { useEffect, useRef, useState } from 'react';
import { api } from '../api/client';
import type { Replay, ReplayDryRunEvent, ReplayProgress, Run } from '../api/types';
import { RUN_STATUS_LABELS } from '../api/types';
import { formatDate } from '../lib/format';
import { DryRunSteps } from './DryRunSteps';
import { NumberField } from './NumberField';
import { RunStatusBadge } from './RunStatusBadge';
import { ErrorBanner } from './States';

interface Props {
  open: boolean;
  onClose(): void;
  workflow: { id: number; name: string };
}

const pad = (n: number) => String(n).padStart(2, '0');
/** A Date as the value of a datetime-local input (local time). */
const localInput = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
const POLL_MS = 1000;

/**
 * Replay: run the workflow's current version again on past events of its
 * trigger. A dry run first shows what each event would do (conditions,
 * requests), then the replay starts and its progress is followed.
 */
export function ReplayModal({ open, onClose, workflow }: Props) {
  const [mode, setMode] = useState<'range' | 'runs'>('range');
  const [since, setSince] = useState(() => localInput(new Date(Date.now() - 24 * 3600_000)));
  const [until, setUntil] = useState(() => localInput(new Date()));
  const [limit, setLimit] = useState<number | undefined>(100);
  const [runs, setRuns] = useState<Run[] | null>(null);
  const [chosen, setChosen] = useState<string[]>([]);
  const [events, setEvents] = useState<ReplayDryRunEvent[] | null>(null);
  const [replay, setReplay] = useState<Replay | null>(null);
  const [progress, setProgress] = useState<ReplayProgress | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => {
    if (!open) return;
    setEvents(null);
    setReplay(null);
    setProgress(null);
    setError(null);
    api.get<{ runs: Run[] }>(`/runs?workflow_id=${workflow.id}&limit=50`).then(
      (r) => setRuns(r.runs),
      () => setRuns([]),
    );
  }, [open, workflow.id]);
  useEffect(() => () => clearTimeout(timer.current), []);

  // A new choice makes the dry run's answer stale.
  useEffect(() => setEvents(null), [mode, since, until, limit, chosen.join(',')]);

  const rangeError = mode === 'range' && since && until && new Date(since) > new Date(until) ? 'The start is after the end' : undefined;
  const body = (dryRun: boolean) => ({
    dry_run: dryRun,
    ...(mode === 'range'
      ? { ...(since ? { since: new Date(since).toISOString() } : {}), ...(until ? { until: new Date(until).toISOString() } : {}) }
      : { run_ids: chosen }),
    ...(limit !== undefined ? { limit } : {}),
  });

  const dryRun = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await api.post<{ events: ReplayDryRunEvent[] }>(`/workflows/${workflow.id}/replays`, body(true));
      setEvents(r.events);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const follow = async (id: string) => {
    try {
      const p = await api.get<ReplayProgress>(`/replays/${encodeURIComponent(id)}`);
      setProgress(p);
      if (p.finished < p.total) timer.current = setTimeout(() => void follow(id), POLL_MS);
    } catch (err) {
      setError(err);
    }
  };

  const start = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await api.post<{ replay: Replay }>(`/workflows/${workflow.id}/replays`, body(false));
      setReplay(r.replay);
      await follow(r.replay.id);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const close = () => {
    clearTimeout(timer.current);
    onClose();
  };

  const n = events?.length ?? 0;
  const done = progress && progress.finished >= progress.total;
  const primary = replay
    ? { content: 'Done', onAction: close }
    : events && n > 0
      ? { content: `Replay ${n} ${n === 1 ? 'event' : 'events'}`, onAction: start, loading: busy, destructive: true }
      : { content: 'Dry run', onAction: dryRun, loading: busy, disabled: Boolean(rangeError) || (mode === 'runs' && chosen.length === 0) };
  const secondary = replay ? [] : events ? [{ content: 'Dry run again', onAction: dryRun, disabled: busy }, { content: 'Cancel', onAction: close }] : [{ content: 'Cancel', onAction: close }];

  return (
    <Modal open={open} onClose={close} title={`Replay ${workflow.name}`} size="large" primaryAction={primary} secondaryActions={secondary}>
      <Modal.Section>
        <BlockStack gap="400">
          <Text as="p">
            Runs the newest version of this workflow again on past events of its trigger. A dry run shows what each event would do; nothing is sent until you replay.
          </Text>
          <ErrorBanner error={error} title={replay ? 'The replay could not be followed' : events ? 'The replay could not start' : 'The dry run failed'} onDismiss={() => setError(null)} />
          {!replay && (
            <>
              <ChoiceList
                title="Which events"
                choices={[
                  { label: 'Events in a time range', value: 'range' },
                  { label: 'The events of these runs', value: 'runs' },
                ]}
                selected={[mode]}
                onChange={([v]) => setMode(v as 'range' | 'runs')}
              />
              {mode === 'range' ? (
                <InlineStack gap="200" blockAlign="start" wrap>
                  <Box minWidth="220px">
                    <TextField label="Since" type="datetime-local" value={since} onChange={setSince} autoComplete="off" error={rangeError} />
                  </Box>
                  <Box minWidth="220px">
                    <TextField label="Until" type="datetime-local" value={until} onChange={setUntil} autoComplete="off" />
                  </Box>
                  <Box minWidth="160px">
                    <NumberField label="At most" value={limit} optional onChange={setLimit} suffix="events" placeholder="100" />
                  </Box>
                </InlineStack>
              ) : runs === null ? (
                <Spinner size="small" accessibilityLabel="Loading runs" />
              ) : runs.length === 0 ? (
                <Text as="p" tone="subdued">
                  This workflow has no runs yet.
                </Text>
              ) : (
                <div style={{ maxHeight: 260, overflowY: 'auto' }}>
                  <ChoiceList
                    title="Runs"
                    allowMultiple
                    choices={runs.map((r) => ({ label: `${RUN_STATUS_LABELS[r.status] ?? r.status} · ${formatDate(r.created_at)} · version ${r.workflow_version}`, value: r.id, helpText: r.id }))}
                    selected={chosen}
                    onChange={setChosen}
                  />
                </div>
              )}
            </>
          )}
          {events && !replay && (
            <BlockStack gap="300">
              <Divider />
              <Text as="h3" variant="headingMd">
                Dry run: {n} {n === 1 ? 'event' : 'events'}
              </Text>
              {n === 0 && (
                <Text as="p" tone="subdued">
                  No event of this trigger matches. Widen the time range or choose other runs.
                </Text>
              )}
              {events.map((e) => (
                <Box key={e.event_id} padding="300" borderWidth="025" borderColor="border" borderRadius="200">
                  <BlockStack gap="200">
                    <Text as="h4" variant="headingSm">
                      Event {e.event_id} · received {formatDate(e.received_at)}
                    </Text>
                    <DryRunSteps steps={e.steps} label={`Dry run of event ${e.event_id}`} />
                  </BlockStack>
                </Box>
              ))}
            </BlockStack>
          )}
          {replay && (
            <BlockStack gap="300">
              <Banner tone={done ? 'success' : 'info'} title={done ? 'Replay finished' : 'Replay under way'}>
                <p>
                  {progress ? `${progress.finished} of ${progress.total} runs finished.` : `${replay.total} runs started.`}{' '}
                  <Link url={`/activity?workflow_id=${workflow.id}&replay_id=${encodeURIComponent(replay.id)}`}>See them in Activity</Link>
                </p>
              </Banner>
              <ProgressBar animated={false} progress={progress && progress.total > 0 ? Math.round((100 * progress.finished) / progress.total) : done ? 100 : 0} tone={done ? 'success' : 'primary'} />
              {progress && (
                <InlineStack gap="200" wrap>
                  {Object.entries(progress.by_status)
                    .filter(([, count]) => count > 0)
                    .map(([status, count]) => (
                      <InlineStack key={status} gap="100" blockAlign="center">
                        {status in RUN_STATUS_LABELS ? <RunStatusBadge status={status as Run['status']} /> : <Badge>{status}</Badge>}
                        <Text as="span" numeric>
                          {count}
                        </Text>
                      </InlineStack>
                    ))}
                </InlineStack>
              )}
            </BlockStack>
          )}
        </BlockStack>
      </Modal.Section>
    </Modal>
  );
}
