import { Badge } from '@shopify/polaris';
import type { RunStatus } from '../api/types';
import { RUN_STATUS_LABELS } from '../api/types';

type Tone = 'success' | 'critical' | 'attention' | 'info' | 'warning' | undefined;

const TONES: Record<RunStatus, Tone> = {
  running: 'info',
  waiting: 'attention',
  succeeded: 'success',
  succeeded_no_actions: 'success',
  /** Finished, but a step inside a For each failed (the other items went on). */
  has_errors: 'warning',
  failed: 'critical',
  skipped: undefined,
  cancelled: undefined,
};

export function RunStatusBadge({ status }: { status: RunStatus }) {
  return <Badge tone={TONES[status]}>{RUN_STATUS_LABELS[status] ?? status}</Badge>;
}

const DELIVERY_TONES: Record<string, Tone> = { succeeded: 'success', failed: 'critical', waiting: 'attention', pending: 'info', sending: 'info' };

export function DeliveryStatusBadge({ status }: { status: string }) {
  const label = status === 'failed' ? 'Failed' : status === 'succeeded' ? 'Succeeded' : status.charAt(0).toUpperCase() + status.slice(1).replace(/_/g, ' ');
  return <Badge tone={DELIVERY_TONES[status]}>{label}</Badge>;
}
