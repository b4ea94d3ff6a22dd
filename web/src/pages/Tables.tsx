// The metastore's tables, read with SQL on a running cluster (Command Execution 1.2): SHOW
// DATABASES, SHOW TABLES, DESCRIBE TABLE EXTENDED and a 20-row sample. No private API: what the
// page shows is what the user's SQL would show.
import { useEffect, useMemo, useState } from 'react';
import { DataTabs } from './DataTabs';
import { describe } from '../api';
import { usePage, useLoad } from '../components/common';
import { Link, navigate, pathUrl } from '../router';
import { listClusters } from '../notebook/exec';
import { Kernel } from '../notebook/kernel';
import { ResultView, cellText } from '../notebook/ResultView';
import type { Results } from '../notebook/exec';

const CLUSTER_KEY = 'kiln.tables.cluster';

/** A table result's rows as objects by column name. */
interface Rows {
  columns: string[];
  rows: unknown[][];
  truncated: boolean;
  results: Results;
}

async function sql(kernel: Kernel, query: string): Promise<Rows> {
  const done = await kernel.run('sql', query, () => {});
  const r = done.results;
  if (done.status !== 'Finished' || !r || r.resultType === 'error') {
    throw new Error(r?.summary ? stripTags(r.summary) : `The query ended ${done.status}.`);
  }
  if (r.resultType !== 'table') return { columns: [], rows: [], truncated: false, results: r };
  return {
    columns: (r.schema ?? []).map((c) => c.name),
    rows: Array.isArray(r.data) ? (r.data as unknown[][]) : [],
    truncated: !!r.truncated,
    results: r,
  };
}

function stripTags(s: string): string {
  return new DOMParser().parseFromString(s, 'text/html').body.textContent ?? s;
}

/** `name` as a SQL identifier. */
export function quote(name: string): string {
  return '`' + name.replace(/`/g, '``') + '`';
}

function column(r: Rows, ...names: string[]): number {
  for (const n of names) {
    const i = r.columns.indexOf(n);
    if (i >= 0) return i;
  }
  return 0;
}

/** /tables, /tables/<database>, /tables/<database>/<table>. */
export function TablesPage({ path }: { path: string }) {
  const [database, table] = path.split('/').filter(Boolean);
  const clusters = useLoad(listClusters, []);
  const [clusterId, setClusterId] = useState(() => localStorage.getItem(CLUSTER_KEY) ?? '');
  const running = (clusters.data ?? []).filter((c) => c.state === 'RUNNING' || c.state === 'RESIZING');
  const chosen = running.find((c) => c.cluster_id === clusterId) ?? (clusterId ? undefined : running[0]);
  const kernel = useMemo(() => (chosen ? new Kernel(chosen.cluster_id, 'data-tables') : null), [chosen?.cluster_id]);

  return (
    <div>
      <h1>Data</h1>
      <DataTabs active="tables" />
      <div className="attach" data-testid="tables-cluster">
        <label>
          Read with cluster{' '}
          <select
            aria-label="Cluster for tables"
            value={chosen?.cluster_id ?? ''}
            onChange={(e) => {
              setClusterId(e.target.value);
              localStorage.setItem(CLUSTER_KEY, e.target.value);
            }}
          >
            <option value="">Choose a running cluster…</option>
            {running.map((c) => (
              <option key={c.cluster_id} value={c.cluster_id}>
                {c.cluster_name || c.cluster_id}
              </option>
            ))}
          </select>
        </label>
        <span className="muted small">The metastore is shared: every cluster sees the same tables.</span>
      </div>
      {clusters.error ? <div className="error">Clusters are not available: {describe(clusters.error)}</div> : null}
      {clusters.data && running.length === 0 && (
        <p className="muted">
          Tables are read with SQL on a running cluster, and none is running. <Link to="/compute">Start one</Link>.
        </p>
      )}
      {kernel && (
        <div className="tables-browser">
          <Databases kernel={kernel} selected={database} />
          {database && <TableList kernel={kernel} database={database} selected={table} />}
          {database && table && <TableDetail kernel={kernel} database={database} table={table} />}
        </div>
      )}
    </div>
  );
}

function Databases({ kernel, selected }: { kernel: Kernel; selected?: string }) {
  const { data, error, loading } = useLoad(() => sql(kernel, 'SHOW DATABASES'), [kernel]);
  const names = data ? data.rows.map((r) => cellText(r[column(data, 'namespace', 'databaseName')])) : [];
  const { rows, pager } = usePage(names, 100);
  return (
    <nav className="tables-col" data-testid="databases" aria-label="Databases">
      <h3>Databases</h3>
      {loading && !data && <div className="muted">Starting SQL on the cluster…</div>}
      {error ? <div className="error">{describe(error)}</div> : null}
      <ul>
        {rows.map((n) => (
          <li key={n}>
            <Link to={pathUrl('/tables/', n)} className={n === selected ? 'active' : ''}>
              {n}
            </Link>
          </li>
        ))}
      </ul>
      {pager}
    </nav>
  );
}

function TableList({ kernel, database, selected }: { kernel: Kernel; database: string; selected?: string }) {
  const [filter, setFilter] = useState('');
  const [pattern, setPattern] = useState('');
  const { data, error, loading } = useLoad(
    () => sql(kernel, `SHOW TABLES IN ${quote(database)}${pattern ? ` LIKE '${pattern.replace(/'/g, "\\'")}'` : ''}`),
    [kernel, database, pattern],
  );
  const names = data
    ? data.rows
        .map((r) => ({ name: cellText(r[column(data, 'tableName')]), temp: r[column(data, 'isTemporary')] === true }))
        .filter((t) => !t.temp)
        .map((t) => t.name)
    : [];
  const { rows, pager } = usePage(names, 100);
  useEffect(() => setFilter(''), [database]);
  return (
    <nav className="tables-col" data-testid="tables" aria-label="Tables">
      <h3>Tables in {database}</h3>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setPattern(filter.trim() ? `*${filter.trim()}*` : '');
        }}
      >
        <input aria-label="Filter tables" placeholder="Filter…" value={filter} onChange={(e) => setFilter(e.target.value)} />
      </form>
      {loading && !data && <div className="muted">Loading…</div>}
      {error ? <div className="error">{describe(error)}</div> : null}
      {data && names.length === 0 && <div className="muted">No tables.</div>}
      <ul>
        {rows.map((n) => (
          <li key={n}>
            <Link to={pathUrl('/tables/', `${database}/${n}`)} className={n === selected ? 'active' : ''}>
              {n}
            </Link>
          </li>
        ))}
      </ul>
      {data?.truncated && <div className="muted small">Only the first {names.length} are listed: filter to find others.</div>}
      {pager}
    </nav>
  );
}

function TableDetail({ kernel, database, table }: { kernel: Kernel; database: string; table: string }) {
  const name = `${quote(database)}.${quote(table)}`;
  const describeTable = useLoad(() => sql(kernel, `DESCRIBE TABLE EXTENDED ${name}`), [kernel, name]);
  const sample = useLoad(() => sql(kernel, `SELECT * FROM ${name} LIMIT 20`), [kernel, name]);
  const d = describeTable.data;
  // DESCRIBE TABLE EXTENDED: the columns, an empty row, then "# Detailed Table Information" rows.
  const split = d ? d.rows.findIndex((r) => !r[0] || String(r[0]).startsWith('#')) : -1;
  const cols = d ? (split < 0 ? d.rows : d.rows.slice(0, split)) : [];
  const info = d && split >= 0 ? d.rows.slice(split).filter((r) => r[0] && !String(r[0]).startsWith('#') && r[1]) : [];
  const wanted = ['Type', 'Provider', 'Location', 'Owner', 'Created Time', 'Table Properties'];
  return (
    <section className="tables-detail" data-testid="table-detail">
      <div className="toolbar">
        <h2>
          {database}.{table}
        </h2>
        <div className="spacer" />
        <button className="link" onClick={() => navigate(pathUrl('/tables/', database))}>
          Close
        </button>
      </div>
      {describeTable.error ? <div className="error">{describe(describeTable.error)}</div> : null}
      {d && (
        <>
          <h3>Schema</h3>
          <table className="list" data-testid="table-schema">
            <thead>
              <tr>
                <th>Column</th>
                <th>Type</th>
                <th>Comment</th>
              </tr>
            </thead>
            <tbody>
              {cols.map((r, i) => (
                <tr key={i}>
                  <td>{cellText(r[0])}</td>
                  <td>
                    <code>{cellText(r[1])}</code>
                  </td>
                  <td className="muted">{r[2] === null ? '' : cellText(r[2])}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {info.length > 0 && (
            <table className="kv" data-testid="table-info">
              <tbody>
                {info
                  .filter((r) => wanted.includes(String(r[0])))
                  .map((r, i) => (
                    <tr key={i}>
                      <th>{cellText(r[0])}</th>
                      <td>{cellText(r[1])}</td>
                    </tr>
                  ))}
              </tbody>
            </table>
          )}
        </>
      )}
      <h3>Sample (20 rows)</h3>
      {sample.loading && !sample.data && <div className="muted">Loading…</div>}
      {sample.error ? <div className="error">{describe(sample.error)}</div> : null}
      {sample.data && (
        <div data-testid="table-sample">
          <ResultView results={sample.data.results} />
        </div>
      )}
    </section>
  );
}
