// The Jobs API 2.2 as the Databricks wire format has it (snake_case; jobs/get and runs/get page
// their large arrays at 100 elements behind next_page_token).
import { api } from '../api';

const J = '/api/2.2/jobs';

export interface ClusterSpec {
  spark_version?: string;
  node_type_id?: string;
  driver_node_type_id?: string;
  num_workers?: number;
  autoscale?: { min_workers: number; max_workers: number };
  spark_conf?: Record<string, string>;
  [more: string]: unknown;
}

export interface TaskDependency {
  task_key: string;
  outcome?: string;
}

/** A library of a task: exactly one field is set. */
export interface Library {
  jar?: string;
  whl?: string;
  egg?: string;
  requirements?: string;
  pypi?: { package: string; repo?: string };
  maven?: { coordinates: string; repo?: string; exclusions?: string[] };
  cran?: { package: string; repo?: string };
}

/** Who is told of a job's or a task's runs by email (kept by Kiln as sent). */
export interface EmailNotifications {
  on_start?: string[];
  on_success?: string[];
  on_failure?: string[];
  on_duration_warning_threshold_exceeded?: string[];
  no_alert_for_skipped_runs?: boolean;
  [more: string]: unknown;
}

export interface Task {
  task_key: string;
  description?: string;
  depends_on?: TaskDependency[];
  run_if?: string;
  existing_cluster_id?: string;
  new_cluster?: ClusterSpec;
  job_cluster_key?: string;
  notebook_task?: { notebook_path: string; base_parameters?: Record<string, string>; source?: string };
  spark_python_task?: { python_file: string; parameters?: string[]; source?: string };
  spark_jar_task?: { main_class_name: string; parameters?: string[]; jar_uri?: string };
  spark_submit_task?: { parameters: string[] };
  sql_task?: { file?: { path: string; source?: string }; warehouse_id?: string; parameters?: Record<string, string>; [more: string]: unknown };
  condition_task?: { op: string; left: string; right: string };
  libraries?: Library[];
  max_retries?: number;
  min_retry_interval_millis?: number;
  retry_on_timeout?: boolean;
  timeout_seconds?: number;
  [more: string]: unknown;
}

export interface JobCluster {
  job_cluster_key: string;
  new_cluster: ClusterSpec;
}

export interface Schedule {
  quartz_cron_expression: string;
  timezone_id: string;
  pause_status?: 'PAUSED' | 'UNPAUSED';
}

export interface JobSettings {
  name?: string;
  description?: string;
  tasks?: Task[];
  job_clusters?: JobCluster[];
  parameters?: { name: string; default: string }[];
  schedule?: Schedule;
  max_concurrent_runs?: number;
  timeout_seconds?: number;
  email_notifications?: EmailNotifications;
  tags?: Record<string, string>;
  [more: string]: unknown;
}

export interface Job {
  job_id: number;
  creator_user_name?: string;
  run_as_user_name?: string;
  created_time?: number;
  settings?: JobSettings;
  has_more?: boolean;
  next_page_token?: string;
}

export interface RunState {
  life_cycle_state?: string;
  result_state?: string;
  state_message?: string;
  user_cancelled_or_timedout?: boolean;
}

export interface RunStatus {
  state?: string;
  termination_details?: { code?: string; type?: string; message?: string };
}

export interface RunTask extends Task {
  run_id: number;
  state?: RunState;
  status?: RunStatus;
  start_time?: number;
  end_time?: number;
  run_duration?: number;
  setup_duration?: number;
  execution_duration?: number;
  cleanup_duration?: number;
  attempt_number?: number;
  cluster_instance?: { cluster_id?: string; spark_context_id?: string };
}

export interface RepairHistoryItem {
  type?: 'ORIGINAL' | 'REPAIR';
  id?: number;
  start_time?: number;
  end_time?: number;
  state?: RunState;
  task_run_ids?: number[];
}

export interface Run {
  run_id: number;
  job_id?: number;
  run_name?: string;
  number_in_job?: number;
  run_type?: string;
  trigger?: string;
  creator_user_name?: string;
  state?: RunState;
  status?: RunStatus;
  start_time?: number;
  end_time?: number;
  run_duration?: number;
  setup_duration?: number;
  execution_duration?: number;
  cleanup_duration?: number;
  tasks?: RunTask[];
  job_clusters?: JobCluster[];
  job_parameters?: { name: string; default?: string; value?: string }[];
  overriding_parameters?: { notebook_params?: Record<string, string>; [more: string]: unknown };
  repair_history?: RepairHistoryItem[];
  has_more?: boolean;
  next_page_token?: string;
}

export interface RunOutput {
  metadata?: RunTask & Run;
  notebook_output?: { result?: string; truncated?: boolean };
  logs?: string;
  logs_truncated?: boolean;
  error?: string;
  error_trace?: string;
  info?: string;
  sql_output?: unknown;
}

export interface Page<T> {
  items: T[];
  next_page_token?: string;
  prev_page_token?: string;
  has_more?: boolean;
}

export async function listJobs(opts: { limit: number; page_token?: string; name?: string }): Promise<Page<Job>> {
  const r = await api.get<{ jobs?: Job[]; next_page_token?: string; prev_page_token?: string; has_more?: boolean }>(
    `${J}/list`,
    opts,
  );
  return { items: r.jobs ?? [], next_page_token: r.next_page_token, prev_page_token: r.prev_page_token, has_more: r.has_more };
}

/** Appends the pages of arrays that jobs/get and runs/get cut at 100 elements. */
function merge<T extends object>(whole: T, page: T, arrays: (keyof T)[]): T {
  const out = { ...whole };
  for (const k of arrays) {
    const more = page[k] as unknown[] | undefined;
    if (more?.length) out[k] = [...(((whole[k] as unknown[]) ?? []) as unknown[]), ...more] as T[keyof T];
  }
  return out;
}

const MAX_PAGES = 50;

/** A job with all its tasks, job clusters and parameters (every page of jobs/get). */
export async function getJob(jobId: number): Promise<Job> {
  let job = await api.get<Job>(`${J}/get`, { job_id: jobId });
  for (let i = 0, token = job.next_page_token; token && i < MAX_PAGES; i++) {
    const page = await api.get<Job>(`${J}/get`, { job_id: jobId, page_token: token });
    job = { ...job, settings: merge(job.settings ?? {}, page.settings ?? {}, ['tasks', 'job_clusters', 'parameters', 'environments']) };
    token = page.next_page_token;
  }
  delete job.next_page_token;
  return job;
}

export async function createJob(settings: JobSettings): Promise<number> {
  const r = await api.post<{ job_id: number }>(`${J}/create`, settings);
  return r.job_id;
}

export function resetJob(jobId: number, settings: JobSettings) {
  return api.post(`${J}/reset`, { job_id: jobId, new_settings: settings });
}

export function deleteJob(jobId: number) {
  return api.post(`${J}/delete`, { job_id: jobId });
}

export async function runNow(
  jobId: number,
  params: { notebook_params?: Record<string, string>; job_parameters?: Record<string, string> },
): Promise<number> {
  const r = await api.post<{ run_id: number }>(`${J}/run-now`, { job_id: jobId, ...params });
  return r.run_id;
}

export async function listRuns(opts: { job_id?: number; limit: number; page_token?: string; active_only?: boolean }): Promise<Page<Run>> {
  const r = await api.get<{ runs?: Run[]; next_page_token?: string; prev_page_token?: string; has_more?: boolean }>(
    `${J}/runs/list`,
    opts,
  );
  return { items: r.runs ?? [], next_page_token: r.next_page_token, prev_page_token: r.prev_page_token, has_more: r.has_more };
}

/** A run with all its task runs and repair history (every page of runs/get). */
export async function getRun(runId: number): Promise<Run> {
  let run = await api.get<Run>(`${J}/runs/get`, { run_id: runId, include_history: true });
  for (let i = 0, token = run.next_page_token; token && i < MAX_PAGES; i++) {
    const page = await api.get<Run>(`${J}/runs/get`, { run_id: runId, include_history: true, page_token: token });
    run = merge(run, page, ['tasks', 'job_clusters', 'job_parameters', 'repair_history']);
    token = page.next_page_token;
  }
  delete run.next_page_token;
  return run;
}

/** Kiln's dbutils.notebook.run links of a run: the task run that started it, the runs a task run started. */
export interface NotebookLinks {
  run_id: number;
  parent?: { run_id: number; task_run_id: number; task_key: string };
  children?: { run_id: number; notebook_path?: string }[];
}

export function getNotebookLinks(runId: number): Promise<NotebookLinks> {
  return api.get<NotebookLinks>('/api/2.0/kiln/jobs/runs/notebook-links', { run_id: runId });
}

/** The output of one task run (runs/get-output takes a task's run_id). */
export function getOutput(taskRunId: number): Promise<RunOutput> {
  return api.get<RunOutput>(`${J}/runs/get-output`, { run_id: taskRunId });
}

export function cancelRun(runId: number) {
  return api.post(`${J}/runs/cancel`, { run_id: runId });
}

export async function repairRun(req: {
  run_id: number;
  rerun_tasks?: string[];
  rerun_all_failed_tasks?: boolean;
  rerun_dependent_tasks?: boolean;
  latest_repair_id?: number;
}): Promise<number> {
  const r = await api.post<{ repair_id: number }>(`${J}/runs/repair`, req);
  return r.repair_id;
}

/** Terminal life-cycle states: the run or task will not change any more. */
export function isTerminal(state?: RunState): boolean {
  return ['TERMINATED', 'SKIPPED', 'INTERNAL_ERROR'].includes(state?.life_cycle_state ?? '');
}

/** The id repair must name as latest_repair_id (the newest REPAIR of the history), if any. */
export function latestRepairId(run: Run): number | undefined {
  const repairs = (run.repair_history ?? []).filter((h) => h.type === 'REPAIR' && h.id !== undefined);
  return repairs.length ? repairs[repairs.length - 1].id : undefined;
}
