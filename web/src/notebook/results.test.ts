import { describe, expect, it } from 'vitest';
import type { CellState, Run } from './CellView';
import { CAP_NOTE, MAX_CHARS, MAX_ROWS, attach, capResults, isKept, resultsPath, storedOf, type StoredResult } from './results';

const finished = (data: unknown): Run => ({ status: 'Finished', queued: 1, started: 2, finished: 3, results: { resultType: 'text', data } });
const cell = (id: number, command: string, run?: Run): CellState => ({ id, command, run });
const kept = (command: string, data: unknown): StoredResult => ({ command, run: finished(data) });

describe('resultsPath', () => {
  it('names the results file by the notebook object_id under /kiln/notebook-results', () => {
    expect(resultsPath(42)).toBe('/kiln/notebook-results/42.json');
  });
});

describe('isKept', () => {
  it('keeps runs that ended: finished, failed or cancelled', () => {
    for (const status of ['Finished', 'Error', 'Cancelled'] as const) expect(isKept({ status, queued: 0 })).toBe(true);
  });

  it('does not keep runs that have not ended, were skipped, or no run at all', () => {
    for (const status of ['Waiting', 'Submitting', 'Queued', 'Running', 'Cancelling', 'Skipped'] as const) {
      expect(isKept({ status, queued: 0 })).toBe(false);
    }
    expect(isKept(undefined)).toBe(false);
  });
});

describe('capResults', () => {
  it('leaves small results as they are', () => {
    const r = { resultType: 'table', data: [[1], [2]], schema: [{ name: 'x' }] };
    expect(capResults(r)).toEqual(r);
  });

  it(`keeps the first ${MAX_ROWS} rows of a table and marks it truncated`, () => {
    const rows = Array.from({ length: MAX_ROWS + 5 }, (_, i) => [i]);
    const out = capResults({ resultType: 'table', data: rows });
    expect(out.data).toHaveLength(MAX_ROWS);
    expect((out.data as number[][])[MAX_ROWS - 1]).toEqual([MAX_ROWS - 1]);
    expect(out.truncated).toBe(true);
  });

  it('does not mark a table of exactly the limit truncated', () => {
    const rows = Array.from({ length: MAX_ROWS }, (_, i) => [i]);
    expect(capResults({ resultType: 'table', data: rows }).truncated).toBeUndefined();
  });

  it(`cuts texts, causes and summaries longer than ${MAX_CHARS} characters and says so`, () => {
    const long = 'x'.repeat(MAX_CHARS + 1);
    const out = capResults({ resultType: 'error', data: long, cause: long, summary: long });
    for (const s of [out.data, out.cause, out.summary] as string[]) {
      expect(s.startsWith('x'.repeat(MAX_CHARS))).toBe(true);
      expect(s).toMatch(/cut: longer results are not kept\)$/);
      expect(s.length).toBeLessThan(MAX_CHARS + 100);
    }
  });

  it('keeps a text of exactly the limit whole', () => {
    const text = 'y'.repeat(MAX_CHARS);
    expect(capResults({ resultType: 'text', data: text }).data).toBe(text);
  });

  it('keeps only the last image of several', () => {
    expect(capResults({ resultType: 'images', fileNames: ['a.png', 'b.png', 'c.png'] }).fileNames).toEqual(['c.png']);
    expect(capResults({ resultType: 'image', fileNames: ['one.png'] }).fileNames).toEqual(['one.png']);
  });

  it('does not change the result it was given', () => {
    const rows = Array.from({ length: MAX_ROWS + 1 }, () => [0]);
    const r = { resultType: 'table', data: rows };
    capResults(r);
    expect(r.data).toHaveLength(MAX_ROWS + 1);
  });
});

describe('storedOf', () => {
  it('is nothing for a cell without an ended run', () => {
    expect(storedOf(cell(1, 'x'))).toBeNull();
    expect(storedOf(cell(1, 'x', { status: 'Running', queued: 1 }))).toBeNull();
  });

  it('keeps the code and the run without its live handle, cancel request or restored mark', () => {
    const run: Run = {
      ...finished('out'),
      handle: { contextId: 'c', commandId: 'k' },
      cancelRequested: true,
      restored: true,
      error: 'e',
    };
    expect(storedOf(cell(7, 'print(1)', run))).toEqual({
      command: 'print(1)',
      run: { status: 'Finished', queued: 1, started: 2, finished: 3, error: 'e', results: { resultType: 'text', data: 'out' } },
    });
  });

  it('cuts the kept results to size', () => {
    const rows = Array.from({ length: MAX_ROWS + 1 }, () => [1]);
    const s = storedOf(cell(1, 'q', { status: 'Finished', queued: 0, results: { resultType: 'table', data: rows } }));
    expect(s?.run.results?.data).toHaveLength(MAX_ROWS);
  });

  it('keeps a failed run without results', () => {
    expect(storedOf(cell(1, 'q', { status: 'Error', queued: 0, error: 'no cluster' }))?.run).toEqual({
      status: 'Error',
      queued: 0,
      started: undefined,
      finished: undefined,
      error: 'no cluster',
      results: undefined,
    });
  });
});

describe('attach', () => {
  it('gives results by position when the notebook has as many cells as were kept, even after edits', () => {
    const cells = [cell(1, 'a = 1  # edited'), cell(2, 'b')];
    const out = attach(cells, [kept('a = 1', 'A'), kept('b', 'B')]);
    expect(out.map((c) => c.run?.results?.data)).toEqual(['A', 'B']);
  });

  it('marks every attached run as restored and keeps the cells otherwise', () => {
    const out = attach([cell(9, 'a')], [kept('a', 'A')]);
    expect(out[0]).toMatchObject({ id: 9, command: 'a', run: { status: 'Finished', restored: true } });
  });

  it('leaves cells without a kept result as they are', () => {
    const cells = [cell(1, 'a'), cell(2, 'b')];
    const out = attach(cells, [null, kept('b', 'B')]);
    expect(out[0]).toBe(cells[0]);
    expect(out[1].run?.results?.data).toBe('B');
  });

  it('matches by identical code, in order, when cells were added or removed elsewhere', () => {
    const cells = [cell(1, 'new'), cell(2, 'a'), cell(3, 'b')];
    const out = attach(cells, [kept('a', 'A'), kept('b', 'B')]);
    expect(out.map((c) => c.run?.results?.data)).toEqual([undefined, 'A', 'B']);
  });

  it('gives each kept result to one cell only when several cells have the same code', () => {
    const cells = [cell(1, 'same'), cell(2, 'same'), cell(3, 'same')];
    const out = attach(cells, [kept('same', 1), kept('same', 2)]);
    expect(out.map((c) => c.run?.results?.data)).toEqual([1, 2, undefined]);
  });

  it('skips empty slots when matching by code', () => {
    const out = attach([cell(1, 'b')], [null, kept('b', 'B'), null]);
    expect(out[0].run?.results?.data).toBe('B');
  });

  it('attaches nothing when no results were kept', () => {
    const cells = [cell(1, 'a')];
    expect(attach(cells, [])).toEqual(cells);
  });

  it('does not share run objects between the kept list and the cells', () => {
    const stored = [kept('a', 'A')];
    const out = attach([cell(1, 'a')], stored);
    expect(stored[0].run.restored).toBeUndefined();
    expect(out[0].run).not.toBe(stored[0].run);
  });
});

describe('CAP_NOTE', () => {
  it('tells the user how much of a result is kept', () => {
    expect(CAP_NOTE).toContain('1,000 rows');
  });
});
