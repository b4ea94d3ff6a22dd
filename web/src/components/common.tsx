import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { describe } from '../api';

export function ErrorBox({ error, onClose }: { error: unknown; onClose?: () => void }) {
  if (!error) return null;
  return (
    <div className="error" role="alert">
      <span>{describe(error)}</span>
      {onClose && (
        <button className="link" onClick={onClose} aria-label="Dismiss">
          ×
        </button>
      )}
    </div>
  );
}

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

/** Runs an async load when its deps change, with a reload for after edits. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setLoading(true);
    load().then(
      (d) => {
        if (live) {
          setData(d);
          setError(undefined);
          setLoading(false);
        }
      },
      (e) => {
        if (live) {
          setError(e);
          setLoading(false);
        }
      },
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, error, loading, reload };
}

/** Client-side paging of a list the API returns whole: never renders more than one page. */
export function usePage<T>(items: T[], size = 50) {
  const [page, setPage] = useState(0);
  const pages = Math.max(1, Math.ceil(items.length / size));
  const p = Math.min(page, pages - 1);
  return {
    rows: items.slice(p * size, (p + 1) * size),
    pager: <Pager page={p} pages={pages} total={items.length} onPage={setPage} />,
  };
}

export function Pager(props: { page: number; pages: number; total?: number; onPage: (p: number) => void }) {
  if (props.pages <= 1) return null;
  return (
    <div className="pager">
      <button disabled={props.page === 0} onClick={() => props.onPage(props.page - 1)}>
        ‹ Previous
      </button>
      <span>
        Page {props.page + 1} of {props.pages}
        {props.total !== undefined && ` (${props.total} items)`}
      </span>
      <button disabled={props.page >= props.pages - 1} onClick={() => props.onPage(props.page + 1)}>
        Next ›
      </button>
    </div>
  );
}

/** Token-based paging (Databricks' next_page_token): keeps the tokens of the pages seen. */
export function useTokenPages() {
  const [tokens, setTokens] = useState<string[]>(['']);
  const [index, setIndex] = useState(0);
  return {
    token: tokens[index],
    index,
    next(nextToken?: string) {
      if (!nextToken) return;
      setTokens((t) => [...t.slice(0, index + 1), nextToken]);
      setIndex(index + 1);
    },
    prev() {
      setIndex(Math.max(0, index - 1));
    },
    reset() {
      setTokens(['']);
      setIndex(0);
    },
  };
}

/** Previous/next buttons over {@link useTokenPages}, shown only when there is more than one page. */
export function TokenPager(props: {
  pages: ReturnType<typeof useTokenPages>;
  nextToken?: string;
  prevLabel?: string;
  nextLabel?: string;
}) {
  const { pages, nextToken } = props;
  if (pages.index === 0 && !nextToken) return null;
  return (
    <div className="pager">
      <button disabled={pages.index === 0} onClick={pages.prev}>
        ‹ {props.prevLabel ?? 'Previous'}
      </button>
      <span>Page {pages.index + 1}</span>
      <button disabled={!nextToken} onClick={() => pages.next(nextToken)}>
        {props.nextLabel ?? 'Next'} ›
      </button>
    </div>
  );
}

export function Modal(props: { title: string; children: ReactNode; onClose: () => void }) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') props.onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [props]);
  return (
    <div className="modal-backdrop" onMouseDown={props.onClose}>
      <div className="modal" role="dialog" aria-label={props.title} onMouseDown={(e) => e.stopPropagation()}>
        <h3>{props.title}</h3>
        {props.children}
      </div>
    </div>
  );
}

/** A one-field form in a modal: the UI's prompt(). */
export function PromptModal(props: {
  title: string;
  label: string;
  initial?: string;
  note?: ReactNode;
  submit: string;
  onSubmit: (value: string) => Promise<void>;
  onClose: () => void;
}) {
  const [value, setValue] = useState(props.initial ?? '');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  return (
    <Modal title={props.title} onClose={props.onClose}>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          try {
            await props.onSubmit(value.trim());
            props.onClose();
          } catch (err) {
            setError(err);
          } finally {
            setBusy(false);
          }
        }}
      >
        <label>
          {props.label}
          <input name="value" autoFocus value={value} onChange={(e) => setValue(e.target.value)} />
        </label>
        {props.note && <p className="muted">{props.note}</p>}
        <ErrorBox error={error} />
        <div className="actions">
          <button type="button" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy || !value.trim()}>
            {props.submit}
          </button>
        </div>
      </form>
    </Modal>
  );
}

export function formatBytes(n: number | undefined): string {
  if (n === undefined || n === null) return '';
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

export function formatTime(ms: number | undefined): string {
  if (!ms) return '';
  return new Date(ms).toLocaleString();
}

export function basename(path: string): string {
  const i = path.lastIndexOf('/');
  return i >= 0 ? path.slice(i + 1) : path;
}

export function parentOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

export function joinPath(dir: string, name: string): string {
  return dir === '/' ? `/${name}` : `${dir}/${name}`;
}

/** Small inline icons (no icon font, no emoji: both may be missing on a server's desktop). */
export function Icon({ kind }: { kind: 'folder' | 'notebook' | 'file' }) {
  const path =
    kind === 'folder'
      ? 'M1 3.5A1.5 1.5 0 0 1 2.5 2h3l1.5 1.5h6.5A1.5 1.5 0 0 1 15 5v7.5a1.5 1.5 0 0 1-1.5 1.5h-11A1.5 1.5 0 0 1 1 12.5z'
      : kind === 'notebook'
        ? 'M3 1.5h8.5L13 3v11.5H3zM5 4.5h6M5 7h6M5 9.5h4'
        : 'M3.5 1.5h6l3 3v10h-9zM9.5 1.5v3h3';
  return (
    <svg className={`icon ${kind}`} width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">
      <path d={path} fill={kind === 'folder' ? '#e3b341' : 'none'} stroke={kind === 'folder' ? '#c8982a' : '#6b7480'} strokeWidth="1.1" />
    </svg>
  );
}
