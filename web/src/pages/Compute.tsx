import { useEffect } from 'react';
import { api, describe } from '../api';
import { formatBytes, useLoad, TokenPager, useTokenPages } from '../components/common';
import { Link } from '../router';

export interface Cluster {
  cluster_id: string;
  cluster_name?: string;
  state?: string;
  state_message?: string;
  spark_version?: string;
  node_type_id?: string;
  driver_node_type_id?: string;
  num_workers?: number;
  autoscale?: { min_workers: number; max_workers: number };
  autotermination_minutes?: number;
  spark_conf?: Record<string, string>;
  spark_env_vars?: Record<string, string>;
  custom_tags?: Record<string, string>;
  creator_user_name?: string;
  start_time?: number;
  terminated_time?: number;
  cluster_memory_mb?: number;
  cluster_cores?: number;
  spark_ui_url?: string;
  termination_reason?: { code?: string; type?: string; parameters?: Record<string, string> };
  last_restarted_time?: number;
  driver?: SparkNode;
  executors?: SparkNode[];
}

export interface SparkNode {
  node_id?: string;
  instance_id?: string;
  start_timestamp?: number;
}

/** States a cluster passes through on its own: pages showing one refresh until it settles. */
export const TRANSITIONAL = ['PENDING', 'RESTARTING', 'RESIZING', 'TERMINATING'];

export function size(c: Cluster): string {
  if (c.autoscale) return `${c.autoscale.min_workers}–${c.autoscale.max_workers} workers (autoscale)`;
  const n = c.num_workers ?? 0;
  return n === 0 ? 'single node' : `${n} worker${n === 1 ? '' : 's'}`;
}

/** "2 cores, 4.0 GB": a cluster's whole size. */
export function capacity(c: Cluster): string {
  if (!c.cluster_cores) return '';
  const cores = `${c.cluster_cores} core${c.cluster_cores === 1 ? '' : 's'}`;
  return `${cores}, ${formatBytes((c.cluster_memory_mb ?? 0) * 1024 * 1024)}`;
}

export function StateBadge({ state, title }: { state?: string; title?: string }) {
  return (
    <span className={`state ${state ?? ''}`} title={title} data-testid="cluster-state">
      {state ?? 'UNKNOWN'}
    </span>
  );
}

const PAGE = 25;

export function ComputePage() {
  const pages = useTokenPages();
  const { data, error, loading, reload } = useLoad(
    () =>
      api.get<{ clusters?: Cluster[]; next_page_token?: string }>('/api/2.1/clusters/list', {
        page_size: PAGE,
        page_token: pages.token,
      }),
    [pages.token],
  );
  const moving = (data?.clusters ?? []).some((c) => TRANSITIONAL.includes(c.state ?? ''));
  useEffect(() => {
    if (!moving) return;
    const t = setTimeout(reload, 3000);
    return () => clearTimeout(t);
  }, [moving, data, reload]);
  return (
    <div>
      <div className="toolbar">
        <h1>Compute</h1>
        <div className="spacer" />
        <button onClick={reload}>Refresh</button>
        <Link to="/compute/create" className="button primary">
          Create cluster
        </Link>
      </div>
      {error ? (
        <div className="error" role="alert">
          The clusters could not be listed: <ErrorText error={error} />
        </div>
      ) : null}
      {loading && !data && <div className="muted">Loading…</div>}
      {data && (
        <table className="list" data-testid="cluster-list">
          <thead>
            <tr>
              <th>Name</th>
              <th>State</th>
              <th>Size</th>
              <th>Runtime</th>
              <th>Node type</th>
              <th>Creator</th>
            </tr>
          </thead>
          <tbody>
            {(data.clusters ?? []).length === 0 && (
              <tr>
                <td colSpan={6} className="muted">
                  No clusters. <Link to="/compute/create">Create one</Link>.
                </td>
              </tr>
            )}
            {(data.clusters ?? []).map((c) => (
              <tr key={c.cluster_id}>
                <td>
                  <Link to={`/compute/clusters/${encodeURIComponent(c.cluster_id)}`}>{c.cluster_name || c.cluster_id}</Link>
                </td>
                <td>
                  <StateBadge state={c.state} title={c.state_message} />
                </td>
                <td>
                  {size(c)}
                  {c.cluster_cores ? <span className="muted small"> · {capacity(c)}</span> : null}
                </td>
                <td className="muted">{c.spark_version}</td>
                <td className="muted">{c.node_type_id}</td>
                <td className="muted">{c.creator_user_name}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {data && <TokenPager pages={pages} nextToken={data.next_page_token} />}
    </div>
  );
}

export function ErrorText({ error }: { error: unknown }) {
  return <span>{describe(error)}</span>;
}
