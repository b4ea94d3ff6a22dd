import { api, describe } from '../api';
import { formatTime, useLoad, useTokenPages } from '../components/common';

interface Job {
  job_id: number;
  settings?: { name?: string; schedule?: { quartz_cron_expression?: string } };
  creator_user_name?: string;
  created_time?: number;
}

/** The jobs list (read-only for now; editing and runs come with the Jobs API). */
export function JobsPage() {
  const pages = useTokenPages();
  const { data, error, loading } = useLoad(
    () => api.get<{ jobs?: Job[]; next_page_token?: string }>('/api/2.2/jobs/list', { limit: 25, page_token: pages.token }),
    [pages.token],
  );
  return (
    <div>
      <h1>Jobs</h1>
      {error ? (
        <div className="error" role="alert">
          Jobs are not available on this server yet: {describe(error)}
        </div>
      ) : null}
      {loading && !data && <div className="muted">Loading…</div>}
      {data && (
        <table className="list" data-testid="job-list">
          <thead>
            <tr>
              <th>Name</th>
              <th>Schedule</th>
              <th>Creator</th>
              <th>Created</th>
            </tr>
          </thead>
          <tbody>
            {(data.jobs ?? []).length === 0 && (
              <tr>
                <td colSpan={4} className="muted">
                  No jobs.
                </td>
              </tr>
            )}
            {(data.jobs ?? []).map((j) => (
              <tr key={j.job_id}>
                <td>{j.settings?.name ?? j.job_id}</td>
                <td className="muted">{j.settings?.schedule?.quartz_cron_expression ?? 'manual'}</td>
                <td className="muted">{j.creator_user_name}</td>
                <td className="muted">{formatTime(j.created_time)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {data && (pages.index > 0 || data.next_page_token) && (
        <div className="pager">
          <button disabled={pages.index === 0} onClick={pages.prev}>
            ‹ Previous
          </button>
          <span>Page {pages.index + 1}</span>
          <button disabled={!data.next_page_token} onClick={() => pages.next(data.next_page_token)}>
            Next ›
          </button>
        </div>
      )}
    </div>
  );
}
