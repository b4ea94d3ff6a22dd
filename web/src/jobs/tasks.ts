import type { ClusterSpec, JobSettings, Library, Task } from './api';

export type TaskType = 'notebook' | 'python' | 'sql' | 'jar' | 'submit' | 'condition' | 'other';

export const TASK_TYPES: [TaskType, string][] = [
  ['notebook', 'Notebook'],
  ['python', 'Python file'],
  ['sql', 'SQL file'],
  ['jar', 'JAR'],
  ['submit', 'spark-submit'],
  ['condition', 'If/else condition'],
];

const TYPE_FIELDS = [
  'notebook_task', 'spark_python_task', 'sql_task', 'condition_task', 'spark_jar_task', 'spark_submit_task',
  'python_wheel_task', 'run_job_task', 'for_each_task', 'pipeline_task', 'dbt_task',
] as const;

export function taskType(t: Task): TaskType {
  if (t.notebook_task) return 'notebook';
  if (t.spark_python_task) return 'python';
  if (t.sql_task) return 'sql';
  if (t.spark_jar_task) return 'jar';
  if (t.spark_submit_task) return 'submit';
  if (t.condition_task) return 'condition';
  return 'other';
}

/** The task's type in words, with what it runs: "Notebook /Users/a/etl". */
export function describeTask(t: Task): string {
  if (t.notebook_task) return `Notebook ${t.notebook_task.notebook_path}`;
  if (t.spark_python_task) return `Python ${t.spark_python_task.python_file}`;
  if (t.sql_task) return `SQL ${t.sql_task.file?.path ?? ''}`.trim();
  if (t.spark_jar_task) return `JAR ${t.spark_jar_task.main_class_name}`;
  if (t.spark_submit_task) return `spark-submit ${t.spark_submit_task.parameters.join(' ')}`;
  if (t.condition_task) return `If ${t.condition_task.left} ${OPS[t.condition_task.op] ?? t.condition_task.op} ${t.condition_task.right}`;
  const field = TYPE_FIELDS.find((f) => t[f]);
  return field ? field.replace(/_task$/, '').replace(/_/g, ' ') : 'task';
}

export function typeLabel(t: Task): string {
  return TASK_TYPES.find(([k]) => k === taskType(t))?.[1] ?? describeTask(t);
}

export const OPS: Record<string, string> = {
  EQUAL_TO: '==',
  NOT_EQUAL: '!=',
  GREATER_THAN: '>',
  GREATER_THAN_OR_EQUAL: '>=',
  LESS_THAN: '<',
  LESS_THAN_OR_EQUAL: '<=',
};

export const RUN_IF = ['ALL_SUCCESS', 'AT_LEAST_ONE_SUCCESS', 'NONE_FAILED', 'ALL_DONE', 'AT_LEAST_ONE_FAILED', 'ALL_FAILED'];

/** The task with another type: the old type's fields go, the new type starts empty. */
export function withType(t: Task, type: TaskType): Task {
  const out: Task = { ...t };
  for (const f of TYPE_FIELDS) delete out[f];
  switch (type) {
    case 'notebook':
      out.notebook_task = { notebook_path: '', source: 'WORKSPACE' };
      break;
    case 'python':
      out.spark_python_task = { python_file: '' };
      break;
    case 'sql':
      out.sql_task = { file: { path: '', source: 'WORKSPACE' } };
      break;
    case 'jar':
      out.spark_jar_task = { main_class_name: '' };
      break;
    case 'submit':
      out.spark_submit_task = { parameters: [] };
      break;
    case 'condition':
      out.condition_task = { op: 'EQUAL_TO', left: '', right: '' };
      delete out.libraries;
      delete out.existing_cluster_id;
      delete out.new_cluster;
      delete out.job_cluster_key;
      break;
    default:
      break;
  }
  return out;
}

export type Compute = { kind: 'existing'; id: string } | { kind: 'job'; key: string } | { kind: 'new' } | { kind: 'none' };

export function computeOf(t: Task): Compute {
  if (t.existing_cluster_id !== undefined) return { kind: 'existing', id: t.existing_cluster_id };
  if (t.job_cluster_key !== undefined) return { kind: 'job', key: t.job_cluster_key };
  if (t.new_cluster) return { kind: 'new' };
  return { kind: 'none' };
}

export function withCompute(t: Task, c: Compute, defaultSpec: ClusterSpec): Task {
  const out: Task = { ...t };
  delete out.existing_cluster_id;
  delete out.job_cluster_key;
  const spec = out.new_cluster;
  delete out.new_cluster;
  if (c.kind === 'existing') out.existing_cluster_id = c.id;
  if (c.kind === 'job') out.job_cluster_key = c.key;
  if (c.kind === 'new') out.new_cluster = spec ?? { ...defaultSpec };
  return out;
}

/** "key=value" lines as a map (and back), for notebook parameters. */
export function parseKeyValues(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    const i = line.indexOf('=');
    if (i < 0) out[line] = '';
    else out[line.slice(0, i).trim()] = line.slice(i + 1).trim();
  }
  return out;
}

export function keyValues(map?: Record<string, string>): string {
  return Object.entries(map ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join('\n');
}

/**
 * The settings as they are sent: empty optional parts left out (no empty depends_on, parameters or
 * run_if without dependencies), so what is stored is what a user of the API would have written.
 */
export function cleanTask(t: Task): Task {
  const out: Task = { ...t };
  if (!out.depends_on?.length) {
    delete out.depends_on;
    if (out.run_if === 'ALL_SUCCESS') delete out.run_if;
  }
  if (out.notebook_task && !Object.keys(out.notebook_task.base_parameters ?? {}).length) {
    const { base_parameters: _drop, ...rest } = out.notebook_task;
    void _drop;
    out.notebook_task = rest;
  }
  if (out.spark_python_task && !out.spark_python_task.parameters?.length) {
    const { parameters: _drop, ...rest } = out.spark_python_task;
    void _drop;
    out.spark_python_task = rest;
  }
  if (out.spark_jar_task && !out.spark_jar_task.parameters?.length) {
    const { parameters: _drop, ...rest } = out.spark_jar_task;
    void _drop;
    out.spark_jar_task = rest;
  }
  if (!out.description) delete out.description;
  if (out.libraries && !out.libraries.length) delete out.libraries;
  // 0 is the API's default for both: "no timeout", "no retry".
  if (out.timeout_seconds === 0) delete out.timeout_seconds;
  if (out.max_retries === 0) delete out.max_retries;
  return out;
}

/** The kinds of library the form edits, and what each one's value is. */
export const LIBRARY_KINDS: [LibraryKind, string, string][] = [
  ['jar', 'JAR', 'dbfs:/FileStore/jars/app.jar'],
  ['whl', 'Python wheel', 'dbfs:/FileStore/wheels/pkg-1.0-py3-none-any.whl'],
  ['pypi', 'PyPI', 'requests==2.32.3'],
  ['maven', 'Maven', 'com.example:lib:1.0'],
];

export type LibraryKind = 'jar' | 'whl' | 'pypi' | 'maven' | 'other';

export function libraryKind(l: Library): LibraryKind {
  if (l.jar !== undefined) return 'jar';
  if (l.whl !== undefined) return 'whl';
  if (l.pypi) return 'pypi';
  if (l.maven) return 'maven';
  return 'other';
}

/** What the form shows of a library: its path, package or coordinates. */
export function libraryValue(l: Library): string {
  if (l.jar !== undefined) return l.jar;
  if (l.whl !== undefined) return l.whl;
  if (l.pypi) return l.pypi.package;
  if (l.maven) return l.maven.coordinates;
  return JSON.stringify(l);
}

/**
 * A library of the kind with the value; a library that keeps its kind keeps the fields the form
 * does not show (a PyPI or Maven repo, Maven exclusions).
 */
export function withLibrary(old: Library, kind: Exclude<LibraryKind, 'other'>, value: string): Library {
  const same = libraryKind(old) === kind;
  switch (kind) {
    case 'jar':
      return { jar: value };
    case 'whl':
      return { whl: value };
    case 'pypi':
      return { pypi: { ...(same ? old.pypi : {}), package: value } };
    case 'maven':
      return { maven: { ...(same ? old.maven : {}), coordinates: value } };
  }
}

/** Email addresses written with commas, semicolons, spaces or newlines between them. */
export function parseEmails(text: string): string[] {
  return text.split(/[\s,;]+/).filter((a) => a !== '');
}

/** Only the parts of email notifications that have addresses (or flags); none when it is empty. */
export function cleanEmails<T extends Record<string, unknown>>(n: T | undefined): T | undefined {
  if (!n) return undefined;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(n)) {
    if (Array.isArray(v) ? v.length > 0 : v !== undefined) out[k] = v;
  }
  return Object.keys(out).length ? (out as T) : undefined;
}

/** What is sent: the form's settings without the empty parts. */
export function toSend(s: JobSettings): JobSettings {
  const out: JobSettings = { ...s, tasks: (s.tasks ?? []).map(cleanTask) };
  if (!out.job_clusters?.length) delete out.job_clusters;
  if (!out.parameters?.length) delete out.parameters;
  if (!out.description) delete out.description;
  if (out.timeout_seconds === 0) delete out.timeout_seconds;
  const emails = cleanEmails(out.email_notifications);
  if (emails) out.email_notifications = emails;
  else delete out.email_notifications;
  return out;
}
