import { useRef, useState } from 'react';
import { api, base64Decode, postForm, saveFile } from '../api';
import {
  ErrorBox, Icon, Modal, PromptModal, basename, formatBytes, formatTime, joinPath, parentOf, useLoad, usePage,
} from '../components/common';
import { Link, pathUrl } from '../router';
import { DataTabs } from './DataTabs';

interface FileInfo {
  path: string;
  is_dir: boolean;
  file_size: number;
  modification_time?: number;
}

const D = '/api/2.0/dbfs';
const CHUNK = 1024 * 1024;

function Breadcrumbs({ path }: { path: string }) {
  const parts = path.split('/').filter(Boolean);
  return (
    <div className="breadcrumbs">
      <Link to="/data/">dbfs:</Link>
      {parts.map((p, i) => {
        const to = '/' + parts.slice(0, i + 1).join('/');
        return (
          <span key={to}>
            {' / '}
            <Link to={pathUrl('/data', to)}>{p}</Link>
          </span>
        );
      })}
    </div>
  );
}

/** Reads a DBFS file in 1 MB reads (dbfs/read), reporting progress. */
async function readAll(path: string, size: number, onProgress: (done: number) => void): Promise<Uint8Array> {
  const out = new Uint8Array(size);
  let offset = 0;
  while (offset < size) {
    const r = await api.get<{ bytes_read: number; data: string }>(`${D}/read`, { path, offset, length: CHUNK });
    if (!r.bytes_read) break;
    out.set(base64Decode(r.data), offset);
    offset += r.bytes_read;
    onProgress(offset);
  }
  return out.subarray(0, offset);
}

export function DataPage({ path }: { path: string }) {
  const dir = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  const { data, error, loading, reload } = useLoad(async () => {
    const r = await api.get<{ files?: FileInfo[] }>(`${D}/list`, { path: dir });
    return (r.files ?? []).sort((a, b) => (a.is_dir === b.is_dir ? a.path.localeCompare(b.path) : a.is_dir ? -1 : 1));
  }, [dir]);
  const { rows, pager } = usePage(data ?? [], 100);
  const [actionError, setActionError] = useState<unknown>();
  const [progress, setProgress] = useState<{ label: string; done: number; total: number } | null>(null);
  const [dialog, setDialog] = useState<{ kind: 'mkdir' } | { kind: 'delete' | 'move'; file: FileInfo } | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  const upload = async (files: FileList | null) => {
    if (!files) return;
    setActionError(undefined);
    for (const file of Array.from(files)) {
      const form = new FormData();
      form.append('path', joinPath(dir, file.name));
      form.append('overwrite', 'true');
      form.append('file', file, file.name);
      setProgress({ label: `Uploading ${file.name}`, done: 0, total: file.size });
      try {
        await postForm(`${D}/put`, form, (done, total) => setProgress({ label: `Uploading ${file.name}`, done, total }));
      } catch (e) {
        setActionError(e);
        break;
      }
    }
    setProgress(null);
    if (fileInput.current) fileInput.current.value = '';
    reload();
  };

  const download = async (f: FileInfo) => {
    setActionError(undefined);
    const label = `Downloading ${basename(f.path)}`;
    setProgress({ label, done: 0, total: f.file_size });
    try {
      const bytes = await readAll(f.path, f.file_size, (done) => setProgress({ label, done, total: f.file_size }));
      saveFile(basename(f.path), bytes);
    } catch (e) {
      setActionError(e);
    } finally {
      setProgress(null);
    }
  };

  return (
    <div>
      <h1>Data</h1>
      <DataTabs active="dbfs" />
      <div className="toolbar">
        <Breadcrumbs path={dir} />
        <div className="spacer" />
        {dir !== '/' && <Link to={pathUrl('/data', parentOf(dir))}>↑ Up</Link>}
        <button onClick={() => setDialog({ kind: 'mkdir' })}>New folder</button>
        <button className="primary" onClick={() => fileInput.current?.click()}>
          Upload
        </button>
        <input ref={fileInput} type="file" multiple hidden data-testid="upload-input" onChange={(e) => upload(e.target.files)} />
      </div>
      <ErrorBox error={error} />
      <ErrorBox error={actionError} onClose={() => setActionError(undefined)} />
      {progress && (
        <div className="progress" data-testid="progress">
          <span>{progress.label}</span>
          <progress value={progress.done} max={progress.total || 1} />
          <span className="muted">
            {formatBytes(progress.done)} of {formatBytes(progress.total)}
          </span>
        </div>
      )}
      {loading && !data && <div className="muted">Loading…</div>}
      {data && (
        <table className="list" data-testid="dbfs-list">
          <thead>
            <tr>
              <th>Name</th>
              <th>Size</th>
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
            {rows.map((f) => (
              <tr key={f.path} data-path={f.path}>
                <td>
                  <Icon kind={f.is_dir ? 'folder' : 'file'} />
                  {f.is_dir ? <Link to={pathUrl('/data', f.path)}>{basename(f.path)}</Link> : basename(f.path)}
                </td>
                <td className="muted">{f.is_dir ? '' : formatBytes(f.file_size)}</td>
                <td className="muted">{formatTime(f.modification_time)}</td>
                <td className="row-actions">
                  {!f.is_dir && (
                    <button className="link" onClick={() => download(f)}>
                      Download
                    </button>
                  )}
                  <button className="link" onClick={() => setDialog({ kind: 'move', file: f })}>
                    Move
                  </button>
                  <button className="link danger" onClick={() => setDialog({ kind: 'delete', file: f })}>
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {pager}
      {dialog?.kind === 'mkdir' && (
        <PromptModal
          title="New folder"
          label="Name"
          submit="Create"
          onClose={() => setDialog(null)}
          onSubmit={async (name) => {
            await api.post(`${D}/mkdirs`, { path: joinPath(dir, name) });
            reload();
          }}
        />
      )}
      {dialog?.kind === 'move' && (
        <PromptModal
          title={`Move ${basename(dialog.file.path)}`}
          label="New path"
          initial={dialog.file.path}
          submit="Move"
          onClose={() => setDialog(null)}
          onSubmit={async (dest) => {
            await api.post(`${D}/move`, { source_path: dialog.file.path, destination_path: dest.startsWith('/') ? dest : joinPath(dir, dest) });
            reload();
          }}
        />
      )}
      {dialog?.kind === 'delete' && (
        <DeleteFile file={dialog.file} onClose={() => setDialog(null)} onDeleted={reload} />
      )}
    </div>
  );
}

function DeleteFile(props: { file: FileInfo; onClose: () => void; onDeleted: () => void }) {
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  return (
    <Modal title="Delete" onClose={props.onClose}>
      <p>
        Delete <b>dbfs:{props.file.path}</b>
        {props.file.is_dir ? ' and everything in it' : ''}?
      </p>
      <ErrorBox error={error} />
      <div className="actions">
        <button onClick={props.onClose}>Cancel</button>
        <button
          className="primary danger"
          disabled={busy}
          onClick={async () => {
            setBusy(true);
            try {
              // A large delete answers 503 PARTIAL_DELETE: call again until it is done.
              for (;;) {
                try {
                  await api.post(`${D}/delete`, { path: props.file.path, recursive: props.file.is_dir });
                  break;
                } catch (e) {
                  if ((e as { errorCode?: string }).errorCode !== 'PARTIAL_DELETE') throw e;
                }
              }
              props.onClose();
              props.onDeleted();
            } catch (e) {
              setError(e);
            } finally {
              setBusy(false);
            }
          }}
        >
          Delete
        </button>
      </div>
    </Modal>
  );
}
