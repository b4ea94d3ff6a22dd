// A notebook's last cell results, kept with the notebook as Databricks does, through public APIs
// only: one JSON file per notebook in DBFS, named by the notebook's object_id. The id survives
// saves (import with overwrite) and is never reused, so a deleted notebook's results can never
// show on another one; the SOURCE the notebook exports stays exactly the cells' code.
import { ApiError, api, base64Decode, base64Encode } from '../api';
import type { Results } from './exec';
import type { CellState, Run } from './CellView';

const D = '/api/2.0/dbfs';
const DIR = '/kiln/notebook-results';
const BLOCK = 1 << 20; // DBFS reads and blocks are at most 1 MB

/** What is kept of each result: tables to their first rows, texts to their first characters, the last image. */
export const MAX_ROWS = 1000;
export const MAX_CHARS = 100_000;
export const CAP_NOTE = `Each cell's last result is kept with the notebook (tables: the first ${MAX_ROWS.toLocaleString('en-US')} rows; images: the last one).`;

/** One cell's kept result, with the code it belongs to (to find its cell when cells changed elsewhere). */
export interface StoredResult {
  command: string;
  run: Run;
}

interface ResultsFile {
  version: 1;
  cells: (StoredResult | null)[];
}

export function resultsPath(objectId: number): string {
  return `${DIR}/${objectId}.json`;
}

const KEPT = ['Finished', 'Error', 'Cancelled'];

/** A run worth keeping: one that ended (not waiting, running or skipped). */
export function isKept(run?: Run): run is Run {
  return !!run && KEPT.includes(run.status);
}

function capText(s: unknown): unknown {
  return typeof s === 'string' && s.length > MAX_CHARS ? s.slice(0, MAX_CHARS) + '\n… (cut: longer results are not kept)' : s;
}

/** A result cut to the sizes kept: the table's first rows, the last image, texts to their first characters. */
export function capResults(r: Results): Results {
  const out: Results = { ...r, data: capText(r.data), cause: capText(r.cause) as string | undefined, summary: capText(r.summary) as string | undefined };
  if (r.resultType === 'table' && Array.isArray(r.data) && r.data.length > MAX_ROWS) {
    out.data = r.data.slice(0, MAX_ROWS);
    out.truncated = true;
  }
  if ((r.resultType === 'image' || r.resultType === 'images') && r.fileNames && r.fileNames.length > 1) {
    out.fileNames = r.fileNames.slice(-1);
  }
  return out;
}

/** A cell's ended run as kept: cut to size, without the live command handle, without the restored mark. */
export function storedOf(cell: CellState): StoredResult | null {
  if (!isKept(cell.run)) return null;
  const { status, queued, started, finished, results, error } = cell.run;
  return { command: cell.command, run: { status, queued, started, finished, error, results: results && capResults(results) } };
}

/**
 * Gives each loaded cell its kept result: by position when the notebook has as many cells as
 * when the results were kept (code edited since keeps its result, as in Databricks), else by
 * identical code, in order.
 */
export function attach(cells: CellState[], stored: (StoredResult | null)[]): CellState[] {
  if (stored.length === cells.length) {
    return cells.map((c, i) => (stored[i] ? { ...c, run: { ...stored[i]!.run, restored: true } } : c));
  }
  const used = new Set<number>();
  return cells.map((c) => {
    const at = stored.findIndex((s, i) => s && !used.has(i) && s.command === c.command);
    if (at < 0) return c;
    used.add(at);
    return { ...c, run: { ...stored[at]!.run, restored: true } };
  });
}

/** The kept results of a notebook; none when it has no results file. */
export async function loadResults(objectId: number): Promise<(StoredResult | null)[]> {
  const path = resultsPath(objectId);
  const parts: Uint8Array[] = [];
  try {
    for (let offset = 0; ; ) {
      const r = await api.get<{ bytes_read: number; data?: string }>(`${D}/read`, { path, offset, length: BLOCK });
      if (!r.bytes_read) break;
      parts.push(base64Decode(r.data ?? ''));
      offset += r.bytes_read;
      if (r.bytes_read < BLOCK) break;
    }
  } catch (e) {
    if (e instanceof ApiError && e.errorCode === 'RESOURCE_DOES_NOT_EXIST') return [];
    throw e;
  }
  const text = new TextDecoder().decode(concat(parts));
  const file = JSON.parse(text) as ResultsFile;
  return Array.isArray(file.cells) ? file.cells : [];
}

/** Keeps the cells' results (a file written in 1 MB blocks); no results removes the file. */
export async function saveResults(objectId: number, stored: (StoredResult | null)[]): Promise<void> {
  if (stored.every((s) => s === null)) return clearResults(objectId);
  const file: ResultsFile = { version: 1, cells: stored };
  const bytes = new TextEncoder().encode(JSON.stringify(file));
  const { handle } = await api.post<{ handle: number }>(`${D}/create`, { path: resultsPath(objectId), overwrite: true });
  for (let at = 0; at < bytes.length; at += BLOCK) {
    await api.post(`${D}/add-block`, { handle, data: base64Encode(bytes.subarray(at, at + BLOCK)) });
  }
  await api.post(`${D}/close`, { handle });
}

/** Forgets a notebook's results (nothing to do when it has none). */
export async function clearResults(objectId: number): Promise<void> {
  try {
    await api.post(`${D}/delete`, { path: resultsPath(objectId), recursive: false });
  } catch (e) {
    if (!(e instanceof ApiError && e.errorCode === 'RESOURCE_DOES_NOT_EXIST')) throw e;
  }
}

/** Moves a notebook's results to its new object_id (a move in the workspace is a copy and a delete). */
export async function moveResults(from: number, to: number): Promise<void> {
  try {
    await api.post(`${D}/move`, { source_path: resultsPath(from), destination_path: resultsPath(to) });
  } catch (e) {
    if (!(e instanceof ApiError && e.errorCode === 'RESOURCE_DOES_NOT_EXIST')) throw e;
  }
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
