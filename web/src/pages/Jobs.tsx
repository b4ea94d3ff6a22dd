import { useState, type ReactNode } from 'react';
import { describe } from '../api';
import { formatTime, useLoad, TokenPager, useTokenPages } from '../components/common';
import { Link } from '../router';
import { listJobs } from '../jobs/api';
import { RunsTable } from '../jobs/RunsTable';
import { JobDetailPage } from '../jobs/JobDetail';
import { JobEditorPage } from '../jobs/JobEditor';
import { RunPage } from '../jobs/RunPage';

const PAGE = 25;

/** /jobs, /jobs?tab=runs, /jobs/create, /jobs/<id>, /jobs/<id>/edit, /jobs/runs/<run_id>. */
export function JobsRoutes({ path, tab }: { path: string; tab: string }) {
  const parts = path.split('/').filter(Boolean); // ["jobs", ...]
  if (parts[1] === 'create') return <JobEditorPage />;
  if (parts[1] === 'runs' && parts[2]) return <Numbered value={parts[2]} what="run">{(id) => <RunPage runId={id} />}</Numbered>;
  if (parts[1] && parts[2] === 'edit') return <Numbered value={parts[1]} what="job">{(id) => <JobEditorPage jobId={id} />}</Numbered>;
  if (parts[1]) return <Numbered value={parts[1]} what="job">{(id) => <JobDetailPage jobId={id} />}</Numbered>;
  return <JobsPage tab={tab} />;
}

function Numbered({ value, what, children }: { value: string; what: string; children: (id: number) => ReactNode }) {
  const id = Number(value);
  if (!Number.isSafeInteger(id) || id <= 0) {
    return (
      <div className="error" role="alert">
        <span>
          “{value}” is not a {what} ID. <Link to="/jobs">Back to the jobs</Link>
        </span>
      </div>
    );
  }
  return <>{children(id)}</>;
}

export function JobsPage({ tab }: { tab: string }) {
  return (
    <div>
      <div className="toolbar">
        <h1>Jobs</h1>
        <div className="spacer" />
        <Link to="/jobs/create" className="button primary">
          Create job
        </Link>
      </div>
      <div className="tabs">
        <Link to="/jobs" className={tab === 'runs' ? '' : 'active'}>
          Jobs
        </Link>
        <Link to="/jobs?tab=runs" className={tab === 'runs' ? 'active' : ''}>
          Runs
        </Link>
      </div>
      {tab === 'runs' ? <RunsTable /> : <JobList />}
    </div>
  );
}

function JobList() {
  const pages = useTokenPages();
  const [filter, setFilter] = useState('');
  const [name, setName] = useState('');
  const { data, error, loading } = useLoad(() => listJobs({ limit: PAGE, page_token: pages.token, name: name || undefined }), [pages.token, name]);
  return (
    <div>
      <form
        className="toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          pages.reset();
          setName(filter.trim());
        }}
      >
        <input aria-label="Job name" placeholder="Job name (exact)" value={filter} onChange={(e) => setFilter(e.target.value)} />
        <button type="submit">Filter</button>
        {name && (
          <button
            type="button"
            className="link"
            onClick={() => {
              setFilter('');
              setName('');
              pages.reset();
            }}
          >
            Show all
          </button>
        )}
      </form>
      {error ? (
        <div className="error" role="alert">
          The jobs could not be listed: {describe(error)}
        </div>
      ) : null}
      {loading && !data && <div className="muted">Loading…</div>}
      {data && (
        <table className="list" data-testid="job-list">
          <thead>
            <tr>
              <th>Name</th>
              <th>Job ID</th>
              <th>Schedule</th>
              <th>Creator</th>
              <th>Created</th>
            </tr>
          </thead>
          <tbody>
            {data.items.length === 0 && (
              <tr>
                <td colSpan={5} className="muted">
                  {name ? `No job is named “${name}”.` : 'No jobs yet.'} <Link to="/jobs/create">Create one</Link>.
                </td>
              </tr>
            )}
            {data.items.map((j) => (
              <tr key={j.job_id} data-job={j.job_id}>
                <td>
                  <Link to={`/jobs/${j.job_id}`}>{j.settings?.name || `Job ${j.job_id}`}</Link>
                </td>
                <td className="muted">{j.job_id}</td>
                <td className="muted">
                  {j.settings?.schedule ? (
                    <>
                      <code>{j.settings.schedule.quartz_cron_expression}</code> {j.settings.schedule.timezone_id}
                      {j.settings.schedule.pause_status === 'PAUSED' ? ' (paused)' : ''}
                    </>
                  ) : (
                    'manual'
                  )}
                </td>
                <td className="muted">{j.creator_user_name}</td>
                <td className="muted">{formatTime(j.created_time)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {data && <TokenPager pages={pages} nextToken={data.next_page_token} />}
    </div>
  );
}
