import { useEffect, useState } from 'react';
import { api } from '../api';
import { ErrorBox, useLoad } from '../components/common';
import { Link, navigate } from '../router';
import { useSession } from '../session';
import { listClusters } from '../notebook/exec';
import { createJob, getJob, resetJob, type EmailNotifications, type JobSettings, type Task } from './api';
import { ClusterSpecFields, TaskEditor, type ClusterChoices } from './TaskEditor';
import { parseEmails, toSend, withType } from './tasks';

const CRON_PRESETS: [string, string][] = [
  ['Every hour', '0 0 * * * ?'],
  ['Every day at 06:00', '0 0 6 * * ?'],
  ['Every Monday at 06:00', '0 0 6 ? * MON'],
  ['Every 15 minutes', '0 0/15 * * * ?'],
];

function timeZones(): string[] {
  try {
    return (Intl as unknown as { supportedValuesOf(k: string): string[] }).supportedValuesOf('timeZone');
  } catch {
    return ['UTC'];
  }
}

const EMAIL_EVENTS: [keyof EmailNotifications & string, string][] = [
  ['on_start', 'Email on start'],
  ['on_success', 'Email on success'],
  ['on_failure', 'Email on failure'],
];

/** Addresses as typed (commas kept while typing), turned into a list on every change. */
function Emails(props: { name: string; label: string; value: string[]; onChange: (v: string[]) => void }) {
  const [text, setText] = useState(props.value.join(', '));
  useEffect(() => {
    setText((t) => (parseEmails(t).join(',') === props.value.join(',') ? t : props.value.join(', ')));
  }, [props.value]);
  return (
    <label className="grow">
      {props.label}
      <input
        name={props.name}
        type="text"
        value={text}
        placeholder="ops@example.com, me@example.com"
        onChange={(e) => {
          setText(e.target.value);
          props.onChange(parseEmails(e.target.value));
        }}
      />
    </label>
  );
}

function nextKey(tasks: Task[]): string {
  for (let i = tasks.length + 1; ; i++) {
    const k = `task_${i}`;
    if (!tasks.some((t) => t.task_key === k)) return k;
  }
}

/** Create a job (no jobId) or edit one (jobs/reset with the whole settings). */
export function JobEditorPage({ jobId }: { jobId?: number }) {
  const { me } = useSession();
  const existing = useLoad(() => (jobId ? getJob(jobId) : Promise.resolve(undefined)), [jobId]);
  const choices = useLoad(async (): Promise<Omit<ClusterChoices, 'jobClusterKeys'>> => {
    const [clusters, versions, nodeTypes] = await Promise.all([
      listClusters(),
      api.get<{ versions?: { key: string }[] }>('/api/2.1/clusters/spark-versions'),
      api.get<{ node_types?: { node_type_id: string; is_hidden?: boolean }[] }>('/api/2.1/clusters/list-node-types'),
    ]);
    const v = (versions.versions ?? []).map((x) => x.key);
    const n = (nodeTypes.node_types ?? []).filter((t) => !t.is_hidden).map((t) => t.node_type_id);
    return { clusters, versions: v, nodeTypes: n, defaultSpec: { spark_version: v[0], node_type_id: n[0], num_workers: 0 } };
  }, []);
  const [settings, setSettings] = useState<JobSettings | null>(jobId ? null : { name: '', tasks: [], max_concurrent_runs: 1 });
  const [json, setJson] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (existing.data?.settings) setSettings(existing.data.settings);
  }, [existing.data]);

  useEffect(() => {
    if (!jobId && settings && settings.tasks?.length === 0) {
      setSettings({ ...settings, name: `${me.displayName || me.userName}'s job`, tasks: [withType({ task_key: 'task_1' }, 'notebook')] });
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  if (existing.error) return <ErrorBox error={existing.error} />;
  if (!settings) return <div className="muted">Loading…</div>;

  const tasks = settings.tasks ?? [];
  const jobClusters = settings.job_clusters ?? [];
  const full: ClusterChoices = {
    clusters: choices.data?.clusters ?? [],
    versions: choices.data?.versions ?? [],
    nodeTypes: choices.data?.nodeTypes ?? [],
    defaultSpec: choices.data?.defaultSpec ?? { num_workers: 0 },
    jobClusterKeys: jobClusters.map((c) => c.job_cluster_key),
  };
  const set = (patch: Partial<JobSettings>) => setSettings({ ...settings, ...patch });
  const setTask = (i: number, t: Task) => {
    const old = tasks[i].task_key;
    // A renamed task keeps the dependencies on it.
    const renamed = tasks.map((x, j) =>
      j === i ? t : old !== t.task_key && x.depends_on ? { ...x, depends_on: x.depends_on.map((d) => (d.task_key === old ? { ...d, task_key: t.task_key } : d)) } : x,
    );
    set({ tasks: renamed });
  };
  const removeTask = (i: number) => {
    const key = tasks[i].task_key;
    set({
      tasks: tasks.filter((_, j) => j !== i).map((x) => (x.depends_on ? { ...x, depends_on: x.depends_on.filter((d) => d.task_key !== key) } : x)),
    });
  };
  const schedule = settings.schedule;

  const submit = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const body = toSend(settings);
      if (jobId) {
        await resetJob(jobId, body);
        navigate(`/jobs/${jobId}`);
      } else {
        navigate(`/jobs/${await createJob(body)}`);
      }
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div>
      <div className="breadcrumbs">
        <Link to="/jobs">Jobs</Link>
        {jobId ? (
          <>
            {' / '}
            <Link to={`/jobs/${jobId}`}>{existing.data?.settings?.name ?? jobId}</Link>
          </>
        ) : null}
      </div>
      <h1>{jobId ? 'Edit job' : 'Create job'}</h1>
      <ErrorBox error={choices.error} />
      <form
        className="form wide job-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <div className="row">
          <label className="grow">
            Job name
            <input name="job_name" value={settings.name ?? ''} onChange={(e) => set({ name: e.target.value })} required />
          </label>
          <label>
            Concurrent runs
            <input
              name="max_concurrent_runs"
              type="number"
              min={1}
              value={settings.max_concurrent_runs ?? 1}
              onChange={(e) => set({ max_concurrent_runs: Number(e.target.value) })}
            />
          </label>
          <label>
            Job timeout (seconds, 0 = none)
            <input
              name="job_timeout_seconds"
              type="number"
              min={0}
              value={settings.timeout_seconds ?? 0}
              onChange={(e) => set({ timeout_seconds: Number(e.target.value) })}
            />
          </label>
        </div>
        <div className="row" data-testid="job-emails">
          {EMAIL_EVENTS.map(([k, label]) => (
            <Emails
              key={k}
              name={`email_${k}`}
              label={label}
              value={(settings.email_notifications?.[k] as string[] | undefined) ?? []}
              onChange={(v) => set({ email_notifications: { ...settings.email_notifications, [k]: v } })}
            />
          ))}
        </div>

        <h2>Tasks</h2>
        {tasks.map((t, i) => (
          <TaskEditor
            key={i}
            task={t}
            index={i}
            otherKeys={tasks.filter((_, j) => j !== i).map((x) => x.task_key).filter(Boolean)}
            choices={full}
            onChange={(nt) => setTask(i, nt)}
            onRemove={() => removeTask(i)}
          />
        ))}
        <button
          type="button"
          onClick={() => {
            const prev = tasks[tasks.length - 1];
            const t = withType({ task_key: nextKey(tasks) }, 'notebook');
            // A new task runs after the last one and on its cluster, the common case.
            if (prev) {
              t.depends_on = [{ task_key: prev.task_key }];
              if (prev.existing_cluster_id) t.existing_cluster_id = prev.existing_cluster_id;
              if (prev.job_cluster_key) t.job_cluster_key = prev.job_cluster_key;
            }
            set({ tasks: [...tasks, t] });
          }}
        >
          + Add task
        </button>

        <h2>Job clusters</h2>
        <p className="muted small">Clusters made for each run and shared by its tasks (they end with the run).</p>
        {jobClusters.map((c, i) => (
          <fieldset key={i} className="task-editor" data-testid="job-cluster">
            <div className="row">
              <label>
                Key
                <input
                  name="job_cluster_key"
                  value={c.job_cluster_key}
                  onChange={(e) => set({ job_clusters: jobClusters.map((x, j) => (j === i ? { ...x, job_cluster_key: e.target.value } : x)) })}
                />
              </label>
              <button type="button" className="link danger" onClick={() => set({ job_clusters: jobClusters.filter((_, j) => j !== i) })}>
                Remove
              </button>
            </div>
            <ClusterSpecFields
              spec={c.new_cluster}
              choices={full}
              onChange={(s) => set({ job_clusters: jobClusters.map((x, j) => (j === i ? { ...x, new_cluster: s } : x)) })}
            />
          </fieldset>
        ))}
        <button
          type="button"
          onClick={() =>
            set({ job_clusters: [...jobClusters, { job_cluster_key: `cluster_${jobClusters.length + 1}`, new_cluster: { ...full.defaultSpec } }] })
          }
        >
          + Add job cluster
        </button>

        <h2>Parameters</h2>
        <p className="muted small">Job parameters reach every task; run now can change them.</p>
        {(settings.parameters ?? []).map((p, i) => (
          <div className="row" key={i}>
            <label>
              Name
              <input
                name="param_name"
                value={p.name}
                onChange={(e) => set({ parameters: settings.parameters!.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)) })}
              />
            </label>
            <label>
              Default
              <input
                name="param_default"
                value={p.default}
                onChange={(e) => set({ parameters: settings.parameters!.map((x, j) => (j === i ? { ...x, default: e.target.value } : x)) })}
              />
            </label>
            <button type="button" className="link danger" onClick={() => set({ parameters: settings.parameters!.filter((_, j) => j !== i) })}>
              Remove
            </button>
          </div>
        ))}
        <button type="button" onClick={() => set({ parameters: [...(settings.parameters ?? []), { name: '', default: '' }] })}>
          + Add parameter
        </button>

        <h2>Schedule</h2>
        <label className="check">
          <input
            type="checkbox"
            name="scheduled"
            checked={!!schedule}
            onChange={(e) =>
              set({
                schedule: e.target.checked
                  ? { quartz_cron_expression: '0 0 6 * * ?', timezone_id: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC', pause_status: 'UNPAUSED' }
                  : undefined,
              })
            }
          />{' '}
          Run on a schedule
        </label>
        {schedule && (
          <div className="row">
            <label className="grow">
              Quartz cron expression
              <input
                name="quartz_cron_expression"
                value={schedule.quartz_cron_expression}
                onChange={(e) => set({ schedule: { ...schedule, quartz_cron_expression: e.target.value } })}
              />
              <span className="small muted">seconds minutes hours day-of-month month day-of-week</span>
            </label>
            <label>
              Preset
              <select value="" onChange={(e) => e.target.value && set({ schedule: { ...schedule, quartz_cron_expression: e.target.value } })}>
                <option value="">Choose…</option>
                {CRON_PRESETS.map(([label, cron]) => (
                  <option key={cron} value={cron}>
                    {label}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Time zone
              <input name="timezone_id" list="time-zones" value={schedule.timezone_id} onChange={(e) => set({ schedule: { ...schedule, timezone_id: e.target.value } })} />
              <datalist id="time-zones">
                {timeZones().map((z) => (
                  <option key={z} value={z} />
                ))}
              </datalist>
            </label>
            <label className="check">
              <input
                type="checkbox"
                name="paused"
                checked={schedule.pause_status === 'PAUSED'}
                onChange={(e) => set({ schedule: { ...schedule, pause_status: e.target.checked ? 'PAUSED' : 'UNPAUSED' } })}
              />{' '}
              Paused
            </label>
          </div>
        )}

        <details
          className="json"
          onToggle={(e) => {
            if ((e.target as HTMLDetailsElement).open) setJson(JSON.stringify(toSend(settings), null, 2));
          }}
        >
          <summary>JSON (every field of the Jobs API)</summary>
          <textarea name="json" rows={16} value={json ?? ''} onChange={(e) => setJson(e.target.value)} spellCheck={false} />
          <button
            type="button"
            onClick={() => {
              try {
                setSettings(JSON.parse(json ?? '{}') as JobSettings);
                setError(undefined);
              } catch (e) {
                setError(new Error(`The JSON is not valid: ${(e as Error).message}`));
              }
            }}
          >
            Use this JSON
          </button>
        </details>

        <ErrorBox error={error} />
        <div className="actions">
          <Link to={jobId ? `/jobs/${jobId}` : '/jobs'} className="button">
            Cancel
          </Link>
          <button type="submit" className="primary" disabled={busy}>
            {jobId ? 'Save job' : 'Create job'}
          </button>
        </div>
      </form>
    </div>
  );
}
