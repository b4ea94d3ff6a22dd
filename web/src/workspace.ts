// Workspace API calls shared by the browser and the notebook page.
import { api, utf8Encode } from './api';
import { basename, joinPath } from './components/common';
import { moveResults } from './notebook/results';

export type ObjectType = 'NOTEBOOK' | 'DIRECTORY' | 'FILE' | 'LIBRARY' | 'REPO' | 'DASHBOARD';
export type Language = 'PYTHON' | 'SQL' | 'SCALA' | 'R';

export interface ObjectInfo {
  path: string;
  object_type: ObjectType;
  object_id: number;
  language?: Language;
  created_at?: number;
  modified_at?: number;
  size?: number;
}

const W = '/api/2.0/workspace';

export async function list(path: string): Promise<ObjectInfo[]> {
  const r = await api.get<{ objects?: ObjectInfo[] }>(`${W}/list`, { path });
  return r.objects ?? [];
}

export function getStatus(path: string): Promise<ObjectInfo> {
  return api.get<ObjectInfo>(`${W}/get-status`, { path });
}

export function mkdirs(path: string): Promise<unknown> {
  return api.post(`${W}/mkdirs`, { path });
}

export function remove(path: string, recursive: boolean): Promise<unknown> {
  return api.post(`${W}/delete`, { path, recursive });
}

export async function exportBase64(path: string, format: string): Promise<string> {
  const r = await api.get<{ content: string }>(`${W}/export`, { path, format });
  return r.content;
}

export function importBase64(
  path: string,
  format: string,
  content: string,
  language: Language | undefined,
  overwrite: boolean,
): Promise<unknown> {
  return api.post(`${W}/import`, { path, format, language, content, overwrite });
}

export function importSource(path: string, language: Language, source: string, overwrite: boolean) {
  return importBase64(path, 'SOURCE', utf8Encode(source), language, overwrite);
}

async function exists(path: string): Promise<boolean> {
  try {
    await getStatus(path);
    return true;
  } catch (e) {
    if ((e as { errorCode?: string }).errorCode === 'RESOURCE_DOES_NOT_EXIST') return false;
    throw e;
  }
}

async function copy(obj: ObjectInfo, dest: string): Promise<void> {
  if (obj.object_type === 'DIRECTORY') {
    await mkdirs(dest);
    for (const child of await list(obj.path)) {
      await copy(child, joinPath(dest, basename(child.path)));
    }
  } else if (obj.object_type === 'NOTEBOOK') {
    await importBase64(dest, 'SOURCE', await exportBase64(obj.path, 'SOURCE'), obj.language, false);
    // The copy is a new object (a new object_id): the cells' kept results go with it.
    await moveResults(obj.object_id, (await getStatus(dest)).object_id);
  } else {
    await importBase64(dest, 'RAW', await exportBase64(obj.path, 'AUTO'), undefined, false);
  }
}

/**
 * Rename or move. The Workspace API has no move, so this copies the object (and a folder's
 * contents) to the new path, then deletes the old one: what the user sees is a move.
 */
export async function move(obj: ObjectInfo, dest: string): Promise<void> {
  if (dest === obj.path) return;
  if (dest.startsWith(obj.path + '/')) throw new Error('A folder cannot be moved into itself.');
  if (await exists(dest)) throw new Error(`${dest} already exists.`);
  await copy(obj, dest);
  await remove(obj.path, true);
}

export const EXTENSIONS: Record<Language, string> = { PYTHON: '.py', SQL: '.sql', SCALA: '.scala', R: '.r' };
