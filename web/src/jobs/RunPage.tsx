import { useEffect, useState } from 'react';
import { describe } from '../api';
import { ErrorBox, Modal, formatTime, useLoad } from '../components/common';
import { Link } from '../router';
import { cancelRun, getNotebookLinks, getOutput, getRun, isTerminal, latestRepairId, repairRun, type Run, type RunTask } from './api';
import { ConfirmModal } from './JobDetail';
import { RunStateBadge, durationMs, formatDuration, stateLabel, stateWord } from './state';
import { TaskGraph } from './TaskGraph';
import { describeTask, typeLabel } from './tasks';

/** The newest attempt of each task (retries and repairs add task runs with the same key). */
export function latestTasks(run: Run): RunTask[] {
  const byKey = new Map<string, RunTask>();
  for (const t of run.tasks ?? []) {
    const prev = byKey.get(t.task_key);
    const newer = !prev || (t.attempt_number ?? 0) > (prev.attempt_number ?? 0) || ((t.attempt_number ?? 0) === (prev.attempt_number ?? 0) && (t.start_time ?? 0) >= (prev.start_time ?? 0));
    if (newer) byKey.set(t.task_key, t);
  }
  return [...byKey.values()];
}

export function RunPage({ runId }: { runId: number }) {
  const { data: run, error, reload } = useLoad(() => getRun(runId), [runId]);
  const [selected, setSelected] = useState<string>();
  const [dialog, setDialog] = useState<'cancel' | 'repair' | null>(null);
  const active = run && !isTerminal(run.state);
  useEffect(() => {
    if (!active) return;
    const t = setTimeout(reload, 2000);
    return () => clearTimeout(t);
  }, [active, run, reload]);

  if (error && !run) {
    return (
      <div>
        <div className="breadcrumbs">
          <Link to="/jobs">Jobs</Link>
        </div>
        <ErrorBox error={error} />
      </div>
    );
  }
  if (!run) return <div className="muted">Loading…</div>;
  const tasks = latestTasks(run);
  const current = tasks.find((t) => t.task_key === selected) ?? tasks.find((t) => stateWord(t.state) !== 'SUCCESS') ?? tasks[0];
  const attempts = (key: string) => (run.tasks ?? []).filter((t) => t.task_key === key).length;
  const params = run.job_parameters?.length
    ? run.job_parameters.map((p) => `${p.name}=${p.value ?? p.default ?? ''}`)
    : Object.entries(run.overriding_parameters?.notebook_params ?? {}).map(([k, v]) => `${k}=${v}`);
  return (
    <div className="job-page">
      <div className="breadcrumbs">
        <Link to="/jobs">Jobs</Link>
        {run.job_id ? (
          <>
            {' / '}
            <Link to={`/jobs/${run.job_id}`}>{run.run_name || `Job ${run.job_id}`}</Link>
          </>
        ) : null}
      </div>
      <div className="toolbar">
        <h1>Run {run.run_id}</h1>
        <RunStateBadge state={run.state} />
        <div className="spacer" />
        {active && <button onClick={() => setDialog('cancel')}>Cancel run</button>}
        {!active && stateWord(run.state) !== 'SUCCESS' && tasks.length > 0 && (
          <button className="primary" onClick={() => setDialog('repair')}>
            Repair run
          </button>
        )}
        <button className="link" onClick={reload}>
          Refresh
        </button>
      </div>
      {error ? <ErrorBox error={error} /> : null}
      <table className="kv" data-testid="run-summary">
        <tbody>
          <tr>
            <th>Started</th>
            <td>{formatTime(run.start_time) || <span className="muted">not yet</span>}</td>
          </tr>
          <tr>
            <th>Duration</th>
            <td data-testid="run-duration">{formatDuration(durationMs(run))}</td>
          </tr>
          <tr>
            <th>Trigger</th>
            <td>
              {run.trigger ?? run.run_type} by {run.creator_user_name}
            </td>
          </tr>
          {run.run_type === 'WORKFLOW_RUN' && <ParentRow runId={run.run_id} />}
          {params.length > 0 && (
            <tr>
              <th>Parameters</th>
              <td>{params.join(', ')}</td>
            </tr>
          )}
          {run.state?.state_message && (
            <tr>
              <th>Message</th>
              <td data-testid="run-message">{run.state.state_message}</td>
            </tr>
          )}
        </tbody>
      </table>
      <h2>Tasks</h2>
      <TaskGraph
        nodes={tasks.map((t) => ({
          key: t.task_key,
          dependsOn: (t.depends_on ?? []).map((d) => d.task_key),
          state: stateWord(t.state),
          detail: [stateLabel(stateWord(t.state)), typeLabel(t), formatDuration(durationMs(t))].filter(Boolean).join(' · '),
        }))}
        selected={current?.task_key}
        onSelect={setSelected}
      />
      {current && <TaskPanel task={current} attempts={attempts(current.task_key)} />}
      {(run.repair_history ?? []).length > 1 && (
        <>
          <h2>Repairs</h2>
          <ul data-testid="repair-history">
            {run.repair_history!.map((h, i) => (
              <li key={i}>
                {h.type === 'ORIGINAL' ? 'Original run' : `Repair ${h.id}`}: {formatTime(h.start_time)} · {stateWord(h.state)} · {h.task_run_ids?.length ?? 0} task
                runs
              </li>
            ))}
          </ul>
        </>
      )}
      {dialog === 'cancel' && (
        <ConfirmModal
          title="Cancel run"
          action="Cancel run"
          text="Cancel this run? Its running tasks are stopped and the tasks not started are skipped."
          onConfirm={async () => {
            await cancelRun(run.run_id);
            reload();
          }}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog === 'repair' && <RepairModal run={run} tasks={tasks} onClose={() => setDialog(null)} onDone={reload} />}
    </div>
  );
}

/** One task run: its state, times, and what runs/get-output says about it. */
function TaskPanel({ task, attempts }: { task: RunTask; attempts: number }) {
  const started = !!task.start_time;
  const output = useLoad(
    () => (started ? getOutput(task.run_id) : Promise.resolve(undefined)),
    [task.run_id, task.state?.life_cycle_state, task.state?.result_state],
  );
  const o = output.data;
  return (
    <section className="task-panel" data-testid="task-output" data-task={task.task_key}>
      <div className="toolbar">
        <h2>{task.task_key}</h2>
        <RunStateBadge state={task.state} />
        <span className="muted">{describeTask(task)}</span>
      </div>
      <div className="muted small">
        {started ? `Started ${formatTime(task.start_time)} · ${formatDuration(durationMs(task))}` : 'Not started'}
        {attempts > 1 ? ` · attempt ${(task.attempt_number ?? 0) + 1} (${attempts} runs)` : ''}
        {task.cluster_instance?.cluster_id && (
          <>
            {' · on '}
            <Link to={`/compute/clusters/${encodeURIComponent(task.cluster_instance.cluster_id)}`}>{task.cluster_instance.cluster_id}</Link>
          </>
        )}
      </div>
      {task.state?.state_message && <p>{task.state.state_message}</p>}
      {output.error ? <div className="error">The output could not be read: {describe(output.error)}</div> : null}
      {o?.error && (
        <div className="error-result" role="alert">
          <div className="error-summary" data-testid="task-error">
            {o.error}
          </div>
          {o.error_trace && (
            <details>
              <summary>Show the full trace</summary>
              <pre>{o.error_trace}</pre>
            </details>
          )}
        </div>
      )}
      {o?.notebook_output?.result !== undefined && (
        <>
          <h3>Notebook result</h3>
          <pre className="result text" data-testid="notebook-result">
            {o.notebook_output.result}
          </pre>
          {o.notebook_output.truncated && <div className="muted small">(truncated)</div>}
        </>
      )}
      {o?.logs !== undefined && o.logs !== '' && (
        <>
          <h3>Output</h3>
          <pre className="result text" data-testid="task-logs">
            {o.logs}
          </pre>
          {o.logs_truncated && <div className="muted small">(only the end is shown)</div>}
        </>
      )}
      {o?.info && <p className="muted">{o.info}</p>}
      {started && <NotebookChildren taskRunId={task.run_id} state={stateWord(task.state)} />}
      {started && o && !o.error && o.notebook_output?.result === undefined && !o.logs && isTerminal(task.state) && (
        <p className="muted">No output.</p>
      )}
    </section>
  );
}

/** The task run whose dbutils.notebook.run started this run. */
function ParentRow({ runId }: { runId: number }) {
  const links = useLoad(() => getNotebookLinks(runId), [runId]);
  const parent = links.data?.parent;
  if (!parent) return null;
  return (
    <tr>
      <th>Started by</th>
      <td data-testid="notebook-parent">
        dbutils.notebook.run in task <Link to={`/jobs/runs/${parent.run_id}`}>{parent.task_key}</Link> of run {parent.run_id}
      </td>
    </tr>
  );
}

/** The runs a task's dbutils.notebook.run calls started. */
function NotebookChildren({ taskRunId, state }: { taskRunId: number; state: string }) {
  const links = useLoad(() => getNotebookLinks(taskRunId), [taskRunId, state]);
  const children = links.data?.children ?? [];
  if (children.length === 0) return null;
  return (
    <>
      <h3>Notebook runs</h3>
      <ul data-testid="notebook-children">
        {children.map((c) => (
          <li key={c.run_id}>
            <Link to={`/jobs/runs/${c.run_id}`}>Run {c.run_id}</Link>
            {c.notebook_path ? <span className="muted"> {c.notebook_path}</span> : null}
          </li>
        ))}
      </ul>
    </>
  );
}

function RepairModal({ run, tasks, onClose, onDone }: { run: Run; tasks: RunTask[]; onClose: () => void; onDone: () => void }) {
  const [chosen, setChosen] = useState<string[]>(tasks.filter((t) => stateWord(t.state) !== 'SUCCESS').map((t) => t.task_key));
  const [dependents, setDependents] = useState(true);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  return (
    <Modal title="Repair run" onClose={onClose}>
      <p className="muted">Runs the chosen tasks again in this run; the others keep their results.</p>
      {tasks.map((t) => (
        <label key={t.task_key} className="check">
          <input
            type="checkbox"
            checked={chosen.includes(t.task_key)}
            onChange={(e) => setChosen(e.target.checked ? [...chosen, t.task_key] : chosen.filter((k) => k !== t.task_key))}
          />{' '}
          {t.task_key} <span className="muted small">({stateWord(t.state)})</span>
        </label>
      ))}
      <label className="check">
        <input type="checkbox" checked={dependents} onChange={(e) => setDependents(e.target.checked)} /> Also rerun the tasks that depend on them
      </label>
      <ErrorBox error={error} />
      <div className="actions">
        <button onClick={onClose}>Cancel</button>
        <button
          className="primary"
          disabled={busy || chosen.length === 0}
          onClick={async () => {
            setBusy(true);
            setError(undefined);
            try {
              await repairRun({ run_id: run.run_id, rerun_tasks: chosen, rerun_dependent_tasks: dependents, latest_repair_id: latestRepairId(run) });
              onClose();
              onDone();
            } catch (e) {
              setError(e);
            } finally {
              setBusy(false);
            }
          }}
        >
          Repair {chosen.length} task{chosen.length === 1 ? '' : 's'}
        </button>
      </div>
    </Modal>
  );
}
