import { useState } from 'react';
import { api } from '../api';
import { ErrorBox, useLoad } from '../components/common';
import { navigate } from '../router';
import { useSession } from '../session';

interface NodeType {
  node_type_id: string;
  num_cores?: number;
  memory_mb?: number;
  description?: string;
  is_hidden?: boolean;
  is_deprecated?: boolean;
}

function nodeTypeLabel(t: NodeType): string {
  const gb = Math.round(((t.memory_mb ?? 0) / 1024) * 10) / 10;
  if (!t.num_cores) return t.node_type_id;
  return `${t.node_type_id} (${t.num_cores} core${t.num_cores === 1 ? '' : 's'}, ${gb} GB)`;
}

/** Parses "key value" or "key=value" lines (the Databricks UI's Spark config and env boxes). */
export function parseConf(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const m = /^(\S+?)(?:\s*=\s*|\s+)(.*)$/.exec(line);
    if (m) out[m[1]] = m[2];
    else out[line] = '';
  }
  return out;
}

export function ClusterCreatePage() {
  const { me } = useSession();
  const versions = useLoad(
    async () => (await api.get<{ versions?: { key: string; name: string }[] }>('/api/2.1/clusters/spark-versions')).versions ?? [],
    [],
  );
  const nodeTypes = useLoad(
    async () =>
      ((await api.get<{ node_types?: NodeType[] }>('/api/2.1/clusters/list-node-types')).node_types ?? []).filter(
        (t) => !t.is_hidden && !t.is_deprecated,
      ),
    [],
  );
  const [name, setName] = useState(`${me.displayName || me.userName}'s cluster`);
  const [version, setVersion] = useState('');
  const [nodeType, setNodeType] = useState('');
  const [driverType, setDriverType] = useState('');
  const [autoscale, setAutoscale] = useState(false);
  const [workers, setWorkers] = useState('1');
  const [minWorkers, setMinWorkers] = useState('1');
  const [maxWorkers, setMaxWorkers] = useState('2');
  const [autoterm, setAutoterm] = useState('120');
  const [conf, setConf] = useState('');
  const [env, setEnv] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const v = version || versions.data?.[0]?.key || '';
  const n = nodeType || nodeTypes.data?.[0]?.node_type_id || '';

  return (
    <div>
      <h1>Create cluster</h1>
      <ErrorBox error={versions.error} />
      <ErrorBox error={nodeTypes.error} />
      <form
        className="form"
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          setError(undefined);
          try {
            const body = {
              cluster_name: name,
              spark_version: v,
              node_type_id: n,
              driver_node_type_id: driverType || undefined,
              autotermination_minutes: Number(autoterm) || 0,
              spark_conf: parseConf(conf),
              spark_env_vars: parseConf(env),
              ...(autoscale
                ? { autoscale: { min_workers: Number(minWorkers), max_workers: Number(maxWorkers) } }
                : { num_workers: Number(workers) }),
            };
            const r = await api.post<{ cluster_id: string }>('/api/2.1/clusters/create', body);
            navigate(`/compute/clusters/${encodeURIComponent(r.cluster_id)}`);
          } catch (err) {
            setError(err);
          } finally {
            setBusy(false);
          }
        }}
      >
        <label>
          Name
          <input name="cluster_name" value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label>
          Runtime
          <select name="spark_version" value={v} onChange={(e) => setVersion(e.target.value)}>
            {(versions.data ?? []).map((x) => (
              <option key={x.key} value={x.key}>
                {x.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Worker type
          <select name="node_type_id" value={n} onChange={(e) => setNodeType(e.target.value)}>
            {(nodeTypes.data ?? []).map((t) => (
              <option key={t.node_type_id} value={t.node_type_id}>
                {nodeTypeLabel(t)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Driver type
          <select name="driver_node_type_id" value={driverType} onChange={(e) => setDriverType(e.target.value)}>
            <option value="">Same as worker</option>
            {(nodeTypes.data ?? []).map((t) => (
              <option key={t.node_type_id} value={t.node_type_id}>
                {nodeTypeLabel(t)}
              </option>
            ))}
          </select>
        </label>
        <label className="check">
          <input type="checkbox" name="autoscale" checked={autoscale} onChange={(e) => setAutoscale(e.target.checked)} /> Enable autoscaling
        </label>
        {autoscale ? (
          <div className="row">
            <label>
              Min workers
              <input name="min_workers" type="number" min="0" value={minWorkers} onChange={(e) => setMinWorkers(e.target.value)} />
            </label>
            <label>
              Max workers
              <input name="max_workers" type="number" min="0" value={maxWorkers} onChange={(e) => setMaxWorkers(e.target.value)} />
            </label>
          </div>
        ) : (
          <label>
            Workers
            <input name="num_workers" type="number" min="0" value={workers} onChange={(e) => setWorkers(e.target.value)} />
          </label>
        )}
        <label>
          Terminate after (minutes of inactivity: 0 for never, or 10 to 10000)
          <input name="autotermination_minutes" type="number" min="0" value={autoterm} onChange={(e) => setAutoterm(e.target.value)} />
        </label>
        <label>
          <span>
            Spark config (one <code>key value</code> per line)
          </span>
          <textarea name="spark_conf" rows={4} value={conf} onChange={(e) => setConf(e.target.value)} placeholder="spark.sql.shuffle.partitions 8" />
        </label>
        <label>
          <span>
            Environment variables (one <code>NAME=value</code> per line)
          </span>
          <textarea name="spark_env_vars" rows={3} value={env} onChange={(e) => setEnv(e.target.value)} placeholder="PYSPARK_PYTHON=/usr/bin/python3" />
        </label>
        <ErrorBox error={error} />
        <div className="actions">
          <button type="button" onClick={() => navigate('/compute')}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy || !v || !n}>
            Create cluster
          </button>
        </div>
      </form>
    </div>
  );
}
