import { useState } from 'react';
import { api } from '../api';
import { ErrorBox, Modal, PromptModal, formatTime, useLoad, usePage } from '../components/common';
import { Link } from '../router';
import { useSession } from '../session';

export function SettingsPage({ tab }: { tab: string }) {
  const { isAdmin } = useSession();
  const tabs: [string, string][] = [
    ['tokens', 'Access tokens'],
    ['secrets', 'Secret scopes'],
    ...(isAdmin ? ([['users', 'Users']] as [string, string][]) : []),
  ];
  return (
    <div>
      <h1>Settings</h1>
      <div className="tabs">
        {tabs.map(([t, label]) => (
          <Link key={t} to={`/settings?tab=${t}`} className={tab === t ? 'active' : ''}>
            {label}
          </Link>
        ))}
      </div>
      {tab === 'tokens' && <Tokens />}
      {tab === 'secrets' && <Secrets />}
      {tab === 'users' && isAdmin && <Users />}
    </div>
  );
}

interface TokenInfo {
  token_id: string;
  creation_time: number;
  expiry_time: number;
  comment?: string;
}

function Tokens() {
  const { data, error, reload } = useLoad(
    async () => (await api.get<{ token_infos?: TokenInfo[] }>('/api/2.0/token/list')).token_infos ?? [],
    [],
  );
  const { rows, pager } = usePage(data ?? [], 50);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<string>();
  const [revoke, setRevoke] = useState<TokenInfo>();
  return (
    <section>
      <div className="toolbar">
        <h2>Access tokens</h2>
        <div className="spacer" />
        <button className="primary" onClick={() => setCreating(true)}>
          Generate new token
        </button>
      </div>
      <ErrorBox error={error} />
      {created && (
        <div className="notice" data-testid="new-token">
          <p>
            Copy this token now: it will not be shown again.
          </p>
          <code className="secret" data-testid="new-token-value">{created}</code>
          <button className="link" onClick={() => void navigator.clipboard?.writeText(created)}>
            Copy
          </button>
          <button className="link" onClick={() => setCreated(undefined)}>
            Done
          </button>
        </div>
      )}
      <table className="list" data-testid="token-list">
        <thead>
          <tr>
            <th>Comment</th>
            <th>Created</th>
            <th>Expires</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.map((t) => (
            <tr key={t.token_id} data-token-id={t.token_id}>
              <td>{t.comment || <span className="muted">(no comment)</span>}</td>
              <td className="muted">{formatTime(t.creation_time)}</td>
              <td className="muted">{t.expiry_time > 0 ? formatTime(t.expiry_time) : 'never'}</td>
              <td className="row-actions">
                <button className="link danger" onClick={() => setRevoke(t)}>
                  Revoke
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {pager}
      {creating && <CreateToken onClose={() => setCreating(false)} onCreated={(v) => { setCreated(v); reload(); }} />}
      {revoke && (
        <Confirm
          title="Revoke token"
          text={`Revoke the token "${revoke.comment || revoke.token_id}"? Anything using it stops working.`}
          action="Revoke"
          onClose={() => setRevoke(undefined)}
          onConfirm={async () => {
            await api.post('/api/2.0/token/delete', { token_id: revoke.token_id });
            reload();
          }}
        />
      )}
    </section>
  );
}

function CreateToken(props: { onClose: () => void; onCreated: (value: string) => void }) {
  const [comment, setComment] = useState('');
  const [days, setDays] = useState('90');
  const [error, setError] = useState<unknown>();
  return (
    <Modal title="Generate new token" onClose={props.onClose}>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          try {
            const d = Number(days);
            const r = await api.post<{ token_value: string }>('/api/2.0/token/create', {
              comment,
              lifetime_seconds: d > 0 ? Math.round(d * 86400) : undefined,
            });
            props.onCreated(r.token_value);
            props.onClose();
          } catch (err) {
            setError(err);
          }
        }}
      >
        <label>
          Comment
          <input name="comment" autoFocus value={comment} onChange={(e) => setComment(e.target.value)} />
        </label>
        <label>
          Lifetime (days; empty for no expiry)
          <input name="days" type="number" min="0" value={days} onChange={(e) => setDays(e.target.value)} />
        </label>
        <ErrorBox error={error} />
        <div className="actions">
          <button type="button" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" className="primary">
            Generate
          </button>
        </div>
      </form>
    </Modal>
  );
}

export function Confirm(props: {
  title: string;
  text: string;
  action: string;
  onClose: () => void;
  onConfirm: () => Promise<void>;
}) {
  const [error, setError] = useState<unknown>();
  return (
    <Modal title={props.title} onClose={props.onClose}>
      <p>{props.text}</p>
      <ErrorBox error={error} />
      <div className="actions">
        <button onClick={props.onClose}>Cancel</button>
        <button
          className="primary danger"
          onClick={async () => {
            try {
              await props.onConfirm();
              props.onClose();
            } catch (e) {
              setError(e);
            }
          }}
        >
          {props.action}
        </button>
      </div>
    </Modal>
  );
}

interface Scope {
  name: string;
  backend_type?: string;
}

function Secrets() {
  const { data, error, reload } = useLoad(
    async () => ((await api.get<{ scopes?: Scope[] }>('/api/2.0/secrets/scopes/list')).scopes ?? []).sort((a, b) => a.name.localeCompare(b.name)),
    [],
  );
  const { rows, pager } = usePage(data ?? [], 50);
  const [open, setOpen] = useState<string>();
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<string>();
  return (
    <section>
      <div className="toolbar">
        <h2>Secret scopes</h2>
        <div className="spacer" />
        <button className="primary" onClick={() => setCreating(true)}>
          Create scope
        </button>
      </div>
      <p className="muted small">Only names are shown here: secret values are never sent to the browser.</p>
      <ErrorBox error={error} />
      <table className="list" data-testid="scope-list">
        <thead>
          <tr>
            <th>Scope</th>
            <th>Backend</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr>
              <td colSpan={3} className="muted">
                No secret scopes.
              </td>
            </tr>
          )}
          {rows.map((s) => (
            <tr key={s.name} data-scope={s.name}>
              <td>
                <button className="link" onClick={() => setOpen(open === s.name ? undefined : s.name)}>
                  {open === s.name ? '▾' : '▸'} {s.name}
                </button>
                {open === s.name && <SecretKeys scope={s.name} />}
              </td>
              <td className="muted">{s.backend_type}</td>
              <td className="row-actions">
                <button className="link danger" onClick={() => setDeleting(s.name)}>
                  Delete
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {pager}
      {creating && (
        <PromptModal
          title="Create secret scope"
          label="Name"
          submit="Create"
          note="Letters, digits, '_', '-' and '.', up to 128 characters. Add secrets with the CLI: kiln secrets put-secret SCOPE KEY."
          onClose={() => setCreating(false)}
          onSubmit={async (scope) => {
            await api.post('/api/2.0/secrets/scopes/create', { scope });
            reload();
          }}
        />
      )}
      {deleting && (
        <Confirm
          title="Delete secret scope"
          text={`Delete the scope "${deleting}" and all its secrets?`}
          action="Delete"
          onClose={() => setDeleting(undefined)}
          onConfirm={async () => {
            await api.post('/api/2.0/secrets/scopes/delete', { scope: deleting });
            reload();
          }}
        />
      )}
    </section>
  );
}

function SecretKeys({ scope }: { scope: string }) {
  const { data, error } = useLoad(
    async () => (await api.get<{ secrets?: { key: string; last_updated_timestamp?: number }[] }>('/api/2.0/secrets/list', { scope })).secrets ?? [],
    [scope],
  );
  const { rows, pager } = usePage(data ?? [], 50);
  return (
    <div className="nested" data-testid="secret-keys">
      <ErrorBox error={error} />
      {data && data.length === 0 && <div className="muted">No secrets in this scope.</div>}
      <ul>
        {rows.map((s) => (
          <li key={s.key}>
            <code>{s.key}</code> <span className="muted small">updated {formatTime(s.last_updated_timestamp)}</span>
          </li>
        ))}
      </ul>
      {pager}
    </div>
  );
}

interface ScimUser {
  id: string;
  userName: string;
  displayName?: string;
  active?: boolean;
  groups?: { display?: string }[];
}

const USERS = '/api/2.0/preview/scim/v2/Users';
const USERS_PAGE = 50;

function Users() {
  const { me } = useSession();
  const [page, setPage] = useState(0);
  const { data, error, reload } = useLoad(
    () => api.get<{ Resources?: ScimUser[]; totalResults?: number }>(USERS, { startIndex: page * USERS_PAGE + 1, count: USERS_PAGE }),
    [page],
  );
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<ScimUser>();
  const total = data?.totalResults ?? 0;
  const pages = Math.max(1, Math.ceil(total / USERS_PAGE));
  return (
    <section>
      <div className="toolbar">
        <h2>Users</h2>
        <div className="spacer" />
        <button className="primary" onClick={() => setCreating(true)}>
          Add user
        </button>
      </div>
      <ErrorBox error={error} />
      <table className="list" data-testid="user-list">
        <thead>
          <tr>
            <th>User name</th>
            <th>Display name</th>
            <th>Admin</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {(data?.Resources ?? []).map((u) => (
            <tr key={u.id} data-user={u.userName}>
              <td>{u.userName}</td>
              <td>{u.displayName}</td>
              <td>{(u.groups ?? []).some((g) => g.display === 'admins') ? 'yes' : ''}</td>
              <td className="row-actions">
                {u.id !== me.id && (
                  <button className="link danger" onClick={() => setDeleting(u)}>
                    Delete
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {pages > 1 && (
        <div className="pager">
          <button disabled={page === 0} onClick={() => setPage(page - 1)}>
            ‹ Previous
          </button>
          <span>
            Page {page + 1} of {pages} ({total} users)
          </span>
          <button disabled={page >= pages - 1} onClick={() => setPage(page + 1)}>
            Next ›
          </button>
        </div>
      )}
      {creating && <CreateUser onClose={() => setCreating(false)} onCreated={reload} />}
      {deleting && (
        <Confirm
          title="Delete user"
          text={`Delete ${deleting.userName}? Their tokens stop working.`}
          action="Delete"
          onClose={() => setDeleting(undefined)}
          onConfirm={async () => {
            await api.delete(`${USERS}/${encodeURIComponent(deleting.id)}`);
            reload();
          }}
        />
      )}
    </section>
  );
}

function CreateUser(props: { onClose: () => void; onCreated: () => void }) {
  const [userName, setUserName] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [admin, setAdmin] = useState(false);
  const [error, setError] = useState<unknown>();
  return (
    <Modal title="Add user" onClose={props.onClose}>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          try {
            await api.post(USERS, {
              userName: userName.trim(),
              displayName: displayName.trim() || undefined,
              groups: admin ? [{ display: 'admins' }] : undefined,
            });
            props.onCreated();
            props.onClose();
          } catch (err) {
            setError(err);
          }
        }}
      >
        <label>
          User name (e-mail)
          <input name="userName" autoFocus value={userName} onChange={(e) => setUserName(e.target.value)} />
        </label>
        <label>
          Display name
          <input name="displayName" value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
        </label>
        <label className="check">
          <input type="checkbox" checked={admin} onChange={(e) => setAdmin(e.target.checked)} /> Admin
        </label>
        <ErrorBox error={error} />
        <div className="actions">
          <button type="button" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={!userName.trim()}>
            Add
          </button>
        </div>
      </form>
    </Modal>
  );
}
