import { useCallback, useEffect, useRef, useState } from 'react';
import { describe, saveFile, utf8Decode } from '../api';
import { ErrorBox, basename, parentOf } from '../components/common';
import { Link, pathUrl } from '../router';
import { Editor } from '../notebook/Editor';
import { AttachBar, type Attachment } from '../notebook/AttachBar';
import { ResultView } from '../notebook/ResultView';
import { renderMarkdown } from '../notebook/markdown';
import { body, cellKind, parse, write, type Cell } from '../notebook/source';
import * as exec from '../notebook/exec';
import { EXTENSIONS, exportBase64, getStatus, importSource, type Language } from '../workspace';

interface Run {
  status: exec.CommandStatus | 'Submitting';
  started: number;
  finished?: number;
  commandId?: string;
  results?: exec.Results;
  error?: string;
}

interface CellState extends Cell {
  id: number;
  run?: Run;
  editing?: boolean; // for Markdown cells: the editor instead of the rendered text
}

let nextId = 1;
const newCell = (command = ''): CellState => ({ id: nextId++, command, editing: true });

type SaveState = 'saved' | 'dirty' | 'saving' | 'error';

export function NotebookPage({ path }: { path: string }) {
  const [language, setLanguage] = useState<Language>();
  const [cells, setCells] = useState<CellState[]>([]);
  const [loadError, setLoadError] = useState<unknown>();
  const [save, setSave] = useState<SaveState>('saved');
  const [saveError, setSaveError] = useState<string>();
  const [selected, setSelected] = useState(0);
  const [mode, setMode] = useState<'command' | 'edit'>('command');
  const [attachment, setAttachment] = useState<Attachment | null>(null);
  const [runError, setRunError] = useState<string>();
  const cellsRef = useRef(cells);
  cellsRef.current = cells;
  const contextRef = useRef<{ clusterId: string; contextId: string } | null>(null);

  useEffect(() => {
    let live = true;
    (async () => {
      try {
        const info = await getStatus(path);
        if (info.object_type !== 'NOTEBOOK') throw new Error(`${path} is not a notebook.`);
        const lang = info.language ?? 'PYTHON';
        const parsed = parse(utf8Decode(await exportBase64(path, 'SOURCE')), lang);
        if (!live) return;
        setLanguage(lang);
        const loaded = parsed.cells.map((c) => ({ ...c, id: nextId++, editing: false }));
        setCells(loaded.length ? loaded : [newCell()]);
      } catch (e) {
        if (live) setLoadError(e);
      }
    })();
    return () => {
      live = false;
    };
  }, [path]);

  // Autosave: a second after the last edit, the whole notebook as SOURCE (import, overwrite).
  const saveNow = useCallback(async () => {
    if (!language) return;
    setSave('saving');
    try {
      await importSource(path, language, write(cellsRef.current, language), true);
      setSave((s) => (s === 'saving' ? 'saved' : s));
      setSaveError(undefined);
    } catch (e) {
      setSave('error');
      setSaveError(describe(e));
    }
  }, [path, language]);

  useEffect(() => {
    if (save !== 'dirty') return;
    const t = setTimeout(saveNow, 800);
    return () => clearTimeout(t);
  }, [save, cells, saveNow]);

  // Leaving the page inside the autosave delay still saves.
  const pending = useRef<(() => void) | null>(null);
  pending.current = save === 'dirty' ? () => void saveNow() : null;
  useEffect(() => () => pending.current?.(), []);

  useEffect(() => {
    const warn = (e: BeforeUnloadEvent) => {
      if (save === 'dirty' || save === 'saving') e.preventDefault();
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [save]);

  const edit = (fn: (cs: CellState[]) => CellState[]) => {
    setCells((cs) => fn(cs));
    setSave('dirty');
  };
  const patchCell = (id: number, patch: Partial<CellState>) =>
    setCells((cs) => cs.map((c) => (c.id === id ? { ...c, ...patch } : c)));
  const patchRun = (id: number, patch: Partial<Run>) =>
    setCells((cs) => cs.map((c) => (c.id === id && c.run ? { ...c, run: { ...c.run, ...patch } } : c)));

  const insert = (at: number, command = '') => {
    const c = newCell(command);
    edit((cs) => [...cs.slice(0, at), c, ...cs.slice(at)]);
    setSelected(at);
    setMode('edit');
  };
  const removeAt = (at: number) => {
    edit((cs) => (cs.length === 1 ? [newCell()] : cs.filter((_, i) => i !== at)));
    setSelected((s) => Math.max(0, Math.min(s, cellsRef.current.length - 2)));
  };
  const moveCell = (at: number, by: number) => {
    const to = at + by;
    if (to < 0 || to >= cellsRef.current.length) return;
    edit((cs) => {
      const copy = [...cs];
      const [c] = copy.splice(at, 1);
      copy.splice(to, 0, c);
      return copy;
    });
    setSelected(to);
  };

  const context = async (clusterId: string): Promise<string> => {
    if (contextRef.current?.clusterId === clusterId) return contextRef.current.contextId;
    const contextId = await exec.readyContext(clusterId, (language ?? 'PYTHON').toLowerCase());
    contextRef.current = { clusterId, contextId };
    return contextId;
  };

  /** Runs one cell to the end; resolves false when it failed (so Run all stops). */
  const runCell = async (cell: CellState): Promise<boolean> => {
    const kind = cellKind(cell.command, language ?? 'PYTHON');
    if (kind === 'md') {
      patchCell(cell.id, { editing: false });
      return true;
    }
    setRunError(undefined);
    if (!attachment) {
      setRunError('Attach the notebook to a running cluster to run cells.');
      return false;
    }
    if (kind === 'other' || kind === 'sh') {
      patchCell(cell.id, { run: { status: 'Error', started: Date.now(), finished: Date.now(), error: `Kiln cannot run ${cell.command.split(/\s/)[0]} cells.` } });
      return false;
    }
    const started = Date.now();
    patchCell(cell.id, { run: { status: 'Submitting', started } });
    try {
      const clusterId = attachment.clusterId;
      const contextId = await context(clusterId);
      const commandId = await exec.execute(clusterId, contextId, kind, body(cell.command));
      patchRun(cell.id, { status: 'Queued', commandId });
      for (let delay = 250; ; delay = Math.min(delay * 1.5, 1500)) {
        const s = await exec.commandStatus(clusterId, contextId, commandId);
        patchRun(cell.id, { status: s.status, results: s.results });
        if (exec.isDone(s.status)) {
          patchRun(cell.id, { finished: Date.now() });
          return s.status === 'Finished' && s.results?.resultType !== 'error';
        }
        await exec.sleep(delay);
      }
    } catch (e) {
      patchRun(cell.id, { status: 'Error', finished: Date.now(), error: describe(e) });
      if ((e as { errorCode?: string }).errorCode === 'RESOURCE_DOES_NOT_EXIST') contextRef.current = null;
      return false;
    }
  };

  const cancelCell = async (cell: CellState) => {
    const ctx = contextRef.current;
    if (!ctx || !cell.run?.commandId) return;
    try {
      await exec.cancel(ctx.clusterId, ctx.contextId, cell.run.commandId);
      patchRun(cell.id, { status: 'Cancelling' });
    } catch (e) {
      setRunError(describe(e));
    }
  };

  const runMany = async (from: number, to: number) => {
    for (const c of cellsRef.current.slice(from, to)) {
      if (!(await runCell(c))) break;
    }
  };

  const runAndMaybeAdvance = (index: number, advance: boolean) => {
    const cell = cellsRef.current[index];
    if (!cell) return;
    void runCell(cell);
    if (advance) {
      if (index === cellsRef.current.length - 1) insert(index + 1);
      else {
        setSelected(index + 1);
        setMode(cellKind(cellsRef.current[index + 1].command, language ?? 'PYTHON') === 'md' ? 'command' : 'edit');
      }
    }
  };

  // Command mode keys, as in Jupyter and Databricks: A/B insert, DD delete, Enter edits, arrows move.
  const lastKey = useRef<{ key: string; at: number }>({ key: '', at: 0 });
  useEffect(() => {
    if (mode !== 'command') return;
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement;
      if (target.closest('input, select, textarea, .cm-editor, .modal')) return;
      const n = cellsRef.current.length;
      if (e.key === 'Enter' && (e.shiftKey || e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        runAndMaybeAdvance(selected, e.shiftKey);
      } else if (e.key === 'Enter') {
        e.preventDefault();
        patchCell(cellsRef.current[selected].id, { editing: true });
        setMode('edit');
      } else if (e.ctrlKey || e.metaKey || e.altKey) {
        return;
      } else if (e.key === 'a' || e.key === 'A') {
        // No default: the key must not be typed into the new cell's editor, which takes focus.
        e.preventDefault();
        insert(selected);
      } else if (e.key === 'b' || e.key === 'B') {
        e.preventDefault();
        insert(selected + 1);
      } else if (e.key === 'd' || e.key === 'D') {
        e.preventDefault();
        const now = Date.now();
        if (lastKey.current.key === 'd' && now - lastKey.current.at < 800) {
          removeAt(selected);
          lastKey.current = { key: '', at: 0 };
          return;
        }
        lastKey.current = { key: 'd', at: now };
      } else if (e.key === 'ArrowDown' || e.key === 'j') {
        e.preventDefault();
        setSelected((s) => Math.min(n - 1, s + 1));
      } else if (e.key === 'ArrowUp' || e.key === 'k') {
        e.preventDefault();
        setSelected((s) => Math.max(0, s - 1));
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  if (loadError) {
    return (
      <div>
        <ErrorBox error={loadError} />
        <Link to={pathUrl('/workspace', parentOf(path))}>Back to the folder</Link>
      </div>
    );
  }
  if (!language) return <div className="muted">Loading…</div>;

  const anyRunning = cells.some((c) => c.run && !exec.isDone(c.run.status as exec.CommandStatus) && c.run.status !== 'Submitting');

  return (
    <div className="notebook" data-testid="notebook">
      <div className="toolbar">
        <div>
          <div className="breadcrumbs">
            <Link to={pathUrl('/workspace', parentOf(path))}>{parentOf(path)}</Link>
          </div>
          <h1 className="nb-title">{basename(path)}</h1>
        </div>
        <span className="badge">{language.toLowerCase()}</span>
        <span className={`save-state ${save}`} data-testid="save-state" title={saveError}>
          {save === 'saved' ? 'Saved' : save === 'saving' ? 'Saving…' : save === 'dirty' ? 'Unsaved changes' : 'Not saved'}
        </span>
        <div className="spacer" />
        <button onClick={() => void runMany(0, cells.length)}>Run all</button>
        <button
          className="link"
          onClick={() => saveFile(basename(path) + EXTENSIONS[language], write(cells, language), 'text/plain')}
        >
          Export
        </button>
      </div>
      {save === 'error' && <div className="error">Autosave failed: {saveError}</div>}
      <AttachBar notebookPath={path} onChange={(a) => {
        if (a?.clusterId !== contextRef.current?.clusterId) contextRef.current = null;
        setAttachment(a);
      }} />
      {runError && <div className="error">{runError}</div>}
      <div className="cells">
        {cells.map((cell, i) => (
          <CellView
            key={cell.id}
            cell={cell}
            index={i}
            language={language}
            selected={i === selected}
            editing={i === selected && mode === 'edit'}
            onSelect={() => setSelected(i)}
            onChange={(command) => edit((cs) => cs.map((c) => (c.id === cell.id ? { ...c, command } : c)))}
            onRun={(advance) => runAndMaybeAdvance(i, advance)}
            onEscape={() => {
              patchCell(cell.id, { editing: false });
              setMode('command');
              (document.activeElement as HTMLElement | null)?.blur();
            }}
            onFocus={() => {
              setSelected(i);
              setMode('edit');
            }}
            onEditMarkdown={() => {
              patchCell(cell.id, { editing: true });
              setSelected(i);
              setMode('edit');
            }}
            onCancel={() => void cancelCell(cell)}
            onRunAbove={() => void runMany(0, i)}
            onRunBelow={() => void runMany(i, cells.length)}
            onDelete={() => removeAt(i)}
            onMove={(by) => moveCell(i, by)}
            onAddBelow={() => insert(i + 1)}
          />
        ))}
      </div>
      <div className="add-cell">
        <button onClick={() => insert(cells.length)}>+ Code</button>
        <button onClick={() => insert(cells.length, '%md\n')}>+ Text</button>
        {anyRunning && <span className="muted"> Running…</span>}
      </div>
      <p className="muted small help">
        Shift+Enter runs a cell and moves on; Ctrl/⌘+Enter runs it. Esc leaves the editor; then A/B add a cell above/below, D D deletes it,
        ↑/↓ select, Enter edits.
      </p>
    </div>
  );
}

interface CellProps {
  cell: CellState;
  index: number;
  language: Language;
  selected: boolean;
  editing: boolean;
  onSelect: () => void;
  onChange: (command: string) => void;
  onRun: (advance: boolean) => void;
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

function CellView(p: CellProps) {
  const kind = cellKind(p.cell.command, p.language);
  const running = p.cell.run && !['Finished', 'Error', 'Cancelled'].includes(p.cell.run.status);
  const showMarkdown = kind === 'md' && !p.cell.editing;
  return (
    <div
      className={`cell ${p.selected ? 'selected' : ''} ${p.editing ? 'editing' : ''}`}
      data-testid="cell"
      data-kind={kind}
      onMouseDown={p.onSelect}
    >
      <div className="cell-bar">
        <span className="cell-index">[{p.index + 1}]</span>
        <span className="badge">{kind === 'md' ? 'markdown' : kind}</span>
        {p.cell.title && <b>{p.cell.title}</b>}
        <span className="spacer" />
        {running ? (
          <button className="link" onClick={p.onCancel} title="Cancel">
            ■ Cancel
          </button>
        ) : (
          <button className="link" onClick={() => p.onRun(false)} title="Run (Ctrl+Enter)">
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
        <button className="link" onClick={p.onAddBelow} title="Add a cell below" aria-label="Add below">
          +
        </button>
        <button className="link danger" onClick={p.onDelete} title="Delete cell" aria-label="Delete cell">
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

function RunView({ run }: { run: Run }) {
  const [now, setNow] = useState(Date.now());
  const done = run.finished !== undefined;
  useEffect(() => {
    if (done) return;
    const t = setInterval(() => setNow(Date.now()), 200);
    return () => clearInterval(t);
  }, [done]);
  const elapsed = ((run.finished ?? now) - run.started) / 1000;
  return (
    <div className="run">
      <div className={`run-status ${run.status.toLowerCase()}`} data-testid="run-status">
        {run.status} · {elapsed.toFixed(1)} s
      </div>
      {run.error && <div className="error">{run.error}</div>}
      {run.results && <ResultView results={run.results} />}
    </div>
  );
}
