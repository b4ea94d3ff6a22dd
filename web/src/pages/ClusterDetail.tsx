import { useEffect, useState } from 'react';
import { api, describe } from '../api';
import { ErrorBox, PromptModal, formatBytes, formatTime, useLoad } from '../components/common';
import { Link, navigate } from '../router';
import { Confirm } from './Settings';
import { StateBadge, size, type Cluster } from './Compute';

const C = '/api/2.1/clusters';
const TRANSITIONAL = ['PENDING', 'RESTARTING', 'RESIZING', 'TERMINATING'];

export function ClusterDetailPage({ clusterId, tab }: { clusterId: string; tab: string }) {
  const { data: cluster, error, reload } = useLoad(() => api.get<Cluster>(`${C}/get`, { cluster_id: clusterId }), [clusterId]);
  const [actionError, setActionError] = useState<unknown>();
  const [dialog, setDialog] = useState<'resize' | 'delete' | null>(null);

  useEffect(() => {
    if (!cluster || !TRANSITIONAL.includes(cluster.state ?? '')) return;
    const t = setTimeout(reload, 3000);
    return () => clearTimeout(t);
  }, [cluster, reload]);

  const act = async (verb: string) => {
    setActionError(undefined);
    try {
      await api.post(`${C}/${verb}`, { cluster_id: clusterId });
      reload();
    } catch (e) {
      setActionError(e);
    }
  };

  const tabs: [string, string][] = [
    ['config', 'Configuration'],
    ['events', 'Event log'],
    ['logs', 'Driver and worker logs'],
  ];
  const st = cluster?.state;
  return (
    <div>
      <div className="toolbar">
        <div>
          <div className="breadcrumbs">
            <Link to="/compute">Compute</Link>
          </div>
          <h1>{cluster?.cluster_name || clusterId}</h1>
        </div>
        {cluster && <StateBadge state={st} />}
        <div className="spacer" />
        {cluster?.spark_ui_url && st === 'RUNNING' && (
          <a href={cluster.spark_ui_url} target="_blank" rel="noopener noreferrer" className="button">
            Spark UI
          </a>
        )}
        {st === 'TERMINATED' && <button className="primary" onClick={() => act('start')}>Start</button>}
        {st === 'RUNNING' && <button onClick={() => act('restart')}>Restart</button>}
        {st === 'RUNNING' && <button onClick={() => setDialog('resize')}>Resize</button>}
        {st && !['TERMINATED', 'TERMINATING'].includes(st) && <button onClick={() => act('delete')}>Terminate</button>}
        {cluster && <button className="danger" onClick={() => setDialog('delete')}>Delete</button>}
      </div>
      {error ? (
        <div className="error" role="alert">
          {describe(error)}
        </div>
      ) : null}
      <ErrorBox error={actionError} onClose={() => setActionError(undefined)} />
      {cluster?.state_message && <p className="muted">{cluster.state_message}</p>}
      {cluster?.termination_reason?.code && (
        <p className="muted">
          Terminated: {cluster.termination_reason.code}
          {cluster.termination_reason.parameters ? ` ${JSON.stringify(cluster.termination_reason.parameters)}` : ''}
        </p>
      )}
      <div className="tabs">
        {tabs.map(([t, label]) => (
          <Link key={t} to={`/compute/clusters/${encodeURIComponent(clusterId)}?tab=${t}`} className={tab === t ? 'active' : ''}>
            {label}
          </Link>
        ))}
      </div>
      {tab === 'config' && cluster && <Config cluster={cluster} />}
      {tab === 'events' && <Events clusterId={clusterId} />}
      {tab === 'logs' && <Logs clusterId={clusterId} />}
      {dialog === 'resize' && cluster && (
        <PromptModal
          title="Resize"
          label={cluster.autoscale ? 'Workers, as min-max (e.g. 2-8)' : 'Workers'}
          initial={cluster.autoscale ? `${cluster.autoscale.min_workers}-${cluster.autoscale.max_workers}` : String(cluster.num_workers ?? 0)}
          submit="Resize"
          onClose={() => setDialog(null)}
          onSubmit={async (v) => {
            const m = /^(\d+)\s*-\s*(\d+)$/.exec(v);
            await api.post(
              `${C}/resize`,
              m
                ? { cluster_id: clusterId, autoscale: { min_workers: Number(m[1]), max_workers: Number(m[2]) } }
                : { cluster_id: clusterId, num_workers: Number(v) },
            );
            reload();
          }}
        />
      )}
      {dialog === 'delete' && (
        <Confirm
          title="Delete cluster"
          text={`Delete ${cluster?.cluster_name || clusterId} permanently? It is terminated first.`}
          action="Delete"
          onClose={() => setDialog(null)}
          onConfirm={async () => {
            await api.post(`${C}/permanent-delete`, { cluster_id: clusterId });
            navigate('/compute');
          }}
        />
      )}
    </div>
  );
}

function Config({ cluster }: { cluster: Cluster }) {
  const rows: [string, React.ReactNode][] = [
    ['Cluster id', <code>{cluster.cluster_id}</code>],
    ['Runtime', cluster.spark_version],
    ['Size', size(cluster)],
    ['Worker type', cluster.node_type_id],
    ['Driver type', cluster.driver_node_type_id ?? cluster.node_type_id],
    ['Auto-termination', cluster.autotermination_minutes ? `after ${cluster.autotermination_minutes} minutes idle` : 'never'],
    ['Cores / memory', cluster.cluster_cores ? `${cluster.cluster_cores} cores, ${formatBytes((cluster.cluster_memory_mb ?? 0) * 1048576)}` : ''],
    ['Creator', cluster.creator_user_name],
    ['Started', formatTime(cluster.start_time)],
  ];
  const conf = Object.entries(cluster.spark_conf ?? {});
  return (
    <div>
      <table className="kv">
        <tbody>
          {rows.map(([k, v]) => (
            <tr key={k}>
              <th>{k}</th>
              <td>{v}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>Spark config</h3>
      {conf.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <pre className="conf">{conf.map(([k, v]) => `${k} ${v}`).join('\n')}</pre>
      )}
    </div>
  );
}

interface ClusterEvent {
  timestamp: number;
  type: string;
  details?: Record<string, unknown>;
}

/** The event log, 50 at a time, following next_page (a whole request body) as the SDKs do. */
function Events({ clusterId }: { clusterId: string }) {
  const [events, setEvents] = useState<ClusterEvent[]>([]);
  const [next, setNext] = useState<Record<string, unknown> | null | undefined>(undefined);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const load = async (body: Record<string, unknown>, append: boolean) => {
    setBusy(true);
    try {
      const r = await api.post<{ events?: ClusterEvent[]; next_page?: Record<string, unknown> }>(`${C}/events`, body);
      setEvents((e) => (append ? [...e, ...(r.events ?? [])] : r.events ?? []));
      setNext(r.next_page && Object.keys(r.next_page).length ? r.next_page : null);
      setError(undefined);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  useEffect(() => {
    void load({ cluster_id: clusterId, order: 'DESC', limit: 50 }, false);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [clusterId]);
  return (
    <div>
      <ErrorBox error={error} />
      <table className="list" data-testid="event-list">
        <thead>
          <tr>
            <th>Time</th>
            <th>Event</th>
            <th>Details</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e, i) => (
            <tr key={i}>
              <td className="muted">{formatTime(e.timestamp)}</td>
              <td>{e.type}</td>
              <td className="muted small">{e.details ? JSON.stringify(e.details) : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {next && (
        <button disabled={busy} onClick={() => load(next, true)}>
          Load older events
        </button>
      )}
    </div>
  );
}

interface LogNode {
  instance_id: string;
  role: string;
  files: { path: string; size: number }[];
}

const TAIL = 256 * 1024;

function Logs({ clusterId }: { clusterId: string }) {
  const nodes = useLoad(async () => (await api.get<{ nodes?: LogNode[] }>(`${C}/logs/list`, { cluster_id: clusterId })).nodes ?? [], [clusterId]);
  const [open, setOpen] = useState<{ node: string; path: string }>();
  const [tick, setTick] = useState(0);
  const content = useLoad(
    async () =>
      open
        ? api.get<{ content: string; truncated?: boolean }>(`${C}/logs`, {
            cluster_id: clusterId,
            instance_id: open.node,
            path: open.path,
            tail_bytes: TAIL,
          })
        : undefined,
    [open?.node, open?.path, tick],
  );
  return (
    <div className="logs">
      <ErrorBox error={nodes.error} />
      <div className="log-files">
        {(nodes.data ?? []).map((n) => (
          <div key={n.instance_id}>
            <div className="muted small">
              {n.role} · {n.instance_id}
            </div>
            <ul>
              {n.files.map((f) => (
                <li key={f.path}>
                  <button
                    className={`link ${open?.node === n.instance_id && open.path === f.path ? 'active' : ''}`}
                    onClick={() => setOpen({ node: n.instance_id, path: f.path })}
                  >
                    {f.path}
                  </button>{' '}
                  <span className="muted small">{formatBytes(f.size)}</span>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </div>
      {open && (
        <div className="log-view">
          <div className="toolbar">
            <b>{open.path}</b>
            <div className="spacer" />
            <button onClick={() => setTick((t) => t + 1)}>Refresh</button>
          </div>
          <ErrorBox error={content.error} />
          {content.data?.truncated && <div className="muted small">Showing the last {formatBytes(TAIL)}.</div>}
          <pre>{content.data?.content}</pre>
        </div>
      )}
    </div>
  );
}
