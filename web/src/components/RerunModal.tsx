import { BlockStack, Modal, Text, TextField } from '@shopify/polaris';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api } from '../api/client';
import { useApp } from './AppContext';
import { ErrorBanner } from './States';

interface Props {
  open: boolean;
  onClose(): void;
  runId: string;
  /** The failed run's event payload, the editor's starting text. */
  payload: unknown;
}

/** "Re-run with edited payload": the failed run's event, edited as JSON, run again as a new run. */
export function RerunModal({ open, onClose, runId, payload }: Props) {
  const navigate = useNavigate();
  const { showToast } = useApp();
  const [text, setText] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!open) return;
    setText(JSON.stringify(payload, null, 2));
    setError(null);
  }, [open]);

  let parsed: unknown;
  let jsonError: string | undefined;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    jsonError = `Not valid JSON: ${(err as Error).message}`;
  }

  const rerun = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await api.post<{ run_id: string }>(`/runs/${encodeURIComponent(runId)}/rerun`, { payload: parsed });
      showToast('Re-run started');
      onClose();
      navigate(`/activity/${encodeURIComponent(r.run_id)}`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      onClose={onClose}
      title="Re-run with edited payload"
      primaryAction={{ content: 'Re-run', onAction: rerun, loading: busy, disabled: Boolean(jsonError) }}
      secondaryActions={[{ content: 'Cancel', onAction: onClose }]}
    >
      <Modal.Section>
        <BlockStack gap="300">
          <Text as="p">Starts a new run on the workflow's newest version with this payload. The failed run stays as it was.</Text>
          <ErrorBanner error={error} title="The re-run could not start" onDismiss={() => setError(null)} />
          <TextField label="Event payload (JSON)" value={text} onChange={setText} multiline={14} maxHeight={480} monospaced autoComplete="off" spellCheck={false} error={jsonError} />
        </BlockStack>
      </Modal.Section>
    </Modal>
  );
}
