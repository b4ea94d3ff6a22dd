import { useRef, useState } from 'react';
import { api, base64Encode, saveFile } from '../api';
import {
  ErrorBox, Icon, Modal, PromptModal, basename, formatTime, joinPath, parentOf, useLoad, usePage,
} from '../components/common';
import { Link, navigate, pathUrl } from '../router';
import { clearResults } from '../notebook/results';
import { headerFor } from '../notebook/source';
import { EXTENSIONS, importSource, list, mkdirs, move, remove, type Language, type ObjectInfo } from '../workspace';


function Breadcrumbs({ path }: { path: string }) {
  const parts = path.split('/').filter(Boolean);
  return (
    <div className="breadcrumbs">
      <Link to="/workspace/">Workspace</Link>
      {parts.map((p, i) => {
        const to = '/' + parts.slice(0, i + 1).join('/');
        return (
          <span key={to}>
            {' / '}
            <Link to={pathUrl('/workspace', to)}>{p}</Link>
          </span>
        );
      })}
    </div>
  );
}

type Dialog =
  | { kind: 'folder' }
  | { kind: 'notebook' }
  | { kind: 'move'; obj: ObjectInfo }
  | { kind: 'delete'; obj: ObjectInfo }
  | null;

export function WorkspacePage({ path }: { path: string }) {
  const dir = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  const { data, error, loading, reload } = useLoad(async () => {
    const objects = await list(dir);
    return objects.sort((a, b) =>
      a.object_type === b.object_type
        ? a.path.localeCompare(b.path)
        : a.object_type === 'DIRECTORY'
          ? -1
          : b.object_type === 'DIRECTORY'
            ? 1
            : a.path.localeCompare(b.path),
    );
  }, [dir]);
  const { rows, pager } = usePage(data ?? [], 100);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [actionError, setActionError] = useState<unknown>();
  const [status, setStatus] = useState<string>();
  const fileInput = useRef<HTMLInputElement>(null);

  const act = async (what: string, fn: () => Promise<unknown>) => {
    setActionError(undefined);
    setStatus(what + '…');
    try {
      await fn();
      setStatus(undefined);
      reload();
    } catch (e) {
      setStatus(undefined);
      setActionError(e);
    }
  };

  const onImport = async (files: FileList | null) => {
    if (!files) return;
    for (const file of Array.from(files)) {
      await act(`Importing ${file.name}`, () => importFile(dir, file));
    }
    if (fileInput.current) fileInput.current.value = '';
  };

  return (
    <div>
      <div className="toolbar">
        <Breadcrumbs path={dir} />
        <div className="spacer" />
        {dir !== '/' && <Link to={pathUrl('/workspace', parentOf(dir))}>↑ Up</Link>}
        <button onClick={() => setDialog({ kind: 'folder' })}>New folder</button>
        <button onClick={() => setDialog({ kind: 'notebook' })} className="primary">
          New notebook
        </button>
        <button onClick={() => fileInput.current?.click()}>Import</button>
        <input
          ref={fileInput}
          type="file"
          multiple
          hidden
          data-testid="import-input"
          onChange={(e) => onImport(e.target.files)}
        />
      </div>
      <ErrorBox error={error} />
      <ErrorBox error={actionError} onClose={() => setActionError(undefined)} />
      {status && <div className="muted">{status}</div>}
      {loading && !data && <div className="muted">Loading…</div>}
      {data && (
        <table className="list" data-testid="workspace-list">
          <thead>
            <tr>
              <th>Name</th>
              <th>Type</th>
              <th>Modified</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 && (
              <tr>
                <td colSpan={4} className="muted">
                  This folder is empty.
                </td>
              </tr>
            )}
            {rows.map((o) => (
              <tr key={o.path} data-path={o.path}>
                <td>
                  <Icon kind={o.object_type === 'DIRECTORY' ? 'folder' : o.object_type === 'NOTEBOOK' ? 'notebook' : 'file'} />
                  <Link to={o.object_type === 'DIRECTORY' ? pathUrl('/workspace', o.path) : o.object_type === 'NOTEBOOK' ? pathUrl('/notebook', o.path) : pathUrl('/workspace', dir)}>
                    {basename(o.path)}
                  </Link>
                </td>
                <td className="muted">
                  {o.object_type === 'NOTEBOOK' ? `Notebook · ${o.language?.toLowerCase()}` : o.object_type.toLowerCase()}
                </td>
                <td className="muted">{formatTime(o.modified_at)}</td>
                <td className="row-actions">
                  <button className="link" onClick={() => setDialog({ kind: 'move', obj: o })}>
                    Rename / move
                  </button>
                  <ExportButtons obj={o} onError={setActionError} />
                  <button className="link danger" onClick={() => setDialog({ kind: 'delete', obj: o })}>
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {pager}
      {dialog?.kind === 'folder' && (
        <PromptModal
          title="New folder"
          label="Name"
          submit="Create"
          onClose={() => setDialog(null)}
          onSubmit={async (name) => {
            await mkdirs(joinPath(dir, name));
            reload();
          }}
        />
      )}
      {dialog?.kind === 'notebook' && (
        <NewNotebook
          dir={dir}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === 'move' && (
        <PromptModal
          title={`Rename or move ${basename(dialog.obj.path)}`}
          label="New path"
          initial={dialog.obj.path}
          submit="Move"
          note="Kiln copies the item to the new path, then deletes the old one."
          onClose={() => setDialog(null)}
          onSubmit={async (dest) => {
            await move(dialog.obj, dest.startsWith('/') ? dest : joinPath(dir, dest));
            reload();
          }}
        />
      )}
      {dialog?.kind === 'delete' && (
        <ConfirmDelete
          obj={dialog.obj}
          onClose={() => setDialog(null)}
          onDeleted={reload}
        />
      )}
    </div>
  );
}

function ExportButtons({ obj, onError }: { obj: ObjectInfo; onError: (e: unknown) => void }) {
  const download = async (format: string, name: string) => {
    try {
      const blob = await api.blob('/api/2.0/workspace/export', { path: obj.path, format, direct_download: true });
      saveFile(name, blob);
    } catch (e) {
      onError(e);
    }
  };
  const name = basename(obj.path) || 'workspace';
  if (obj.object_type === 'NOTEBOOK') {
    const ext = EXTENSIONS[obj.language ?? 'PYTHON'];
    return (
      <>
        <button className="link" onClick={() => download('SOURCE', name + ext)}>
          Export {ext}
        </button>
        <button className="link" onClick={() => download('JUPYTER', name + '.ipynb')}>
          Export .ipynb
        </button>
      </>
    );
  }
  if (obj.object_type === 'DIRECTORY') {
    return (
      <button className="link" onClick={() => download('SOURCE', name + '.zip')}>
        Export .zip
      </button>
    );
  }
  return (
    <button className="link" onClick={() => download('AUTO', name)}>
      Download
    </button>
  );
}

function NewNotebook({ dir, onClose }: { dir: string; onClose: () => void }) {
  const [name, setName] = useState('Untitled');
  const [language, setLanguage] = useState<Language>('PYTHON');
  const [error, setError] = useState<unknown>();
  return (
    <Modal title="New notebook" onClose={onClose}>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          const path = joinPath(dir, name.trim());
          try {
            await importSource(path, language, headerFor(language) + '\n', false);
            onClose();
            navigate(pathUrl('/notebook', path));
          } catch (err) {
            setError(err);
          }
        }}
      >
        <label>
          Name
          <input name="name" autoFocus value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label>
          Default language
          <select name="language" value={language} onChange={(e) => setLanguage(e.target.value as Language)}>
            <option value="PYTHON">Python</option>
            <option value="SQL">SQL</option>
            <option value="SCALA">Scala</option>
          </select>
        </label>
        <ErrorBox error={error} />
        <div className="actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={!name.trim()}>
            Create
          </button>
        </div>
      </form>
    </Modal>
  );
}

function ConfirmDelete(props: { obj: ObjectInfo; onClose: () => void; onDeleted: () => void }) {
  const [error, setError] = useState<unknown>();
  const isDir = props.obj.object_type === 'DIRECTORY';
  return (
    <Modal title="Delete" onClose={props.onClose}>
      <p>
        Delete <b>{props.obj.path}</b>
        {isDir ? ' and everything in it' : ''}? This cannot be undone.
      </p>
      <ErrorBox error={error} />
      <div className="actions">
        <button onClick={props.onClose}>Cancel</button>
        <button
          className="danger primary"
          onClick={async () => {
            try {
              await remove(props.obj.path, isDir);
              // Its kept cell results go too (ids are never reused, so leftovers could not mislead).
              if (props.obj.object_type === 'NOTEBOOK') await clearResults(props.obj.object_id).catch(() => undefined);
              props.onClose();
              props.onDeleted();
            } catch (e) {
              setError(e);
            }
          }}
        >
          Delete
        </button>
      </div>
    </Modal>
  );
}

const SOURCE_EXT: Record<string, Language> = { py: 'PYTHON', sql: 'SQL', scala: 'SCALA', r: 'R' };

/** .ipynb becomes a Jupyter notebook, .py/.sql/.scala/.r a source notebook, anything else a file. */
async function importFile(dir: string, file: File): Promise<void> {
  const dot = file.name.lastIndexOf('.');
  const ext = dot > 0 ? file.name.slice(dot + 1).toLowerCase() : '';
  const stem = dot > 0 ? file.name.slice(0, dot) : file.name;
  const content = base64Encode(new Uint8Array(await file.arrayBuffer()));
  if (ext === 'ipynb') {
    await api.post('/api/2.0/workspace/import', { path: joinPath(dir, stem), format: 'JUPYTER', content });
  } else if (SOURCE_EXT[ext]) {
    await api.post('/api/2.0/workspace/import', {
      path: joinPath(dir, stem),
      format: 'SOURCE',
      language: SOURCE_EXT[ext],
      content,
    });
  } else {
    await api.post('/api/2.0/workspace/import', { path: joinPath(dir, file.name), format: 'RAW', content });
  }
}
