import { useEffect, useState } from 'react';
import { api, describe } from '../api';
import { Link } from '../router';
import { listClusters, type ClusterSummary } from './exec';

export interface Attachment {
  clusterId: string;
}

const key = (path: string) => `kiln.attach.${path}`;

/** "Attach to cluster": a picker fed by clusters/list, the cluster's state, and Start. */
export function AttachBar(props: {
  notebookPath: string;
  onChange: (a: Attachment | null) => void;
  /** The user chose another cluster (or none) instead of this one. */
  onDetach?: (clusterId: string) => void;
}) {
  const [clusters, setClusters] = useState<ClusterSummary[]>();
  const [error, setError] = useState<string>();
  const [clusterId, setClusterId] = useState<string>(() => localStorage.getItem(key(props.notebookPath)) ?? '');
  const [tick, setTick] = useState(0);
  const [starting, setStarting] = useState(false);

  useEffect(() => {
    let live = true;
    listClusters().then(
      (cs) => {
        if (!live) return;
        setClusters(cs);
        setError(undefined);
      },
      (e) => live && setError(`Clusters are not available: ${describe(e)}`),
    );
    return () => {
      live = false;
    };
  }, [tick]);

  const cluster = clusters?.find((c) => c.cluster_id === clusterId);
  const transitional = cluster && ['PENDING', 'RESTARTING', 'RESIZING', 'TERMINATING'].includes(cluster.state ?? '');
  useEffect(() => {
    if (!transitional) return;
    const t = setTimeout(() => setTick((x) => x + 1), 3000);
    return () => clearTimeout(t);
  }, [transitional, tick]);

  useEffect(() => {
    props.onChange(cluster && (cluster.state === 'RUNNING' || cluster.state === 'RESIZING') ? { clusterId } : null);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [clusterId, cluster?.state]);

  const choose = (id: string) => {
    if (clusterId && clusterId !== id) props.onDetach?.(clusterId);
    setClusterId(id);
    if (id) localStorage.setItem(key(props.notebookPath), id);
    else localStorage.removeItem(key(props.notebookPath));
  };

  return (
    <div className="attach" data-testid="attach">
      <label>
        Cluster{' '}
        <select value={clusterId} onChange={(e) => choose(e.target.value)} disabled={!clusters} aria-label="Attach to cluster">
          <option value="">Detached</option>
          {(clusters ?? []).map((c) => (
            <option key={c.cluster_id} value={c.cluster_id}>
              {c.cluster_name || c.cluster_id} ({c.state?.toLowerCase()})
            </option>
          ))}
        </select>
      </label>
      {cluster && (
        <span className={`state ${cluster.state}`} data-testid="attach-state">
          {cluster.state}
        </span>
      )}
      {transitional && cluster?.state_message && (
        <span className="muted small" data-testid="attach-progress">
          {cluster.state_message}
        </span>
      )}
      {cluster?.state === 'TERMINATED' && (
        <button
          disabled={starting}
          onClick={async () => {
            setStarting(true);
            try {
              await api.post('/api/2.1/clusters/start', { cluster_id: cluster.cluster_id });
              setError(undefined);
              setTick((x) => x + 1);
            } catch (e) {
              setError(`The cluster did not start: ${describe(e)}`);
            } finally {
              setStarting(false);
            }
          }}
        >
          {starting ? 'Starting…' : 'Start cluster'}
        </button>
      )}
      <button className="link" onClick={() => setTick((x) => x + 1)}>
        Refresh
      </button>
      {error && (
        <span className="error inline" data-testid="attach-error">
          {error}
        </span>
      )}
      {clusters && clusters.length === 0 && !error && (
        <span className="muted">
          No clusters yet. <Link to="/compute/create">Create one</Link>.
        </span>
      )}
    </div>
  );
}
