import { stateTone } from './state';

export interface GraphNode {
  key: string;
  dependsOn: string[];
  /** Second line: the task's type, and its duration when it ran. */
  detail: string;
  /** A state word (SUCCESS, RUNNING, ...) or undefined for a job's tasks that did not run. */
  state?: string;
}

const W = 210;
const H = 50;
const GAP_X = 60;
const GAP_Y = 18;

/** Each node's column: the length of the longest chain of dependencies leading to it. */
export function layers(nodes: GraphNode[]): Map<string, number> {
  const byKey = new Map(nodes.map((n) => [n.key, n]));
  const depth = new Map<string, number>();
  const visiting = new Set<string>();
  const visit = (key: string): number => {
    const known = depth.get(key);
    if (known !== undefined) return known;
    if (visiting.has(key)) return 0; // a cycle: the server refuses them; draw it flat anyway
    visiting.add(key);
    const deps = (byKey.get(key)?.dependsOn ?? []).filter((d) => byKey.has(d));
    const d = deps.length ? Math.max(...deps.map(visit)) + 1 : 0;
    visiting.delete(key);
    depth.set(key, d);
    return d;
  };
  nodes.forEach((n) => visit(n.key));
  return depth;
}

/** The task DAG, left to right: an arrow from each dependency to the task that waits for it. */
export function TaskGraph(props: { nodes: GraphNode[]; selected?: string; onSelect?: (key: string) => void }) {
  const depth = layers(props.nodes);
  const rows = new Map<number, number>();
  const pos = new Map<string, { x: number; y: number }>();
  for (const n of props.nodes) {
    const col = depth.get(n.key) ?? 0;
    const row = rows.get(col) ?? 0;
    rows.set(col, row + 1);
    pos.set(n.key, { x: 10 + col * (W + GAP_X), y: 10 + row * (H + GAP_Y) });
  }
  const width = 20 + (Math.max(0, ...depth.values()) + 1) * (W + GAP_X) - GAP_X;
  const height = 20 + Math.max(1, ...rows.values()) * (H + GAP_Y) - GAP_Y;
  return (
    <div className="task-graph" data-testid="task-graph">
      <svg width={width} height={height} role="img" aria-label="Task graph">
        <defs>
          <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M 0 0 L 10 5 L 0 10 z" fill="#98a2b3" />
          </marker>
        </defs>
        {props.nodes.flatMap((n) =>
          n.dependsOn
            .filter((d) => pos.has(d))
            .map((d) => {
              const a = pos.get(d)!;
              const b = pos.get(n.key)!;
              const x1 = a.x + W;
              const y1 = a.y + H / 2;
              const x2 = b.x;
              const y2 = b.y + H / 2;
              const mid = (x1 + x2) / 2;
              return (
                <path
                  key={`${d}->${n.key}`}
                  data-edge={`${d}->${n.key}`}
                  d={`M ${x1} ${y1} C ${mid} ${y1}, ${mid} ${y2}, ${x2 - 2} ${y2}`}
                  fill="none"
                  stroke="#98a2b3"
                  strokeWidth={1.5}
                  markerEnd="url(#arrow)"
                />
              );
            }),
        )}
        {props.nodes.map((n) => {
          const p = pos.get(n.key)!;
          const tone = n.state ? stateTone(n.state) : 'none';
          return (
            <g
              key={n.key}
              className={`node ${tone} ${props.selected === n.key ? 'selected' : ''}`}
              transform={`translate(${p.x},${p.y})`}
              onClick={() => props.onSelect?.(n.key)}
              data-task={n.key}
              data-state={n.state ?? ''}
              role="button"
              aria-label={`Task ${n.key}${n.state ? ` ${n.state}` : ''}`}
            >
              <rect width={W} height={H} rx={7} />
              <rect className="stripe" width={6} height={H} rx={3} />
              <text x={14} y={20} className="key">
                {n.key.length > 22 ? n.key.slice(0, 21) + '…' : n.key}
              </text>
              <text x={14} y={38} className="detail">
                {n.detail}
              </text>
              <title>{`${n.key}${n.state ? ` — ${n.state}` : ''}\n${n.detail}`}</title>
            </g>
          );
        })}
      </svg>
    </div>
  );
}
