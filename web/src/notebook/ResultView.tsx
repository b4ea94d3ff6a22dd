import { useMemo, useState } from 'react';
import { saveFile } from '../api';
import { usePage } from '../components/common';
import type { Column, Results } from './exec';

export function ResultView({ results }: { results: Results }) {
  switch (results.resultType) {
    case 'table':
      return <TableResult results={results} />;
    case 'error':
      return <ErrorResult results={results} />;
    case 'image':
    case 'images': {
      const files = results.fileNames ?? (results.fileName ? [results.fileName] : []);
      return (
        <div className="result images">
          {files.map((f) => (
            <img key={f} src={f} alt="cell output" />
          ))}
        </div>
      );
    }
    default: {
      const text = typeof results.data === 'string' ? results.data : results.data === undefined ? '' : JSON.stringify(results.data, null, 2);
      if (!text) return null;
      return <pre className="result text">{text}</pre>;
    }
  }
}

function stripHtml(s: string): string {
  return new DOMParser().parseFromString(s, 'text/html').body.textContent ?? s;
}

/** Terminal colours (Python tracebacks may carry them) are noise in a browser. */
export function stripAnsi(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');
}

function ErrorResult({ results }: { results: Results }) {
  const cause = results.cause ? stripAnsi(results.cause) : '';
  const summary = stripAnsi(stripHtml(results.summary ?? '')).trim() || lastLine(cause) || 'The command failed.';
  return (
    <div className="result error-result" role="alert">
      <div className="error-summary">{summary}</div>
      {cause && (
        <details>
          <summary>Show the full trace</summary>
          <pre>{cause}</pre>
        </details>
      )}
    </div>
  );
}

function lastLine(s?: string): string {
  if (!s) return '';
  const lines = s.split('\n').filter((l) => l.trim());
  return lines[lines.length - 1] ?? '';
}

type Value = unknown;

function compare(a: Value, b: Value): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), undefined, { numeric: true });
}

export function cellText(v: Value): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function csvField(v: Value): string {
  if (v === null || v === undefined) return '';
  const s = cellText(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(columns: string[], rows: Value[][]): string {
  return [columns.map(csvField).join(','), ...rows.map((r) => r.map(csvField).join(','))].join('\n') + '\n';
}

function TableResult({ results }: { results: Results }) {
  const columns = (results.schema ?? []).map((c) => c.name);
  const data = useMemo(() => (Array.isArray(results.data) ? (results.data as Value[][]) : []), [results.data]);
  const [sort, setSort] = useState<{ col: number; desc: boolean } | null>(null);
  const [view, setView] = useState<'table' | 'bar' | 'line'>('table');
  const sorted = useMemo(() => {
    if (!sort) return data;
    const copy = [...data];
    copy.sort((x, y) => compare(x[sort.col], y[sort.col]) * (sort.desc ? -1 : 1));
    return copy;
  }, [data, sort]);
  const { rows, pager } = usePage(sorted, 100);
  return (
    <div className="result table-result">
      <div className="result-bar">
        <span data-testid="row-count">
          {data.length} {data.length === 1 ? 'row' : 'rows'}
          {results.truncated ? ' (truncated)' : ''}
        </span>
        <span className="spacer" />
        <select value={view} onChange={(e) => setView(e.target.value as typeof view)} aria-label="Show as">
          <option value="table">Table</option>
          <option value="bar">Bar chart</option>
          <option value="line">Line chart</option>
        </select>
        <button className="link" onClick={() => saveFile('result.csv', toCsv(columns, sorted), 'text/csv')}>
          Download CSV
        </button>
      </div>
      {view === 'table' ? (
        <>
          <div className="table-scroll">
            <table className="grid">
              <thead>
                <tr>
                  {columns.map((c, i) => (
                    <th
                      key={i}
                      onClick={() => setSort(sort?.col === i ? { col: i, desc: !sort.desc } : { col: i, desc: false })}
                      title="Sort"
                    >
                      {c}
                      {sort?.col === i ? (sort.desc ? ' ▼' : ' ▲') : ''}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.map((r, i) => (
                  <tr key={i}>
                    {r.map((v, j) => (
                      <td key={j} className={v === null ? 'null' : typeof v === 'number' ? 'num' : ''}>
                        {cellText(v)}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {pager}
        </>
      ) : (
        <Chart schema={results.schema ?? []} rows={sorted} kind={view} />
      )}
    </div>
  );
}

const NUMERIC = /^(tinyint|smallint|int|integer|bigint|long|short|byte|float|double|decimal.*|real)$/i;

/** Columns worth charting as values: numeric by their Spark type, or by what they hold. */
export function numericColumns(schema: Column[], rows: Value[][]): number[] {
  return schema
    .map((c, i) => ({ c, i }))
    .filter(({ c, i }) =>
      typeof c.type === 'string' ? NUMERIC.test(c.type) : rows.some((r) => typeof r[i] === 'number'),
    )
    .map(({ i }) => i);
}

/** A bar or line chart of one numeric column against another column (at most 200 points). */
function Chart({ schema, rows, kind }: { schema: Column[]; rows: Value[][]; kind: 'bar' | 'line' }) {
  const columns = schema.map((c) => c.name);
  const numeric = numericColumns(schema, rows);
  const [y, setY] = useState(numeric[0] ?? -1);
  const [x, setX] = useState(() => columns.findIndex((_, i) => i !== numeric[0]));
  if (y < 0 || rows.length === 0) return <div className="muted">No numeric column to chart.</div>;
  const xi = x < 0 ? y : x;
  const pts = rows.slice(0, 200).map((r) => ({ label: cellText(r[xi]), v: Number(r[y]) || 0 }));
  const max = Math.max(...pts.map((p) => p.v), 0);
  const min = Math.min(...pts.map((p) => p.v), 0);
  const W = 640;
  const H = 240;
  const span = max - min || 1;
  const step = W / pts.length;
  const yOf = (v: number) => H - ((v - min) / span) * H;
  return (
    <div>
      <div className="result-bar">
        <label className="inline">
          X{' '}
          <select value={xi} onChange={(e) => setX(Number(e.target.value))} aria-label="X axis">
            {columns.map((c, i) => (
              <option key={i} value={i}>
                {c}
              </option>
            ))}
          </select>
        </label>
        <label className="inline">
          Y{' '}
          <select value={y} onChange={(e) => setY(Number(e.target.value))} aria-label="Y axis">
            {numeric.map((i) => (
              <option key={i} value={i}>
                {columns[i]}
              </option>
            ))}
          </select>
        </label>
      </div>
      <svg viewBox={`0 0 ${W} ${H + 20}`} className="chart" role="img" aria-label={`${columns[y]} by ${columns[xi]}`}>
        <line x1={0} x2={W} y1={yOf(0)} y2={yOf(0)} stroke="#999" />
        {kind === 'bar'
          ? pts.map((p, i) => (
              <rect key={i} x={i * step + 1} width={Math.max(1, step - 2)} y={Math.min(yOf(p.v), yOf(0))} height={Math.abs(yOf(p.v) - yOf(0))} fill="#3b6fd8">
                <title>{`${p.label}: ${p.v}`}</title>
              </rect>
            ))
          : (
              <polyline fill="none" stroke="#3b6fd8" strokeWidth={2} points={pts.map((p, i) => `${i * step + step / 2},${yOf(p.v)}`).join(' ')} />
            )}
        {pts.length <= 30 &&
          pts.map((p, i) => (
            <text key={i} x={i * step + step / 2} y={H + 14} fontSize={10} textAnchor="middle" fill="#6b7480">
              {p.label.length > 10 ? p.label.slice(0, 9) + '…' : p.label}
            </text>
          ))}
      </svg>
      <div className="muted small">
        {columns[y]} by {columns[xi]}
        {rows.length > 200 ? ' (first 200 rows)' : ''}
      </div>
    </div>
  );
}
