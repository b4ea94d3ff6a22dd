import { describe, expect, it } from 'vitest';
import type { Task } from './api';
import {
  LIBRARY_KINDS, OPS, RUN_IF, TASK_TYPES, cleanEmails, cleanTask, computeOf, describeTask, keyValues, libraryKind, libraryValue,
  parseEmails, parseKeyValues, taskType, toSend, typeLabel, withCompute, withLibrary, withType,
} from './tasks';

const nb: Task = { task_key: 'a', notebook_task: { notebook_path: '/Users/u/etl', source: 'WORKSPACE' } };

describe('taskType', () => {
  it('names each task type the form edits by the field it has', () => {
    expect(taskType(nb)).toBe('notebook');
    expect(taskType({ task_key: 'a', spark_python_task: { python_file: 'x.py' } })).toBe('python');
    expect(taskType({ task_key: 'a', sql_task: { file: { path: '/q.sql' } } })).toBe('sql');
    expect(taskType({ task_key: 'a', condition_task: { op: 'EQUAL_TO', left: '1', right: '1' } })).toBe('condition');
    expect(taskType({ task_key: 'a', spark_jar_task: { main_class_name: 'a.Main' } })).toBe('jar');
    expect(taskType({ task_key: 'a', spark_submit_task: { parameters: ['--class', 'a.Main'] } })).toBe('submit');
  });

  it('is "other" for types the form does not edit', () => {
    expect(taskType({ task_key: 'a', run_job_task: { job_id: 1 } })).toBe('other');
    expect(taskType({ task_key: 'a' })).toBe('other');
  });
});

describe('describeTask', () => {
  it('tells the type and what the task runs', () => {
    expect(describeTask(nb)).toBe('Notebook /Users/u/etl');
    expect(describeTask({ task_key: 'a', spark_python_task: { python_file: 'dbfs:/j.py' } })).toBe('Python dbfs:/j.py');
    expect(describeTask({ task_key: 'a', sql_task: { file: { path: '/q.sql' } } })).toBe('SQL /q.sql');
    expect(describeTask({ task_key: 'a', sql_task: {} })).toBe('SQL');
    expect(describeTask({ task_key: 'a', spark_jar_task: { main_class_name: 'org.Main' } })).toBe('JAR org.Main');
    expect(describeTask({ task_key: 'a', spark_submit_task: { parameters: ['--class', 'M', 'dbfs:/a.jar'] } })).toBe(
      'spark-submit --class M dbfs:/a.jar',
    );
  });

  it('writes a condition with its operator symbol', () => {
    expect(describeTask({ task_key: 'c', condition_task: { op: 'GREATER_THAN', left: '{{job.parameters.n}}', right: '3' } })).toBe(
      'If {{job.parameters.n}} > 3',
    );
    expect(describeTask({ task_key: 'c', condition_task: { op: 'ODD', left: 'a', right: 'b' } })).toBe('If a ODD b');
  });

  it('names other types by their field', () => {
    expect(describeTask({ task_key: 'a', run_job_task: { job_id: 1 } })).toBe('run job');
    expect(describeTask({ task_key: 'a', python_wheel_task: {} })).toBe('python wheel');
    expect(describeTask({ task_key: 'a' })).toBe('task');
  });
});

describe('typeLabel', () => {
  it('is the form label of the type, else the description', () => {
    expect(typeLabel(nb)).toBe('Notebook');
    expect(typeLabel({ task_key: 'a', spark_jar_task: { main_class_name: 'M' } })).toBe('JAR');
    expect(typeLabel({ task_key: 'a', run_job_task: {} })).toBe('run job');
  });

  it('has a label for every type the form offers', () => {
    expect(TASK_TYPES.map(([k]) => k)).toEqual(['notebook', 'python', 'sql', 'jar', 'submit', 'condition']);
  });
});

describe('OPS and RUN_IF', () => {
  it('are the Jobs API enums', () => {
    expect(Object.keys(OPS)).toEqual(['EQUAL_TO', 'NOT_EQUAL', 'GREATER_THAN', 'GREATER_THAN_OR_EQUAL', 'LESS_THAN', 'LESS_THAN_OR_EQUAL']);
    expect(RUN_IF).toEqual(['ALL_SUCCESS', 'AT_LEAST_ONE_SUCCESS', 'NONE_FAILED', 'ALL_DONE', 'AT_LEAST_ONE_FAILED', 'ALL_FAILED']);
  });
});

describe('withType', () => {
  const base: Task = { ...nb, existing_cluster_id: 'c1', max_retries: 2, libraries: [{ pypi: { package: 'x' } }] };

  it('replaces the type field with an empty one of the new type and keeps the rest', () => {
    const t = withType(base, 'python');
    expect(t.notebook_task).toBeUndefined();
    expect(t.spark_python_task).toEqual({ python_file: '' });
    expect(t).toMatchObject({ task_key: 'a', existing_cluster_id: 'c1', max_retries: 2, libraries: [{ pypi: { package: 'x' } }] });
  });

  it('starts each type with its required fields', () => {
    expect(withType(base, 'notebook').notebook_task).toEqual({ notebook_path: '', source: 'WORKSPACE' });
    expect(withType(base, 'sql').sql_task).toEqual({ file: { path: '', source: 'WORKSPACE' } });
    expect(withType(base, 'jar').spark_jar_task).toEqual({ main_class_name: '' });
    expect(withType(base, 'submit').spark_submit_task).toEqual({ parameters: [] });
    expect(withType(base, 'condition').condition_task).toEqual({ op: 'EQUAL_TO', left: '', right: '' });
  });

  it('takes the cluster and libraries away from a condition (it runs on no cluster)', () => {
    const t = withType({ ...base, job_cluster_key: 'j', new_cluster: {} }, 'condition');
    expect(t.existing_cluster_id).toBeUndefined();
    expect(t.job_cluster_key).toBeUndefined();
    expect(t.new_cluster).toBeUndefined();
    expect(t.libraries).toBeUndefined();
  });

  it('removes every other type field, also of types the form does not edit', () => {
    const t = withType({ task_key: 'a', run_job_task: { job_id: 1 }, spark_jar_task: { main_class_name: 'M' } }, 'notebook');
    expect(Object.keys(t).sort()).toEqual(['notebook_task', 'task_key']);
  });

  it('does not change the task it was given', () => {
    withType(base, 'sql');
    expect(base.notebook_task).toBeDefined();
  });
});

describe('computeOf and withCompute', () => {
  const spec = { spark_version: 'v', node_type_id: 'n', num_workers: 0 };

  it('reads where a task runs', () => {
    expect(computeOf({ task_key: 'a', existing_cluster_id: 'c' })).toEqual({ kind: 'existing', id: 'c' });
    expect(computeOf({ task_key: 'a', job_cluster_key: 'j' })).toEqual({ kind: 'job', key: 'j' });
    expect(computeOf({ task_key: 'a', new_cluster: spec })).toEqual({ kind: 'new' });
    expect(computeOf({ task_key: 'a' })).toEqual({ kind: 'none' });
  });

  it('sets exactly one compute field', () => {
    const t: Task = { task_key: 'a', existing_cluster_id: 'c', job_cluster_key: 'j' };
    expect(withCompute(t, { kind: 'job', key: 'k' }, spec)).toEqual({ task_key: 'a', job_cluster_key: 'k' });
    expect(withCompute(t, { kind: 'existing', id: 'x' }, spec)).toEqual({ task_key: 'a', existing_cluster_id: 'x' });
    expect(withCompute(t, { kind: 'none' }, spec)).toEqual({ task_key: 'a' });
  });

  it('starts a new cluster from the default spec, and keeps the one the task had', () => {
    const made = withCompute({ task_key: 'a' }, { kind: 'new' }, spec);
    expect(made.new_cluster).toEqual(spec);
    expect(made.new_cluster).not.toBe(spec);
    const own = { spark_version: 'mine', num_workers: 3 };
    expect(withCompute({ task_key: 'a', new_cluster: own }, { kind: 'new' }, spec).new_cluster).toBe(own);
  });
});

describe('parseKeyValues and keyValues', () => {
  it('reads name=value lines, trimming names and values', () => {
    expect(parseKeyValues(' a = 1 \nb=two words\n\n')).toEqual({ a: '1', b: 'two words' });
  });

  it('splits at the first = only', () => {
    expect(parseKeyValues('expr=a=b')).toEqual({ expr: 'a=b' });
  });

  it('reads a line without = as a name with an empty value', () => {
    expect(parseKeyValues('flag')).toEqual({ flag: '' });
  });

  it('lets a later line win over an earlier one of the same name', () => {
    expect(parseKeyValues('a=1\na=2')).toEqual({ a: '2' });
  });

  it('writes one name=value line per entry and reads it back', () => {
    const map = { a: '1', b: 'x=y', c: '' };
    expect(keyValues(map)).toBe('a=1\nb=x=y\nc=');
    expect(parseKeyValues(keyValues(map))).toEqual(map);
    expect(keyValues(undefined)).toBe('');
  });
});

describe('cleanTask', () => {
  it('leaves out empty dependencies and the default run_if without them', () => {
    expect(cleanTask({ ...nb, depends_on: [], run_if: 'ALL_SUCCESS' })).toEqual(nb);
  });

  it('keeps a run_if other than the default even without dependencies (the API judges it)', () => {
    expect(cleanTask({ ...nb, depends_on: [], run_if: 'ALL_DONE' }).run_if).toBe('ALL_DONE');
  });

  it('keeps dependencies and run_if when there are dependencies', () => {
    const t = { ...nb, depends_on: [{ task_key: 'b' }], run_if: 'ALL_SUCCESS' };
    expect(cleanTask(t)).toEqual(t);
  });

  it('leaves out empty parameters of notebook, python, jar and submit tasks', () => {
    expect(cleanTask({ task_key: 'a', notebook_task: { notebook_path: '/n', base_parameters: {} } }).notebook_task).toEqual({ notebook_path: '/n' });
    expect(cleanTask({ task_key: 'a', spark_python_task: { python_file: 'f', parameters: [] } }).spark_python_task).toEqual({ python_file: 'f' });
    expect(cleanTask({ task_key: 'a', spark_jar_task: { main_class_name: 'M', parameters: [] } }).spark_jar_task).toEqual({ main_class_name: 'M' });
  });

  it('keeps parameters that have values', () => {
    const t: Task = { task_key: 'a', spark_jar_task: { main_class_name: 'M', parameters: ['1'] } };
    expect(cleanTask(t)).toEqual(t);
  });

  it('leaves out an empty description, empty libraries and zero timeout and retries', () => {
    expect(cleanTask({ ...nb, description: '', libraries: [], timeout_seconds: 0, max_retries: 0 })).toEqual(nb);
  });

  it('keeps libraries, a timeout and retries that are set', () => {
    const t: Task = { ...nb, libraries: [{ jar: 'dbfs:/a.jar' }], timeout_seconds: 60, max_retries: -1 };
    expect(cleanTask(t)).toEqual(t);
  });

  it('keeps fields the form does not know', () => {
    const t: Task = { ...nb, health: { rules: [] }, email_notifications: { on_failure: ['a@b.c'] } };
    expect(cleanTask(t)).toEqual(t);
  });
});

describe('libraries', () => {
  it('tells the kind and the value the form shows of each library', () => {
    expect([libraryKind({ jar: 'dbfs:/a.jar' }), libraryValue({ jar: 'dbfs:/a.jar' })]).toEqual(['jar', 'dbfs:/a.jar']);
    expect([libraryKind({ whl: '/w.whl' }), libraryValue({ whl: '/w.whl' })]).toEqual(['whl', '/w.whl']);
    expect([libraryKind({ pypi: { package: 'x==1' } }), libraryValue({ pypi: { package: 'x==1' } })]).toEqual(['pypi', 'x==1']);
    expect([libraryKind({ maven: { coordinates: 'g:a:1' } }), libraryValue({ maven: { coordinates: 'g:a:1' } })]).toEqual(['maven', 'g:a:1']);
  });

  it('calls kinds the form does not edit "other" and shows them as JSON', () => {
    expect(libraryKind({ cran: { package: 'r' } })).toBe('other');
    expect(libraryValue({ requirements: '/r.txt' })).toBe('{"requirements":"/r.txt"}');
  });

  it('counts an empty path as a set field (the user is still typing it)', () => {
    expect(libraryKind({ jar: '' })).toBe('jar');
  });

  it('makes a library of the kind with the value', () => {
    expect(withLibrary({}, 'jar', 'dbfs:/a.jar')).toEqual({ jar: 'dbfs:/a.jar' });
    expect(withLibrary({ jar: 'x' }, 'whl', '/w.whl')).toEqual({ whl: '/w.whl' });
    expect(withLibrary({ jar: 'x' }, 'pypi', 'requests')).toEqual({ pypi: { package: 'requests' } });
    expect(withLibrary({ jar: 'x' }, 'maven', 'g:a:1')).toEqual({ maven: { coordinates: 'g:a:1' } });
  });

  it('keeps the repo and exclusions the form does not show when the kind stays', () => {
    expect(withLibrary({ pypi: { package: 'a', repo: 'https://r' } }, 'pypi', 'b')).toEqual({ pypi: { package: 'b', repo: 'https://r' } });
    expect(withLibrary({ maven: { coordinates: 'g:a:1', exclusions: ['x:y'] } }, 'maven', 'g:a:2')).toEqual({
      maven: { coordinates: 'g:a:2', exclusions: ['x:y'] },
    });
  });

  it('drops the other kind\'s fields when the kind changes', () => {
    expect(withLibrary({ maven: { coordinates: 'g:a:1', repo: 'r' } }, 'pypi', 'p')).toEqual({ pypi: { package: 'p' } });
  });

  it('offers jar, wheel, PyPI and Maven libraries', () => {
    expect(LIBRARY_KINDS.map(([k]) => k)).toEqual(['jar', 'whl', 'pypi', 'maven']);
  });
});

describe('email notifications', () => {
  it('reads addresses between commas, semicolons, spaces and newlines', () => {
    expect(parseEmails(' a@x.org, b@x.org;c@x.org\nd@x.org  ')).toEqual(['a@x.org', 'b@x.org', 'c@x.org', 'd@x.org']);
    expect(parseEmails('')).toEqual([]);
  });

  it('leaves out empty lists and is nothing when nothing is left', () => {
    expect(cleanEmails({ on_start: [], on_failure: ['a@x.org'] })).toEqual({ on_failure: ['a@x.org'] });
    expect(cleanEmails({ on_start: [], on_success: [] })).toBeUndefined();
    expect(cleanEmails(undefined)).toBeUndefined();
  });

  it('keeps flags and fields the form does not show', () => {
    expect(cleanEmails({ no_alert_for_skipped_runs: false, on_duration_warning_threshold_exceeded: ['o@x.org'] })).toEqual({
      no_alert_for_skipped_runs: false,
      on_duration_warning_threshold_exceeded: ['o@x.org'],
    });
  });
});

describe('toSend (the job settings the form sends)', () => {
  const task: Task = { ...nb, existing_cluster_id: 'c', depends_on: [], libraries: [] };

  it('leaves out empty parts of the job and of each task', () => {
    expect(
      toSend({ name: 'j', description: '', tasks: [task], job_clusters: [], parameters: [], timeout_seconds: 0, email_notifications: { on_failure: [] } }),
    ).toEqual({ name: 'j', tasks: [{ ...nb, existing_cluster_id: 'c' }] });
  });

  it('keeps a job timeout and the email lists that have addresses', () => {
    const out = toSend({ name: 'j', tasks: [], timeout_seconds: 3600, email_notifications: { on_start: [], on_failure: ['a@x.org'] } });
    expect(out.timeout_seconds).toBe(3600);
    expect(out.email_notifications).toEqual({ on_failure: ['a@x.org'] });
  });

  it('keeps every setting the form does not show, as it came from jobs/get', () => {
    const settings = {
      name: 'j',
      tasks: [{ ...nb, health: { rules: [{ metric: 'RUN_DURATION_SECONDS', op: 'GREATER_THAN', value: 10 }] } }],
      tags: { team: 'data' },
      git_source: { git_url: 'https://example.com/r.git' },
      queue: { enabled: true },
      email_notifications: { on_success: ['s@x.org'], no_alert_for_skipped_runs: true },
      webhook_notifications: { on_failure: [{ id: 'w' }] },
    };
    expect(toSend(settings)).toEqual(settings);
  });

  it('does not change the settings it was given', () => {
    const settings = { name: 'j', tasks: [task], job_clusters: [] };
    toSend(settings);
    expect(settings.job_clusters).toEqual([]);
    expect(settings.tasks[0].libraries).toEqual([]);
  });
});
