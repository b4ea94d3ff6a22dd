import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { describe, saveFile, utf8Decode } from '../api';
import { ErrorBox, basename, parentOf } from '../components/common';
import { Link, pathUrl } from '../router';
import { AttachBar } from '../notebook/AttachBar';
import { CellView, isActive, type CellState } from '../notebook/CellView';
import { Kernel, type Widget } from '../notebook/kernel';
import { useRunner } from '../notebook/useRunner';
import { WidgetBar } from '../notebook/WidgetBar';
import { CAP_NOTE, attach, isKept, loadResults, saveResults, storedOf, type StoredResult } from '../notebook/results';
import { cellKind, parse, write } from '../notebook/source';
import { EXTENSIONS, exportBase64, getStatus, importSource, type Language } from '../workspace';

let nextId = 1;
const newCell = (command = ''): CellState => ({ id: nextId++, command, editing: true });

type SaveState = 'saved' | 'dirty' | 'saving' | 'error';

export function NotebookPage({ path }: { path: string }) {
  const [language, setLanguage] = useState<Language>();
  const [cells, setCellsState] = useState<CellState[]>([]);
  const [loadError, setLoadError] = useState<unknown>();
  const [save, setSave] = useState<SaveState>('saved');
  const [saveError, setSaveError] = useState<string>();
  const [selected, setSelected] = useState(0);
  const [mode, setMode] = useState<'command' | 'edit'>('command');
  const [kernel, setKernel] = useState<Kernel | null>(null);
  const [runError, setRunError] = useState<string>();
  const [widgets, setWidgets] = useState<Widget[]>([]);
  const [widgetError, setWidgetError] = useState<string>();
  const [objectId, setObjectId] = useState<number>();
  const [resultsError, setResultsError] = useState<string>();
  const [resultsSaving, setResultsSaving] = useState(0);
  // The cells as last set: the run queue reads them between renders.
  const cellsRef = useRef(cells);
  const setCells = useCallback((fn: (cs: CellState[]) => CellState[]) => {
    cellsRef.current = fn(cellsRef.current);
    setCellsState(cellsRef.current);
  }, []);
  const kernelRef = useRef(kernel);
  kernelRef.current = kernel;
  // Widget values on their way to the context: cells run after them.
  const widgetSync = useRef<Promise<unknown>>(Promise.resolve());

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
        let kept: (StoredResult | null)[] = [];
        try {
          kept = await loadResults(info.object_id);
        } catch (e) {
          setResultsError(`The cells' last results could not be read: ${describe(e)}`);
        }
        if (!live) return;
        const cells = loaded.length ? attach(loaded, kept) : [newCell()];
        keptKey.current = resultsKey(keptResults(cells));
        setObjectId(info.object_id);
        setCells(() => cells);
      } catch (e) {
        if (live) setLoadError(e);
      }
    })();
    return () => {
      live = false;
    };
  }, [path, setCells]);

  // The cells' last results, kept with the notebook: a cell running again keeps its previous
  // result until it ends (as in Databricks); they are written when what is kept changes.
  const keptByCell = useRef(new Map<number, StoredResult>());
  const keptKey = useRef('');
  const resultsWrite = useRef<Promise<unknown>>(Promise.resolve());
  const keptResults = useCallback((cs: CellState[]) => {
    const out = cs.map((c) => (isKept(c.run) ? storedOf(c) : isActive(c.run) ? keptByCell.current.get(c.id) ?? null : null));
    keptByCell.current = new Map(cs.flatMap((c, i) => (out[i] ? [[c.id, out[i]!] as const] : [])));
    return out;
  }, []);
  // Before paint: a cell never shows as ended while its result is not yet being written.
  useLayoutEffect(() => {
    if (objectId === undefined) return;
    const kept = keptResults(cells);
    const key = resultsKey(kept);
    if (key === keptKey.current) return;
    // Written at once (a result changes only when a cell ends), one write after another.
    keptKey.current = key;
    setResultsSaving((n) => n + 1);
    resultsWrite.current = resultsWrite.current.then(async () => {
      try {
        await saveResults(objectId, kept);
        setResultsError(undefined);
      } catch (e) {
        keptKey.current = '';
        setResultsError(`The cells' results were not kept: ${describe(e)}`);
      } finally {
        setResultsSaving((n) => n - 1);
      }
    });
  }, [cells, objectId, keptResults]);

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
      if (save === 'dirty' || save === 'saving' || resultsSaving) e.preventDefault();
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [save, resultsSaving]);

  const refreshWidgets = useCallback(async (k: Kernel) => {
    try {
      const ws = await k.widgets();
      if (kernelRef.current === k) {
        setWidgets(ws);
        setWidgetError(undefined);
      }
    } catch (e) {
      if (kernelRef.current === k) setWidgetError(describe(e));
    }
  }, []);

  const runner = useRunner({
    cellsRef,
    setCells,
    kernel: () => kernelRef.current,
    language: language ?? 'PYTHON',
    onError: setRunError,
    beforeRun: () => widgetSync.current,
    onFinished: (cell) => {
      const k = kernelRef.current;
      const kind = cellKind(cell.command, language ?? 'PYTHON');
      // dbutils.widgets.* in Python or Scala, CREATE/REMOVE WIDGET in SQL.
      if (k && (kind === 'python' || kind === 'scala' || kind === 'sql') && /widget/i.test(cell.command)) void refreshWidgets(k);
    },
  });

  const edit = (fn: (cs: CellState[]) => CellState[]) => {
    setCells(fn);
    setSave('dirty');
  };
  const patchCell = (id: number, patch: Partial<CellState>) => setCells((cs) => cs.map((c) => (c.id === id ? { ...c, ...patch } : c)));

  const insert = (at: number, command = '') => {
    const c = newCell(command);
    edit((cs) => [...cs.slice(0, at), c, ...cs.slice(at)]);
    setSelected(at);
    setMode('edit');
  };
  const removeAt = (at: number) => {
    const cell = cellsRef.current[at];
    if (cell && isActive(cell.run)) runner.cancel(cell.id);
    edit((cs) => (cs.length === 1 ? [newCell()] : cs.filter((_, i) => i !== at)));
    setSelected((s) => Math.max(0, Math.min(s, cellsRef.current.length - 1)));
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

  const runRange = (from: number, to: number) => {
    if (!kernelRef.current && cellsRef.current.slice(from, to).some((c) => cellKind(c.command, language ?? 'PYTHON') !== 'md')) {
      setRunError('Attach the notebook to a running cluster to run cells.');
      return;
    }
    runner.run(cellsRef.current.slice(from, to));
  };

  /** Runs a cell, then stays, moves to the next cell (adding one at the end) or inserts one below. */
  const runAt = (index: number, then: 'stay' | 'advance' | 'insert') => {
    if (!cellsRef.current[index]) return;
    runRange(index, index + 1);
    if (then === 'stay') return;
    if (then === 'insert' || index === cellsRef.current.length - 1) insert(index + 1);
    else {
      setSelected(index + 1);
      setMode(cellKind(cellsRef.current[index + 1].command, language ?? 'PYTHON') === 'md' ? 'command' : 'edit');
    }
  };

  const clearState = async () => {
    const k = kernelRef.current;
    runner.cancelAll();
    setWidgets([]);
    setWidgetError(undefined);
    if (!k) return;
    // A new kernel: whatever the old one still answers (a widget refresh) is ignored.
    const fresh = new Kernel(k.clusterId, path);
    kernelRef.current = fresh;
    setKernel(fresh);
    await k.reset();
  };

  // Command mode keys, as in Jupyter and Databricks: A/B insert, DD delete, Enter edits, arrows move.
  const lastKey = useRef<{ key: string; at: number }>({ key: '', at: 0 });
  useEffect(() => {
    if (mode !== 'command') return;
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement;
      if (target.closest('input, select, textarea, .cm-editor, .modal')) return;
      const n = cellsRef.current.length;
      if (e.key === 'Enter' && (e.shiftKey || e.ctrlKey || e.metaKey || e.altKey)) {
        e.preventDefault();
        runAt(selected, e.shiftKey ? 'advance' : e.altKey ? 'insert' : 'stay');
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

  const anyActive = cells.some((c) => isActive(c.run));

  return (
    <div className="notebook" data-testid="notebook" data-results={resultsSaving ? 'saving' : 'saved'}>
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
        <button className="primary" onClick={() => runRange(0, cellsRef.current.length)}>
          Run all
        </button>
        {anyActive && (
          <button onClick={() => runner.cancelAll()} title="Cancel the running cell and those waiting">
            Stop
          </button>
        )}
        <button
          className="link"
          title="Remove every cell's result, here and where it is kept with the notebook"
          onClick={() => {
            keptByCell.current.clear();
            setCells((cs) => cs.map((c) => (isActive(c.run) ? c : { ...c, run: undefined })));
          }}
        >
          Clear results
        </button>
        <button
          className="link"
          disabled={!kernel}
          onClick={() => void clearState()}
          title="Forget the notebook's variables on the cluster (its execution contexts end)"
        >
          Clear state
        </button>
        <button className="link" onClick={() => saveFile(basename(path) + EXTENSIONS[language], write(cells, language), 'text/plain')}>
          Export
        </button>
      </div>
      {save === 'error' && <div className="error">Autosave failed: {saveError}</div>}
      <AttachBar
        notebookPath={path}
        onChange={(a) => {
          const k = kernelRef.current;
          if (a && k?.clusterId === a.clusterId) return;
          if (!a) {
            setKernel(null);
            return;
          }
          const fresh = new Kernel(a.clusterId, path);
          kernelRef.current = fresh;
          setKernel(fresh);
          setWidgets([]);
          if (fresh.hasContext('python') || fresh.hasContext('sql') || fresh.hasContext('scala')) void refreshWidgets(fresh);
        }}
        onDetach={(clusterId) => {
          // Choosing another cluster (or none) ends this notebook's contexts on the old one.
          runner.cancelAll();
          setWidgets([]);
          void new Kernel(clusterId, path).reset();
        }}
      />
      <WidgetBar
        widgets={widgets}
        error={widgetError}
        onSet={async (name, value) => {
          const k = kernelRef.current;
          if (!k) return;
          const set = widgetSync.current.then(() => k.setWidget(name, value));
          widgetSync.current = set.catch(() => undefined);
          try {
            await set;
            await refreshWidgets(k);
          } catch (e) {
            setWidgetError(describe(e));
          }
        }}
      />
      {runError && <div className="error">{runError}</div>}
      {resultsError && <div className="error">{resultsError}</div>}
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
            onRun={(then) => runAt(i, then)}
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
            onCancel={() => runner.cancel(cell.id)}
            onRunAbove={() => runRange(0, i)}
            onRunBelow={() => runRange(i, cellsRef.current.length)}
            onDelete={() => removeAt(i)}
            onMove={(by) => moveCell(i, by)}
            onAddBelow={() => insert(i + 1)}
          />
        ))}
      </div>
      <div className="add-cell">
        <button onClick={() => insert(cells.length)}>+ Code</button>
        <button onClick={() => insert(cells.length, '%md\n')}>+ Text</button>
        {anyActive && <span className="muted"> Running…</span>}
      </div>
      <p className="muted small help">
        Shift+Enter runs a cell and moves on; Ctrl/⌘+Enter runs it; Alt+Enter runs it and adds a cell below. Esc leaves the editor;
        then A/B add a cell above/below, D D deletes it, ↑/↓ select, Enter edits. Cells run one at a time, in order; %python, %sql,
        %scala and %md on a cell's first line choose its language. {CAP_NOTE}
      </p>
    </div>
  );
}

/** What changes when the kept results change: each position's status and end time. */
function resultsKey(kept: (StoredResult | null)[]): string {
  return kept.map((k) => (k ? `${k.run.status}@${k.run.finished}` : '-')).join(',');
}
