import { Banner, Text } from '@shopify/polaris';
import { useCallback, useEffect, useState } from 'react';
import { api, errorMessage } from '../api/client';
import type { Run } from '../api/types';
import { useApp } from './AppContext';

/**
 * Runs paused on a Wait step go on with the version they started on. When
 * some wait on an older version than the newest, offer to move them.
 */
export function WaitingRunsBanner({ workflowId, version }: { workflowId: number; version: number }) {
  const { showToast } = useApp();
  const [older, setOlder] = useState<number>(0);
  const [moving, setMoving] = useState(false);
  const [result, setResult] = useState<{ moved: number; kept: number } | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => {
    api.get<{ runs: Run[] }>(`/runs?workflow_id=${workflowId}&waiting=true&limit=500`).then(
      (r) => setOlder(r.runs.filter((run) => run.resume_at && run.workflow_version < version).length),
      () => setOlder(0),
    );
  }, [workflowId, version]);
  useEffect(load, [load]);

  const move = async () => {
    setMoving(true);
    setError(null);
    try {
      const r = await api.post<{ moved: number; kept: number }>(`/workflows/${workflowId}/move-waiting-runs`);
      setResult(r);
      showToast(`${r.moved} waiting ${r.moved === 1 ? 'run' : 'runs'} moved to version ${version}`);
      load();
    } catch (err) {
      setError(errorMessage(err));
      showToast(errorMessage(err), { error: true });
    } finally {
      setMoving(false);
    }
  };

  if (result && older === 0) {
    return (
      <Banner tone="success" title={`${result.moved} waiting ${result.moved === 1 ? 'run was' : 'runs were'} moved to version ${version}`} onDismiss={() => setResult(null)}>
        {result.kept > 0 && <p>{`${result.kept} ${result.kept === 1 ? 'run was' : 'runs were'} kept on ${result.kept === 1 ? 'its' : 'their'} version: the step ${result.kept === 1 ? 'it waits' : 'they wait'} on is not in version ${version}.`}</p>}
      </Banner>
    );
  }
  if (older === 0) return null;
  return (
    <Banner
      tone="info"
      title={`${older} ${older === 1 ? 'run is' : 'runs are'} waiting on an older version`}
      action={{ content: 'Move waiting runs to the newest version', onAction: move, loading: moving }}
    >
      <p>Runs paused on a Wait step go on with the version they started on, unless you move them to version {version}.</p>
      {result && result.kept > 0 && <p>{`${result.moved} moved; ${result.kept} kept on their version: the step they wait on is not in version ${version}.`}</p>}
      {error && (
        <Text as="p" tone="critical">
          {error}
        </Text>
      )}
    </Banner>
  );
}
