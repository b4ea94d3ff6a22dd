import { useMemo, useState } from 'react';
import { saveFile } from '../api';
import { usePage } from '../components/common';
import type { Results } from './exec';

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

function ErrorResult({ results }: { results: Results }) {
  const summary = stripHtml(results.summary ?? '') || firstLine(results.cause) || 'The command failed.';
  return (
    <div className="result error-result" role="alert">
      <div className="error-summary">{summary}</div>
      {results.cause && (
        <details>
          <summary>Show the full trace</summary>
          <pre>{results.cause}</pre>
        </details>
      )}
    </div>
  );
}

function firstLine(s?: string): string {
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
        <Chart columns={columns} rows={sorted} kind={view} />
      )}
    </div>
  );
}

/** A bar or line chart of the first numeric column against the first column (at most 200 points). */
function Chart({ columns, rows, kind }: { columns: string[]; rows: Value[][]; kind: 'bar' | 'line' }) {
  const y = columns.findIndex((_, i) => rows.some((r) => typeof r[i] === 'number'));
  if (y < 0 || rows.length === 0) return <div className="muted">No numeric column to chart.</div>;
  const x = y === 0 ? (columns.length > 1 ? 1 : 0) : 0;
  const pts = rows.slice(0, 200).map((r) => ({ label: cellText(r[x]), v: Number(r[y]) || 0 }));
  const max = Math.max(...pts.map((p) => p.v), 0);
  const min = Math.min(...pts.map((p) => p.v), 0);
  const W = 640;
  const H = 240;
  const span = max - min || 1;
  const step = W / pts.length;
  const yOf = (v: number) => H - ((v - min) / span) * H;
  return (
    <div>
      <svg viewBox={`0 0 ${W} ${H + 20}`} className="chart" role="img" aria-label={`${columns[y]} by ${columns[x]}`}>
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
      </svg>
      <div className="muted small">
        {columns[y]} by {columns[x]}
        {rows.length > 200 ? ' (first 200 rows)' : ''}
      </div>
    </div>
  );
}
