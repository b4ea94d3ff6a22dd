// The notebook's run queue: cells run one at a time, in the order they were asked to run (as in
// Databricks and Jupyter); a failed cell stops the rest of its batch (Run all, Run above/below).
import { useRef, type MutableRefObject } from 'react';
import { describe } from '../api';
import type { CellState, Run } from './CellView';
import type { Kernel } from './kernel';
import { body, cellKind } from './source';
import { isDone } from './exec';
import type { Language } from '../workspace';

interface Batch {
  failed: boolean;
}

interface Job {
  cellId: number;
  batch: Batch;
}

export interface Runner {
  /** Queues cells (Markdown ones are just rendered); false when nothing could be queued. */
  run: (cells: CellState[]) => void;
  cancel: (cellId: number) => void;
  cancelAll: () => void;
}

export function useRunner(opts: {
  cellsRef: MutableRefObject<CellState[]>;
  setCells: (fn: (cs: CellState[]) => CellState[]) => void;
  kernel: () => Kernel | null;
  language: Language;
  onError: (message: string | undefined) => void;
  onFinished: (cell: CellState) => void;
  /** Waited for before each cell (widget values being given to the context). */
  beforeRun: () => Promise<unknown>;
}): Runner {
  const queue = useRef<Job[]>([]);
  const busy = useRef(false);
  const o = useRef(opts);
  o.current = opts;

  const patch = (id: number, fn: (run: Run | undefined, cell: CellState) => Partial<CellState>) =>
    o.current.setCells((cs) => cs.map((c) => (c.id === id ? { ...c, ...fn(c.run, c) } : c)));
  const patchRun = (id: number, run: Partial<Run>) => patch(id, (r) => (r ? { run: { ...r, ...run } } : {}));
  const current = (id: number) => o.current.cellsRef.current.find((c) => c.id === id);

  /** Runs one cell to its end; false when it failed or was cancelled. */
  const execCell = async (cell: CellState): Promise<boolean> => {
    const kernel = o.current.kernel();
    const kind = cellKind(cell.command, o.current.language);
    const started = Date.now();
    if (!kernel) {
      patchRun(cell.id, { status: 'Error', started, finished: started, error: 'The notebook is not attached to a running cluster.' });
      return false;
    }
    if (kind !== 'python' && kind !== 'sql' && kind !== 'scala') {
      const what = kind === 'r' ? 'R' : cell.command.split(/\s/)[0];
      const error = `Kiln runs Python, SQL and Scala cells; it cannot run ${what} cells.`;
      patchRun(cell.id, { status: 'Error', started, finished: started, error });
      return false;
    }
    patchRun(cell.id, { status: 'Submitting', started });
    try {
      await o.current.beforeRun().catch(() => undefined);
      const done = await kernel.run(kind, body(cell.command), (state, handle) => {
        const now = current(cell.id)?.run;
        if (now?.cancelRequested && !now.handle) void kernel.cancel(handle).catch(() => undefined);
        // A cancel asked for shows as Cancelling until the cluster says the command ended.
        const status = now?.cancelRequested && !isDone(state.status) ? 'Cancelling' : state.status;
        patchRun(cell.id, { status, handle, results: state.results });
      });
      patchRun(cell.id, { status: done.status, results: done.results, finished: Date.now() });
      o.current.onFinished(cell);
      return done.status === 'Finished' && done.results?.resultType !== 'error';
    } catch (e) {
      const cancelled = current(cell.id)?.run?.cancelRequested;
      patchRun(cell.id, { status: cancelled ? 'Cancelled' : 'Error', finished: Date.now(), error: cancelled ? undefined : describe(e) });
      return false;
    }
  };

  const pump = async () => {
    if (busy.current) return;
    busy.current = true;
    try {
      for (let job = queue.current.shift(); job; job = queue.current.shift()) {
        const cell = current(job.cellId);
        if (!cell || cell.run?.status !== 'Waiting') continue; // deleted, or cancelled while waiting
        if (job.batch.failed) {
          patchRun(cell.id, { status: 'Skipped', finished: Date.now() });
          continue;
        }
        if (!(await execCell(cell))) job.batch.failed = true;
      }
    } finally {
      busy.current = false;
    }
  };

  return {
    run(cells) {
      o.current.onError(undefined);
      const batch: Batch = { failed: false };
      const now = Date.now();
      for (const c of cells) {
        if (cellKind(c.command, o.current.language) === 'md') {
          patch(c.id, () => ({ editing: false }));
          continue;
        }
        if (queue.current.some((j) => j.cellId === c.id) || ['Submitting', 'Queued', 'Running', 'Cancelling'].includes(c.run?.status ?? '')) {
          continue; // already waiting or running
        }
        queue.current.push({ cellId: c.id, batch });
        patch(c.id, () => ({ run: { status: 'Waiting', queued: now } }));
      }
      void pump();
    },
    cancel(cellId) {
      const cell = current(cellId);
      const run = cell?.run;
      if (!run) return;
      if (run.status === 'Waiting') {
        queue.current = queue.current.filter((j) => j.cellId !== cellId);
        patchRun(cellId, { status: 'Cancelled', finished: Date.now() });
        return;
      }
      patchRun(cellId, { cancelRequested: true });
      const kernel = o.current.kernel();
      if (run.handle && kernel) {
        patchRun(cellId, { status: 'Cancelling' });
        kernel.cancel(run.handle).catch((e) => o.current.onError(`The cell was not cancelled: ${describe(e)}`));
      }
    },
    cancelAll() {
      const waiting = queue.current.map((j) => j.cellId);
      queue.current = [];
      const now = Date.now();
      o.current.setCells((cs) =>
        cs.map((c) => (waiting.includes(c.id) && c.run?.status === 'Waiting' ? { ...c, run: { ...c.run, status: 'Cancelled', finished: now } } : c)),
      );
      for (const c of o.current.cellsRef.current) {
        if (c.run && ['Submitting', 'Queued', 'Running'].includes(c.run.status)) this.cancel(c.id);
      }
    },
  };
}
