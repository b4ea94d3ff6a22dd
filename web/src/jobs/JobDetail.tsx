import { useState } from 'react';
import { ErrorBox, Modal, formatTime, useLoad } from '../components/common';
import { Link, navigate } from '../router';
import { deleteJob, getJob, runNow, type Job } from './api';
import { RunsTable } from './RunsTable';
import { TaskGraph } from './TaskGraph';
import { describeTask, keyValues, parseKeyValues } from './tasks';

export function JobDetailPage({ jobId }: { jobId: number }) {
  const { data: job, error } = useLoad(() => getJob(jobId), [jobId]);
  const [dialog, setDialog] = useState<'run' | 'delete' | null>(null);
  if (error) {
    return (
      <div>
        <div className="breadcrumbs">
          <Link to="/jobs">Jobs</Link>
        </div>
        <ErrorBox error={error} />
      </div>
    );
  }
  if (!job) return <div className="muted">Loading…</div>;
  const s = job.settings ?? {};
  const tasks = s.tasks ?? [];
  return (
    <div className="job-page">
      <div className="breadcrumbs">
        <Link to="/jobs">Jobs</Link>
      </div>
      <div className="toolbar">
        <h1 data-testid="job-name">{s.name || `Job ${job.job_id}`}</h1>
        <div className="spacer" />
        <button className="primary" onClick={() => setDialog('run')}>
          Run now
        </button>
        <Link to={`/jobs/${jobId}/edit`} className="button">
          Edit
        </Link>
        <button className="danger" onClick={() => setDialog('delete')}>
          Delete
        </button>
      </div>
      <table className="kv" data-testid="job-summary">
        <tbody>
          <tr>
            <th>Job ID</th>
            <td>{job.job_id}</td>
          </tr>
          <tr>
            <th>Schedule</th>
            <td>
              {s.schedule ? (
                <>
                  <code>{s.schedule.quartz_cron_expression}</code> ({s.schedule.timezone_id})
                  {s.schedule.pause_status === 'PAUSED' ? <span className="badge">paused</span> : null}
                </>
              ) : (
                <span className="muted">none (manual runs)</span>
              )}
            </td>
          </tr>
          <tr>
            <th>Tasks</th>
            <td>{tasks.length}</td>
          </tr>
          {(s.parameters ?? []).length > 0 && (
            <tr>
              <th>Parameters</th>
              <td>{s.parameters!.map((p) => `${p.name}=${p.default}`).join(', ')}</td>
            </tr>
          )}
          <tr>
            <th>Concurrent runs</th>
            <td>at most {s.max_concurrent_runs ?? 1}</td>
          </tr>
          <tr>
            <th>Created</th>
            <td>
              {formatTime(job.created_time)} by {job.creator_user_name}
            </td>
          </tr>
        </tbody>
      </table>
      <h2>Tasks</h2>
      <TaskGraph nodes={tasks.map((t) => ({ key: t.task_key, dependsOn: (t.depends_on ?? []).map((d) => d.task_key), detail: describeTask(t) }))} />
      <h2>Runs</h2>
      <RunsTable jobId={jobId} />
      {dialog === 'run' && <RunNowModal job={job} onClose={() => setDialog(null)} />}
      {dialog === 'delete' && (
        <ConfirmModal
          title="Delete job"
          action="Delete"
          text={`Delete the job "${s.name ?? jobId}" and its schedule? Its runs stay in the run list.`}
          onConfirm={async () => {
            await deleteJob(jobId);
            navigate('/jobs');
          }}
          onClose={() => setDialog(null)}
        />
      )}
    </div>
  );
}

export function ConfirmModal(props: { title: string; text: string; action: string; onConfirm: () => Promise<void>; onClose: () => void }) {
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  return (
    <Modal title={props.title} onClose={props.onClose}>
      <p>{props.text}</p>
      <ErrorBox error={error} />
      <div className="actions">
        <button onClick={props.onClose}>Cancel</button>
        <button
          className="primary danger"
          disabled={busy}
          onClick={async () => {
            setBusy(true);
            try {
              await props.onConfirm();
              props.onClose();
            } catch (e) {
              setError(e);
            } finally {
              setBusy(false);
            }
          }}
        >
          {props.action}
        </button>
      </div>
    </Modal>
  );
}

/** Run now: job parameters when the job has them, else notebook parameters (name=value). */
function RunNowModal({ job, onClose }: { job: Job; onClose: () => void }) {
  const s = job.settings ?? {};
  const jobParams = s.parameters ?? [];
  const notebookDefaults: Record<string, string> = {};
  for (const t of s.tasks ?? []) Object.assign(notebookDefaults, t.notebook_task?.base_parameters ?? {});
  const [values, setValues] = useState<Record<string, string>>(Object.fromEntries(jobParams.map((p) => [p.name, p.default])));
  const [text, setText] = useState(keyValues(notebookDefaults));
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  return (
    <Modal title="Run now" onClose={onClose}>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          setError(undefined);
          try {
            const params = jobParams.length ? { job_parameters: values } : { notebook_params: parseKeyValues(text) };
            const runId = await runNow(job.job_id, params);
            onClose();
            navigate(`/jobs/runs/${runId}`);
          } catch (err) {
            setError(err);
          } finally {
            setBusy(false);
          }
        }}
      >
        {jobParams.length > 0 ? (
          jobParams.map((p) => (
            <label key={p.name}>
              {p.name}
              <input name={`param_${p.name}`} value={values[p.name] ?? ''} onChange={(e) => setValues({ ...values, [p.name]: e.target.value })} />
            </label>
          ))
        ) : (
          <label>
            Notebook parameters (name=value per line)
            <textarea name="notebook_params" rows={4} value={text} onChange={(e) => setText(e.target.value)} />
          </label>
        )}
        <ErrorBox error={error} />
        <div className="actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy}>
            Run
          </button>
        </div>
      </form>
    </Modal>
  );
}
