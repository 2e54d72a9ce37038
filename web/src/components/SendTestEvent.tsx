import { BlockStack, Button, Modal, Select, Text, TextField } from '@shopify/polaris';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api } from '../api/client';
import type { Catalog, ExtensionRef } from '../api/types';
import { findTrigger, groupSection } from '../lib/useCatalog';
import { useApp } from './AppContext';
import { ErrorBanner } from './States';

interface Props {
  /** The trigger to fire; the merchant picks one when absent. */
  trigger?: ExtensionRef | null;
  catalog?: Catalog | null;
  /** Render as the primary button or a plain secondary one. */
  primary?: boolean;
}

/** "Send test event": fires any installed trigger with its sample data, so workflows run at once. */
export function SendTestEvent({ trigger, catalog: given, primary }: Props) {
  const { showToast } = useApp();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [catalog, setCatalog] = useState<Catalog | null>(given ?? null);
  const [choice, setChoice] = useState('');
  const [payload, setPayload] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [sending, setSending] = useState(false);

  useEffect(() => {
    if (given) setCatalog(given);
  }, [given]);
  useEffect(() => {
    if (!open) return;
    setError(null);
    if (trigger) setChoice(`${trigger.app}::${trigger.handle}`);
    if (!catalog) api.get<Catalog>('/catalog').then(setCatalog, setError);
  }, [open]);

  const [app, handle] = choice ? (choice.split('::') as [string, string]) : ['', ''];
  const found = findTrigger(catalog, app, handle);
  useEffect(() => {
    setPayload(found?.trigger.sample ? JSON.stringify(found.trigger.sample, null, 2) : '');
  }, [choice, found?.trigger.sample]);

  let payloadError: string | undefined;
  let parsed: unknown;
  if (payload.trim()) {
    try {
      parsed = JSON.parse(payload);
    } catch (err) {
      payloadError = `Not valid JSON: ${(err as Error).message}`;
    }
  }

  const send = async () => {
    setSending(true);
    setError(null);
    try {
      const res = await api.post<{ event_id: string; runs_started: number }>('/test-events', { trigger: { app, handle }, ...(parsed !== undefined ? { payload: parsed } : {}) });
      setOpen(false);
      const n = res.runs_started;
      showToast(`Test event sent: ${n} ${n === 1 ? 'run' : 'runs'} started`, { action: { content: 'View activity', onAction: () => navigate('/activity') } });
    } catch (err) {
      setError(err);
    } finally {
      setSending(false);
    }
  };

  const options = (catalog?.groups ?? [])
    .filter((g) => g.installed && g.triggers.length > 0)
    .map((g) => ({ title: groupSection(g), options: g.triggers.map((t) => ({ label: t.name, value: `${g.app}::${t.handle}` })) }));

  return (
    <>
      <Button variant={primary ? 'primary' : 'secondary'} onClick={() => setOpen(true)}>
        Send test event
      </Button>
      <Modal
        open={open}
        onClose={() => setOpen(false)}
        title="Send test event"
        primaryAction={{ content: 'Send', onAction: send, loading: sending, disabled: !choice || Boolean(payloadError) }}
        secondaryActions={[{ content: 'Cancel', onAction: () => setOpen(false) }]}
      >
        <Modal.Section>
          <BlockStack gap="400">
            <Text as="p">
              Fires the trigger as if it had happened, with sample data. Every workflow that is on and uses this trigger runs, and its actions are really sent.
            </Text>
            <ErrorBanner error={error} title="The test event was not sent" />
            <Select label="Trigger" placeholder="Choose a trigger" options={options} value={choice} onChange={setChoice} />
            <TextField
              label="Payload (JSON)"
              helpText="Leave empty to use the trigger's sample data."
              value={payload}
              onChange={setPayload}
              multiline={8}
              maxHeight={320}
              monospaced
              autoComplete="off"
              error={payloadError}
            />
          </BlockStack>
        </Modal.Section>
      </Modal>
    </>
  );
}
