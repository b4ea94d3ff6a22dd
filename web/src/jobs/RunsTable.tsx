import { useEffect } from 'react';
import { describe } from '../api';
import { formatTime, useLoad, TokenPager, useTokenPages } from '../components/common';
import { Link } from '../router';
import { isTerminal, listRuns } from './api';
import { RunStateBadge, durationMs, formatDuration } from './state';

const PAGE = 25;

/** Runs, newest first, a page at a time (runs/list); refreshes while one of them is active. */
export function RunsTable({ jobId, refresh = 0 }: { jobId?: number; refresh?: number }) {
  const pages = useTokenPages();
  const { data, error, loading, reload } = useLoad(
    () => listRuns({ job_id: jobId, limit: PAGE, page_token: pages.token }),
    [jobId, pages.token, refresh],
  );
  const active = (data?.items ?? []).some((r) => !isTerminal(r.state));
  useEffect(() => {
    if (!active) return;
    const t = setTimeout(reload, 2000);
    return () => clearTimeout(t);
  }, [active, data, reload]);
  return (
    <div>
      {error ? (
        <div className="error" role="alert">
          The runs could not be listed: {describe(error)}
        </div>
      ) : null}
      {loading && !data && <div className="muted">Loading…</div>}
      {data && (
        <table className="list" data-testid="run-list">
          <thead>
            <tr>
              <th>Run</th>
              {jobId === undefined && <th>Job</th>}
              <th>Started</th>
              <th>Duration</th>
              <th>State</th>
              <th>Trigger</th>
              <th>Launched by</th>
            </tr>
          </thead>
          <tbody>
            {data.items.length === 0 && (
              <tr>
                <td colSpan={7} className="muted">
                  No runs yet.
                </td>
              </tr>
            )}
            {data.items.map((r) => (
              <tr key={r.run_id} data-run={r.run_id}>
                <td>
                  <Link to={`/jobs/runs/${r.run_id}`}>{r.run_name ? `${r.run_name} #${r.run_id}` : `Run ${r.run_id}`}</Link>
                </td>
                {jobId === undefined && <td>{r.job_id ? <Link to={`/jobs/${r.job_id}`}>{r.job_id}</Link> : <span className="muted">one-time</span>}</td>}
                <td className="muted">{formatTime(r.start_time)}</td>
                <td>{formatDuration(durationMs(r))}</td>
                <td>
                  <RunStateBadge state={r.state} />
                </td>
                <td className="muted">{r.trigger ?? r.run_type}</td>
                <td className="muted">{r.creator_user_name}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {data && <TokenPager pages={pages} nextToken={data.next_page_token} prevLabel="Newer" nextLabel="Older" />}
    </div>
  );
}
