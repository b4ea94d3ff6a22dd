import { useEffect, useState } from 'react';
import { api } from '../api';
import { ErrorBox, formatTime } from '../components/common';

const C = '/api/2.1/clusters';
const LIMIT = 50;

interface ClusterEvent {
  timestamp: number;
  type: string;
  details?: {
    user?: string;
    reason?: { code?: string; parameters?: Record<string, string> };
    current_num_workers?: number;
    target_num_workers?: number;
    instance_id?: string;
    driver_state_message?: string;
    cause?: string;
    cluster_size?: { num_workers?: number; autoscale?: { min_workers: number; max_workers: number } };
    [k: string]: unknown;
  };
}

/** An event's details in words: who, why, how many; the raw JSON for what has no words. */
export function eventSummary(e: ClusterEvent): string {
  const d = e.details;
  if (!d) return '';
  const parts: string[] = [];
  if (d.reason?.code) {
    const params = Object.entries(d.reason.parameters ?? {}).map(([k, v]) => `${k}: ${v}`);
    parts.push(`reason ${d.reason.code}${params.length ? ` (${params.join(', ')})` : ''}`);
  }
  const sized = d.cluster_size;
  if (sized?.autoscale) parts.push(`size ${sized.autoscale.min_workers}–${sized.autoscale.max_workers} workers`);
  else if (sized?.num_workers !== undefined) parts.push(`size ${sized.num_workers} workers`);
  if (d.current_num_workers !== undefined) parts.push(`${d.current_num_workers} workers`);
  if (d.target_num_workers !== undefined) parts.push(`target ${d.target_num_workers} workers`);
  if (d.cause) parts.push(`cause ${d.cause}`);
  if (d.instance_id) parts.push(`node ${d.instance_id}`);
  if (d.driver_state_message) parts.push(d.driver_state_message);
  if (d.user) parts.push(`by ${d.user}`);
  if (parts.length) return parts.join(' · ');
  return Object.keys(d).length ? JSON.stringify(d) : '';
}

/**
 * The event log, newest first, 50 at a time: "Load older events" follows next_page (a whole
 * request body, as the SDKs do). The newest page reloads whenever the cluster changes state.
 */
export function ClusterEvents({ clusterId, state }: { clusterId: string; state?: string }) {
  const [events, setEvents] = useState<ClusterEvent[]>([]);
  const [next, setNext] = useState<Record<string, unknown> | null>(null);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [loaded, setLoaded] = useState(false);
  const load = async (body: Record<string, unknown>, append: boolean) => {
    setBusy(true);
    try {
      const r = await api.post<{ events?: ClusterEvent[]; next_page?: Record<string, unknown>; total_count?: number }>(`${C}/events`, body);
      setEvents((e) => (append ? [...e, ...(r.events ?? [])] : (r.events ?? [])));
      setNext(r.next_page && Object.keys(r.next_page).length ? r.next_page : null);
      setError(undefined);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
      setLoaded(true);
    }
  };
  useEffect(() => {
    void load({ cluster_id: clusterId, order: 'DESC', limit: LIMIT }, false);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [clusterId, state]);
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
          {loaded && events.length === 0 && !error && (
            <tr>
              <td colSpan={3} className="muted">
                No events.
              </td>
            </tr>
          )}
          {events.map((e, i) => (
            <tr key={`${e.timestamp}-${e.type}-${i}`}>
              <td className="muted">{formatTime(e.timestamp)}</td>
              <td>{e.type}</td>
              <td className="muted small">{eventSummary(e)}</td>
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
