import { useEffect, useState } from 'react';
import { Editor } from './Editor';
import { ResultView } from './ResultView';
import { renderMarkdown } from './markdown';
import { body, cellKind, type Cell } from './source';
import type { Handle } from './kernel';
import type { CommandStatus, Results } from './exec';
import type { Language } from '../workspace';

/** Waiting: in the notebook's queue; Submitting: its context is being made or it is being sent. */
export type RunStatus = 'Waiting' | 'Submitting' | 'Skipped' | CommandStatus;

export interface Run {
  status: RunStatus;
  queued: number;
  started?: number;
  finished?: number;
  handle?: Handle;
  cancelRequested?: boolean;
  results?: Results;
  error?: string;
  /** Kept with the notebook from an earlier session (not run since the page opened). */
  restored?: boolean;
}

export interface CellState extends Cell {
  id: number;
  run?: Run;
  editing?: boolean; // for Markdown cells: the editor instead of the rendered text
}

export function isActive(run?: Run): boolean {
  return !!run && ['Waiting', 'Submitting', 'Queued', 'Running', 'Cancelling'].includes(run.status);
}

interface CellProps {
  cell: CellState;
  index: number;
  language: Language;
  selected: boolean;
  editing: boolean;
  onSelect: () => void;
  onChange: (command: string) => void;
  onRun: (then: 'stay' | 'advance' | 'insert') => void;
  onEscape: () => void;
  onFocus: () => void;
  onEditMarkdown: () => void;
  onCancel: () => void;
  onRunAbove: () => void;
  onRunBelow: () => void;
  onDelete: () => void;
  onMove: (by: number) => void;
  onAddBelow: () => void;
}

export function CellView(p: CellProps) {
  const kind = cellKind(p.cell.command, p.language);
  const active = isActive(p.cell.run);
  const showMarkdown = kind === 'md' && !p.cell.editing;
  return (
    <div
      className={`cell ${p.selected ? 'selected' : ''} ${p.editing ? 'editing' : ''} ${active ? 'active' : ''}`}
      data-testid="cell"
      data-kind={kind}
      onMouseDown={p.onSelect}
    >
      <div className="cell-bar">
        <span className="cell-index">[{p.index + 1}]</span>
        <span className="badge">{kind === 'md' ? 'markdown' : kind}</span>
        {p.cell.title && <b>{p.cell.title}</b>}
        <span className="spacer" />
        {active ? (
          <button className="link" onClick={p.onCancel} title="Cancel this cell">
            ■ Cancel
          </button>
        ) : (
          <button className="link" onClick={() => p.onRun('stay')} title="Run (Ctrl+Enter)">
            ▶ Run
          </button>
        )}
        <button className="link" onClick={p.onRunAbove} title="Run all cells above">
          Run above
        </button>
        <button className="link" onClick={p.onRunBelow} title="Run this cell and all below">
          Run below
        </button>
        <button className="link" onClick={() => p.onMove(-1)} title="Move up" aria-label="Move up">
          ↑
        </button>
        <button className="link" onClick={() => p.onMove(1)} title="Move down" aria-label="Move down">
          ↓
        </button>
        <button className="link" onClick={p.onAddBelow} title="Add a cell below (B)" aria-label="Add below">
          +
        </button>
        <button className="link danger" onClick={p.onDelete} title="Delete cell (D D)" aria-label="Delete cell">
          ✕
        </button>
      </div>
      {showMarkdown ? (
        <div
          className="markdown"
          onDoubleClick={p.onEditMarkdown}
          title="Double-click to edit"
          dangerouslySetInnerHTML={{ __html: renderMarkdown(body(p.cell.command)) || '<p class="muted">Empty text cell</p>' }}
        />
      ) : (
        <Editor
          value={p.cell.command}
          kind={kind}
          focused={p.editing}
          onChange={p.onChange}
          onRun={p.onRun}
          onEscape={p.onEscape}
          onFocus={p.onFocus}
        />
      )}
      {p.cell.run && <RunView run={p.cell.run} />}
    </div>
  );
}

const LABEL: Record<RunStatus, string> = {
  Waiting: 'Waiting to run',
  Submitting: 'Starting',
  Queued: 'Queued',
  Running: 'Running',
  Cancelling: 'Cancelling',
  Finished: 'Finished',
  Cancelled: 'Cancelled',
  Error: 'Failed',
  Skipped: 'Skipped: an earlier cell failed',
};

function seconds(ms: number): string {
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${Math.floor(s - m * 60)} s`;
}

function RunView({ run }: { run: Run }) {
  const [now, setNow] = useState(Date.now());
  const ticking = isActive(run);
  useEffect(() => {
    if (!ticking) return;
    const t = setInterval(() => setNow(Date.now()), 200);
    return () => clearInterval(t);
  }, [ticking]);
  const from = run.started ?? run.queued;
  const elapsed = (run.finished ?? now) - from;
  const failed = run.status === 'Error' || run.results?.resultType === 'error';
  const cls = failed ? 'failed' : run.status.toLowerCase();
  return (
    <div className="run">
      <div className={`run-status ${cls}`} data-testid="run-status" data-status={run.status} data-restored={run.restored ? 'true' : undefined}>
        {ticking && <span className="spinner" aria-hidden="true" />}
        {failed ? 'Failed' : LABEL[run.status]}
        {run.status !== 'Skipped' && run.status !== 'Waiting' && <span data-testid="elapsed"> · {seconds(elapsed)}</span>}
        {run.finished && !run.restored && <span className="muted"> · at {new Date(run.finished).toLocaleTimeString()}</span>}
        {run.finished && run.restored && (
          <span className="muted" data-testid="last-run" title="The last result, kept with the notebook">
            {' '}
            · last run {new Date(run.finished).toLocaleString()}
          </span>
        )}
      </div>
      {run.error && <div className="error">{run.error}</div>}
      {run.results && <ResultView results={run.results} />}
    </div>
  );
}
