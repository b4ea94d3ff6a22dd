import { useEffect, useState } from 'react';
import type { ClusterSpec, Library, Task } from './api';
import {
  LIBRARY_KINDS, OPS, RUN_IF, TASK_TYPES, computeOf, keyValues, libraryKind, libraryValue, parseKeyValues, taskType, withCompute,
  withLibrary, withType, type Compute, type LibraryKind,
} from './tasks';
import type { ClusterSummary } from '../notebook/exec';

export interface ClusterChoices {
  clusters: ClusterSummary[];
  jobClusterKeys: string[];
  versions: string[];
  nodeTypes: string[];
  defaultSpec: ClusterSpec;
}

/** A text area whose text is kept while typing and turned into a value on every change. */
function TextList(props: { label: string; value: string; onChange: (text: string) => void; placeholder?: string; name: string }) {
  const [text, setText] = useState(props.value);
  useEffect(() => {
    // Only take the outside value when it differs in meaning (not on every keystroke).
    setText((t) => (t.trim() === props.value.trim() ? t : props.value));
  }, [props.value]);
  return (
    <label>
      {props.label}
      <textarea
        name={props.name}
        rows={2}
        value={text}
        placeholder={props.placeholder}
        onChange={(e) => {
          setText(e.target.value);
          props.onChange(e.target.value);
        }}
      />
    </label>
  );
}

/** Arguments one per line (kept as typed; empty lines are not arguments). */
function lines(text: string): string[] {
  return text.split('\n').filter((l) => l.trim() !== '');
}

/**
 * The task's libraries, one row each: a kind and its path, package or coordinates. Kinds the form
 * does not edit (egg, requirements, CRAN) are shown read-only and kept.
 */
function Libraries(props: { libraries: Library[]; onChange: (libraries: Library[]) => void }) {
  const { libraries } = props;
  const put = (i: number, l: Library) => props.onChange(libraries.map((x, j) => (j === i ? l : x)));
  return (
    <div className="libraries" data-testid="task-libraries">
      <span className="small muted">Libraries (installed on the task's cluster before it runs)</span>
      {libraries.map((l, i) => {
        const kind = libraryKind(l);
        return (
          <div className="row" key={i} data-testid="library">
            {kind === 'other' ? (
              <code className="grow">{libraryValue(l)}</code>
            ) : (
              <>
                <label>
                  Kind
                  <select name="library_kind" value={kind} onChange={(e) => put(i, withLibrary(l, e.target.value as Exclude<LibraryKind, 'other'>, libraryValue(l)))}>
                    {LIBRARY_KINDS.map(([k, label]) => (
                      <option key={k} value={k}>
                        {label}
                      </option>
                    ))}
                  </select>
                </label>
                <label className="grow">
                  {kind === 'maven' ? 'Coordinates' : kind === 'pypi' ? 'Package' : 'Path'}
                  <input
                    name="library_value"
                    value={libraryValue(l)}
                    placeholder={LIBRARY_KINDS.find(([k]) => k === kind)?.[2]}
                    onChange={(e) => put(i, withLibrary(l, kind, e.target.value))}
                  />
                </label>
              </>
            )}
            <button type="button" className="link danger" onClick={() => props.onChange(libraries.filter((_, j) => j !== i))}>
              Remove
            </button>
          </div>
        );
      })}
      <button type="button" onClick={() => props.onChange([...libraries, { jar: '' }])}>
        + Add library
      </button>
    </div>
  );
}

function computeValue(c: Compute): string {
  if (c.kind === 'existing') return `existing:${c.id}`;
  if (c.kind === 'job') return `job:${c.key}`;
  return c.kind;
}

function parseCompute(v: string): Compute {
  if (v.startsWith('existing:')) return { kind: 'existing', id: v.slice('existing:'.length) };
  if (v.startsWith('job:')) return { kind: 'job', key: v.slice('job:'.length) };
  return v === 'new' ? { kind: 'new' } : { kind: 'none' };
}

export function ClusterSpecFields(props: { spec: ClusterSpec; choices: ClusterChoices; onChange: (spec: ClusterSpec) => void }) {
  const { spec, choices } = props;
  return (
    <div className="row">
      <label>
        Runtime
        <select name="spark_version" value={spec.spark_version ?? ''} onChange={(e) => props.onChange({ ...spec, spark_version: e.target.value })}>
          {!choices.versions.includes(spec.spark_version ?? '') && <option value={spec.spark_version ?? ''}>{spec.spark_version || '—'}</option>}
          {choices.versions.map((v) => (
            <option key={v}>{v}</option>
          ))}
        </select>
      </label>
      <label>
        Node type
        <select name="node_type_id" value={spec.node_type_id ?? ''} onChange={(e) => props.onChange({ ...spec, node_type_id: e.target.value })}>
          {!choices.nodeTypes.includes(spec.node_type_id ?? '') && <option value={spec.node_type_id ?? ''}>{spec.node_type_id || '—'}</option>}
          {choices.nodeTypes.map((v) => (
            <option key={v}>{v}</option>
          ))}
        </select>
      </label>
      <label>
        Workers
        <input
          name="num_workers"
          type="number"
          min={0}
          value={spec.num_workers ?? 0}
          onChange={(e) => props.onChange({ ...spec, num_workers: Number(e.target.value) })}
        />
      </label>
    </div>
  );
}

export function TaskEditor(props: {
  task: Task;
  index: number;
  otherKeys: string[];
  choices: ClusterChoices;
  onChange: (t: Task) => void;
  onRemove: () => void;
}) {
  const { task, choices } = props;
  const type = taskType(task);
  const compute = computeOf(task);
  const set = (patch: Partial<Task>) => props.onChange({ ...task, ...patch });
  const deps = (task.depends_on ?? []).map((d) => d.task_key);
  return (
    <fieldset className="task-editor" data-testid="task-editor" data-task={task.task_key}>
      <legend>Task {props.index + 1}</legend>
      <div className="row">
        <label>
          Task key
          <input name="task_key" value={task.task_key} onChange={(e) => set({ task_key: e.target.value })} placeholder="ingest" required />
        </label>
        <label>
          Type
          <select name="task_type" value={type} onChange={(e) => props.onChange(withType(task, e.target.value as typeof type))}>
            {TASK_TYPES.map(([k, label]) => (
              <option key={k} value={k}>
                {label}
              </option>
            ))}
            {type === 'other' && <option value="other">Other (edit the JSON)</option>}
          </select>
        </label>
        <button type="button" className="link danger" onClick={props.onRemove}>
          Remove task
        </button>
      </div>
      {task.notebook_task && (
        <>
          <label>
            Notebook path
            <input
              name="notebook_path"
              value={task.notebook_task.notebook_path}
              placeholder="/Users/you/etl"
              onChange={(e) => set({ notebook_task: { ...task.notebook_task!, notebook_path: e.target.value } })}
            />
          </label>
          <TextList
            label="Parameters (name=value per line; read with dbutils.widgets.get)"
            name="base_parameters"
            value={keyValues(task.notebook_task.base_parameters)}
            onChange={(text) => set({ notebook_task: { ...task.notebook_task!, base_parameters: parseKeyValues(text) } })}
          />
        </>
      )}
      {task.spark_python_task && (
        <>
          <label>
            Python file
            <input
              name="python_file"
              value={task.spark_python_task.python_file}
              placeholder="/Users/you/job.py or dbfs:/jobs/job.py"
              onChange={(e) => set({ spark_python_task: { ...task.spark_python_task!, python_file: e.target.value } })}
            />
          </label>
          <TextList
            label="Arguments (one per line)"
            name="parameters"
            value={(task.spark_python_task.parameters ?? []).join('\n')}
            onChange={(text) =>
              set({ spark_python_task: { ...task.spark_python_task!, parameters: lines(text) } })
            }
          />
        </>
      )}
      {task.spark_jar_task && (
        <>
          <label>
            Main class
            <input
              name="main_class_name"
              value={task.spark_jar_task.main_class_name}
              placeholder="com.example.Main (its jar is one of the task's libraries)"
              onChange={(e) => set({ spark_jar_task: { ...task.spark_jar_task!, main_class_name: e.target.value } })}
            />
          </label>
          <TextList
            label="Arguments (one per line)"
            name="jar_parameters"
            value={(task.spark_jar_task.parameters ?? []).join('\n')}
            onChange={(text) => set({ spark_jar_task: { ...task.spark_jar_task!, parameters: lines(text) } })}
          />
        </>
      )}
      {task.spark_submit_task && (
        <TextList
          label="spark-submit arguments (one per line: --class, the jar or .py file, its arguments)"
          name="submit_parameters"
          placeholder={'--class\ncom.example.Main\ndbfs:/jars/app.jar\narg1'}
          value={task.spark_submit_task.parameters.join('\n')}
          onChange={(text) => set({ spark_submit_task: { ...task.spark_submit_task!, parameters: lines(text) } })}
        />
      )}
      {task.sql_task && (
        <label>
          SQL file
          <input
            name="sql_file"
            value={task.sql_task.file?.path ?? ''}
            placeholder="/Users/you/report.sql"
            onChange={(e) => set({ sql_task: { ...task.sql_task!, file: { source: 'WORKSPACE', ...task.sql_task!.file, path: e.target.value } } })}
          />
        </label>
      )}
      {task.condition_task && (
        <div className="row">
          <label>
            Left
            <input name="left" value={task.condition_task.left} onChange={(e) => set({ condition_task: { ...task.condition_task!, left: e.target.value } })} />
          </label>
          <label>
            Operator
            <select name="op" value={task.condition_task.op} onChange={(e) => set({ condition_task: { ...task.condition_task!, op: e.target.value } })}>
              {Object.entries(OPS).map(([op, sym]) => (
                <option key={op} value={op}>
                  {sym} ({op})
                </option>
              ))}
            </select>
          </label>
          <label>
            Right
            <input name="right" value={task.condition_task.right} onChange={(e) => set({ condition_task: { ...task.condition_task!, right: e.target.value } })} />
          </label>
        </div>
      )}
      {type !== 'condition' && (
        <>
          <label>
            Cluster
            <select
              name="compute"
              value={computeValue(compute)}
              onChange={(e) => props.onChange(withCompute(task, parseCompute(e.target.value), choices.defaultSpec))}
            >
              <option value="none">Choose a cluster…</option>
              {compute.kind === 'existing' && !choices.clusters.some((c) => c.cluster_id === compute.id) && (
                <option value={computeValue(compute)}>Existing: {compute.id}</option>
              )}
              {choices.clusters.map((c) => (
                <option key={c.cluster_id} value={`existing:${c.cluster_id}`}>
                  Existing: {c.cluster_name || c.cluster_id} ({c.state?.toLowerCase()})
                </option>
              ))}
              {choices.jobClusterKeys.map((k) => (
                <option key={k} value={`job:${k}`}>
                  Job cluster: {k}
                </option>
              ))}
              <option value="new">New cluster for this task</option>
            </select>
          </label>
          {task.new_cluster && <ClusterSpecFields spec={task.new_cluster} choices={choices} onChange={(s) => set({ new_cluster: s })} />}
          <Libraries libraries={task.libraries ?? []} onChange={(libraries) => set({ libraries })} />
        </>
      )}
      {props.otherKeys.length > 0 && (
        <div className="depends">
          <span className="small muted">Depends on</span>
          {props.otherKeys.map((k) => (
            <label key={k} className="check">
              <input
                type="checkbox"
                checked={deps.includes(k)}
                onChange={(e) => {
                  const next = e.target.checked ? [...deps, k] : deps.filter((d) => d !== k);
                  set({ depends_on: next.map((task_key) => ({ task_key })) });
                }}
              />{' '}
              {k}
            </label>
          ))}
          {deps.length > 0 && (
            <label className="inline">
              Run if{' '}
              <select name="run_if" value={task.run_if ?? 'ALL_SUCCESS'} onChange={(e) => set({ run_if: e.target.value })}>
                {RUN_IF.map((r) => (
                  <option key={r}>{r}</option>
                ))}
              </select>
            </label>
          )}
        </div>
      )}
      {type !== 'condition' && (
        <div className="row">
          <label>
            Retries
            <input
              name="max_retries"
              type="number"
              min={-1}
              value={task.max_retries ?? 0}
              onChange={(e) => set({ max_retries: Number(e.target.value) })}
            />
          </label>
          <label>
            Timeout (seconds, 0 = none)
            <input
              name="timeout_seconds"
              type="number"
              min={0}
              value={task.timeout_seconds ?? 0}
              onChange={(e) => set({ timeout_seconds: Number(e.target.value) })}
            />
          </label>
        </div>
      )}
    </fieldset>
  );
}
