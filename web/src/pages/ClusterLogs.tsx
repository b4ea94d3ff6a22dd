import { useEffect, useState } from 'react';
import { api } from '../api';
import { ErrorBox, formatBytes, formatTime, useLoad } from '../components/common';

const C = '/api/2.1/clusters';

interface LogNode {
  instance_id: string;
  role: string;
  start_timestamp?: number;
  end_timestamp?: number;
  files: { path: string; size: number }[];
}

const TAILS = [16 * 1024, 64 * 1024, 256 * 1024, 1024 * 1024];

function nodeLabel(n: LogNode): string {
  const role = n.role === 'DRIVER' || n.role === 'driver' ? 'Driver' : 'Worker';
  const when = n.end_timestamp ? `ended ${formatTime(n.end_timestamp)}` : n.start_timestamp ? `since ${formatTime(n.start_timestamp)}` : '';
  return `${role} ${n.instance_id}${when ? ` (${when})` : ''}`;
}

/** The running driver if there is one, else the newest node. */
function defaultNode(nodes: LogNode[]): LogNode | undefined {
  const driver = (n: LogNode) => n.role.toUpperCase() === 'DRIVER';
  return nodes.find((n) => driver(n) && !n.end_timestamp) ?? nodes.find(driver) ?? nodes[0];
}

function defaultFile(node: LogNode | undefined): string {
  const files = node?.files ?? [];
  return (files.find((f) => f.path === 'stderr' || f.path.endsWith('/stderr')) ?? files[0])?.path ?? '';
}

/** Kiln's node logs (logs/list and logs): pick a node and one of its files, read its tail. */
export function ClusterLogs({ clusterId, state }: { clusterId: string; state?: string }) {
  const nodes = useLoad(async () => (await api.get<{ nodes?: LogNode[] }>(`${C}/logs/list`, { cluster_id: clusterId })).nodes ?? [], [clusterId, state]);
  const [nodeId, setNodeId] = useState('');
  const [path, setPath] = useState('');
  const [tail, setTail] = useState(TAILS[1]);
  const [follow, setFollow] = useState(false);
  const [tick, setTick] = useState(0);

  const list = nodes.data ?? [];
  const node = list.find((n) => n.instance_id === nodeId) ?? defaultNode(list);
  const file = node?.files.some((f) => f.path === path) ? path : defaultFile(node);

  const content = useLoad(
    async () =>
      node && file
        ? api.get<{ content: string; truncated?: boolean }>(`${C}/logs`, {
            cluster_id: clusterId,
            instance_id: node.instance_id,
            path: file,
            tail_bytes: tail,
          })
        : undefined,
    [node?.instance_id, file, tail, tick],
  );
  useEffect(() => {
    if (!follow) return;
    const t = setTimeout(() => setTick((x) => x + 1), 3000);
    return () => clearTimeout(t);
  }, [follow, content.data]);

  if (nodes.error) return <ErrorBox error={nodes.error} />;
  if (nodes.data && list.length === 0) return <p className="muted">No logs yet: the cluster has not started a node.</p>;
  return (
    <div className="log-view" data-testid="logs">
      <div className="toolbar">
        <label>
          Node{' '}
          <select aria-label="Node" value={node?.instance_id ?? ''} onChange={(e) => setNodeId(e.target.value)}>
            {list.map((n) => (
              <option key={n.instance_id} value={n.instance_id}>
                {nodeLabel(n)}
              </option>
            ))}
          </select>
        </label>
        <label>
          File{' '}
          <select aria-label="Log file" value={file} onChange={(e) => setPath(e.target.value)}>
            {(node?.files ?? []).map((f) => (
              <option key={f.path} value={f.path}>
                {f.path} ({formatBytes(f.size)})
              </option>
            ))}
          </select>
        </label>
        <label>
          Last{' '}
          <select aria-label="Tail" value={tail} onChange={(e) => setTail(Number(e.target.value))}>
            {TAILS.map((t) => (
              <option key={t} value={t}>
                {formatBytes(t)}
              </option>
            ))}
          </select>
        </label>
        <label className="check">
          <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} /> Follow
        </label>
        <div className="spacer" />
        <button onClick={() => setTick((t) => t + 1)}>Refresh</button>
      </div>
      <ErrorBox error={content.error} />
      {content.data?.truncated && <div className="muted small">Showing the last {formatBytes(tail)}.</div>}
      <pre data-testid="log-content">{content.data?.content}</pre>
    </div>
  );
}
