import { useEffect, useState } from 'react';
import { api, describe } from '../api';
import { ErrorBox, PromptModal, formatTime, useLoad } from '../components/common';
import { Link, navigate } from '../router';
import { Confirm } from './Settings';
import { StateBadge, TRANSITIONAL, capacity, size, type Cluster } from './Compute';
import { ClusterEvents } from './ClusterEvents';
import { ClusterLogs } from './ClusterLogs';

const C = '/api/2.1/clusters';

/**
 * The Spark UI through the control plane: the session cookie signs the new tab in, and the server
 * serves it sandboxed (an opaque origin that cannot read Kiln's cookie or call its API).
 */
export function sparkUiPath(clusterId: string): string {
  return `/driver-proxy/${encodeURIComponent(clusterId)}/`;
}

type Dialog = 'resize' | 'restart' | 'terminate' | 'delete' | null;

export function ClusterDetailPage({ clusterId, tab }: { clusterId: string; tab: string }) {
  const { data: cluster, error, reload } = useLoad(() => api.get<Cluster>(`${C}/get`, { cluster_id: clusterId }), [clusterId]);
  const [actionError, setActionError] = useState<unknown>();
  const [dialog, setDialog] = useState<Dialog>(null);

  // Live while the cluster moves on its own; a little slower once it is settled.
  useEffect(() => {
    if (!cluster) return;
    const t = setTimeout(reload, TRANSITIONAL.includes(cluster.state ?? '') ? 2000 : 15000);
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
  const name = cluster?.cluster_name || clusterId;
  const active = !!st && !['TERMINATED', 'TERMINATING'].includes(st);
  return (
    <div>
      <div className="toolbar">
        <div>
          <div className="breadcrumbs">
            <Link to="/compute">Compute</Link>
          </div>
          <h1>{name}</h1>
        </div>
        {cluster && <StateBadge state={st} />}
        <div className="spacer" />
        {(st === 'RUNNING' || st === 'RESIZING') && (
          <a href={sparkUiPath(clusterId)} target="_blank" rel="noopener" className="button" data-testid="spark-ui">
            Spark UI
          </a>
        )}
        {st === 'TERMINATED' && (
          <button className="primary" onClick={() => act('start')}>
            Start
          </button>
        )}
        {st === 'RUNNING' && <button onClick={() => setDialog('restart')}>Restart</button>}
        {st === 'RUNNING' && <button onClick={() => setDialog('resize')}>Resize</button>}
        {active && <button onClick={() => setDialog('terminate')}>Terminate</button>}
        {cluster && (
          <button className="danger" onClick={() => setDialog('delete')}>
            Delete
          </button>
        )}
      </div>
      {error ? (
        <div className="error" role="alert">
          {describe(error)}
        </div>
      ) : null}
      <ErrorBox error={actionError} onClose={() => setActionError(undefined)} />
      {cluster?.state_message && (
        <p className="muted" data-testid="state-message">
          {cluster.state_message}
        </p>
      )}
      {cluster?.termination_reason?.code && (
        <p className="muted" data-testid="termination-reason">
          Terminated: {cluster.termination_reason.code}
          {Object.entries(cluster.termination_reason.parameters ?? {})
            .map(([k, v]) => ` · ${k}: ${v}`)
            .join('')}
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
      {tab === 'events' && <ClusterEvents clusterId={clusterId} state={st} />}
      {tab === 'logs' && <ClusterLogs clusterId={clusterId} state={st} />}
      {dialog === 'resize' && cluster && (
        <PromptModal
          title="Resize"
          label={cluster.autoscale ? 'Workers, as min-max (e.g. 2-8)' : 'Workers'}
          initial={cluster.autoscale ? `${cluster.autoscale.min_workers}-${cluster.autoscale.max_workers}` : String(cluster.num_workers ?? 0)}
          submit="Resize"
          onClose={() => setDialog(null)}
          onSubmit={async (v) => {
            const m = /^(\d+)\s*-\s*(\d+)$/.exec(v);
            if (!m && !/^\d+$/.test(v)) throw new Error('Give a number of workers, or a range such as 2-8.');
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
      {dialog === 'restart' && (
        <Confirm
          title="Restart cluster"
          text={`Restart ${name}? Running commands are cancelled and notebooks lose their state.`}
          action="Restart"
          onClose={() => setDialog(null)}
          onConfirm={async () => {
            await api.post(`${C}/restart`, { cluster_id: clusterId });
            reload();
          }}
        />
      )}
      {dialog === 'terminate' && (
        <Confirm
          title="Terminate cluster"
          text={`Terminate ${name}? Its processes stop; the configuration is kept and it can be started again.`}
          action="Terminate"
          onClose={() => setDialog(null)}
          onConfirm={async () => {
            await api.post(`${C}/delete`, { cluster_id: clusterId });
            reload();
          }}
        />
      )}
      {dialog === 'delete' && (
        <Confirm
          title="Delete cluster"
          text={`Delete ${name} permanently? It is terminated first, and its configuration and events are removed.`}
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

function KeyValues({ title, values, sep = ' ' }: { title: string; values?: Record<string, string>; sep?: string }) {
  const entries = Object.entries(values ?? {});
  return (
    <>
      <h3>{title}</h3>
      {entries.length === 0 ? <p className="muted">None.</p> : <pre className="conf">{entries.map(([k, v]) => `${k}${sep}${v}`).join('\n')}</pre>}
    </>
  );
}

function Config({ cluster }: { cluster: Cluster }) {
  const workers = cluster.executors ?? [];
  const rows: [string, React.ReactNode][] = [
    ['Cluster id', <code>{cluster.cluster_id}</code>],
    ['Runtime', cluster.spark_version],
    ['Size', size(cluster)],
    ['Worker type', cluster.node_type_id],
    ['Driver type', cluster.driver_node_type_id ?? cluster.node_type_id],
    ['Auto-termination', cluster.autotermination_minutes ? `after ${cluster.autotermination_minutes} minutes idle` : 'never'],
    ['Cores / memory', capacity(cluster)],
    ['Driver', cluster.driver?.instance_id ?? <span className="muted">not running</span>],
    ['Workers running', <span data-testid="executor-count">{workers.length}</span>],
    ['Creator', cluster.creator_user_name],
    ['Started', formatTime(cluster.start_time)],
  ];
  if (cluster.last_restarted_time) rows.push(['Last restarted', formatTime(cluster.last_restarted_time)]);
  if (cluster.terminated_time) rows.push(['Terminated', formatTime(cluster.terminated_time)]);
  return (
    <div>
      <table className="kv" data-testid="cluster-config">
        <tbody>
          {rows.map(([k, v]) => (
            <tr key={k}>
              <th>{k}</th>
              <td>{v}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <KeyValues title="Spark config" values={cluster.spark_conf} />
      <KeyValues title="Environment variables" values={cluster.spark_env_vars} sep="=" />
      {cluster.custom_tags && Object.keys(cluster.custom_tags).length > 0 && <KeyValues title="Tags" values={cluster.custom_tags} />}
    </div>
  );
}
