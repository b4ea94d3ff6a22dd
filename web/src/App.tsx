import { Suspense, lazy, useEffect, useRef, useState, type ReactNode } from 'react';
import { ApiError, api, describe, forgetStoredToken, setUnauthorizedHandler, signIn, signOut } from './api';
import { Link, navigate, useLocation } from './router';
import { SessionContext, type Me, homeOf, useSession } from './session';
import { Login } from './pages/Login';
import { WorkspacePage } from './pages/Workspace';
import { ComputePage } from './pages/Compute';
import { ClusterCreatePage } from './pages/ClusterCreate';
import { ClusterDetailPage } from './pages/ClusterDetail';
import { DataPage } from './pages/Data';
import { SettingsPage } from './pages/Settings';

const SCIM_ME = '/api/2.0/preview/scim/v2/Me';

// The notebook page carries the code editor (most of the app's weight): loaded when first opened.
const NotebookPage = lazy(() => import('./pages/Notebook').then((m) => ({ default: m.NotebookPage })));
const JobsRoutes = lazy(() => import('./pages/Jobs').then((m) => ({ default: m.JobsRoutes })));
const TablesPage = lazy(() => import('./pages/Tables').then((m) => ({ default: m.TablesPage })));

function Lazy({ children }: { children: ReactNode }) {
  return <Suspense fallback={<div className="muted">Loading…</div>}>{children}</Suspense>;
}

export function App() {
  const [me, setMe] = useState<Me | null>(null);
  const [checking, setChecking] = useState(true);
  const [error, setError] = useState<string>();
  // Whether a refused call means the session ended (rather than no session yet).
  const signedIn = useRef(false);

  const signOutNow = async () => {
    await signOut();
    signedIn.current = false;
    setMe(null);
    navigate('/login', true);
  };

  useEffect(() => {
    setUnauthorizedHandler(() => {
      if (!signedIn.current) return;
      signedIn.current = false;
      setMe(null);
      setError('Your session was refused (token expired or revoked). Sign in again.');
    });
    forgetStoredToken();
    // The session cookie is HttpOnly: whether it is there, only the server can tell.
    api.get<Me>(SCIM_ME).then(
      (m) => {
        signedIn.current = true;
        setMe(m);
        setChecking(false);
      },
      (e) => {
        if (!(e instanceof ApiError && e.status === 401)) setError(describe(e));
        setChecking(false);
      },
    );
  }, []);

  if (checking) return <div className="center muted">Loading…</div>;
  if (!me) {
    return (
      <Login
        initialError={error}
        onSignedIn={async (token) => {
          await signIn(token);
          try {
            const m = await api.get<Me>(SCIM_ME);
            signedIn.current = true;
            setError(undefined);
            setMe(m);
            if (location.pathname === '/login' || location.pathname === '/') {
              navigate('/workspace' + homeOf(m), true);
            }
          } catch (e) {
            await signOut();
            throw e;
          }
        }}
      />
    );
  }
  const isAdmin = (me.groups ?? []).some((g) => g.display === 'admins');
  return (
    <SessionContext.Provider value={{ me, isAdmin, signOut: signOutNow }}>
      <Shell />
    </SessionContext.Provider>
  );
}

const NAV = [
  ['/workspace', 'Workspace'],
  ['/compute', 'Compute'],
  ['/jobs', 'Jobs'],
  ['/data', 'Data'],
  ['/settings', 'Settings'],
] as const;

function Shell() {
  const loc = useLocation();
  return (
    <SessionContext.Consumer>
      {(s) => (
        <div className="shell">
          <nav className="sidebar" aria-label="Main">
            <div className="brand">Kiln</div>
            {NAV.map(([to, label]) => (
              <Link key={to} to={to} className={
                  loc.path.startsWith(to) || (to === '/workspace' && loc.path.startsWith('/notebook')) || (to === '/data' && loc.path.startsWith('/tables'))
                    ? 'active'
                    : ''
                }>
                {label}
              </Link>
            ))}
            <div className="whoami">
              <div title="Signed in as" data-testid="whoami">
                {s!.me.displayName || s!.me.userName}
              </div>
              <div className="muted small">{s!.me.userName}{s!.isAdmin ? ' · admin' : ''}</div>
              <button className="link" onClick={s!.signOut}>
                Sign out
              </button>
            </div>
          </nav>
          <main className="content">
            <Page path={loc.path} query={loc.query} />
          </main>
        </div>
      )}
    </SessionContext.Consumer>
  );
}

function rest(path: string, prefix: string): string {
  const r = path.slice(prefix.length);
  return r === '' ? '/' : r;
}

function Page({ path, query }: { path: string; query: URLSearchParams }) {
  const session = useSession();
  if (path === '/' || path === '/login') {
    navigate('/workspace' + homeOf(session.me), true);
    return null;
  }
  if (path === '/workspace' || path.startsWith('/workspace/')) return <WorkspacePage path={rest(path, '/workspace')} />;
  if (path.startsWith('/notebook/')) {
    return (
      <Suspense fallback={<div className="muted">Loading…</div>}>
        <NotebookPage path={rest(path, '/notebook')} />
      </Suspense>
    );
  }
  if (path === '/compute' || path === '/compute/') return <ComputePage />;
  if (path === '/compute/create') return <ClusterCreatePage />;
  if (path.startsWith('/compute/clusters/')) return <ClusterDetailPage clusterId={path.slice('/compute/clusters/'.length)} tab={query.get('tab') ?? 'config'} />;
  if (path === '/jobs' || path.startsWith('/jobs/')) {
    return (
      <Lazy>
        <JobsRoutes path={path} tab={query.get('tab') ?? 'jobs'} />
      </Lazy>
    );
  }
  if (path === '/data' || path.startsWith('/data/')) return <DataPage path={rest(path, '/data')} />;
  if (path === '/tables' || path.startsWith('/tables/')) {
    return (
      <Lazy>
        <TablesPage path={rest(path, '/tables')} />
      </Lazy>
    );
  }
  if (path.startsWith('/settings')) return <SettingsPage tab={query.get('tab') ?? 'tokens'} />;
  return (
    <div>
      <h1>Page not found</h1>
      <p>
        There is no page at <code>{path}</code>. <Link to="/workspace">Go to the workspace</Link>.
      </p>
    </div>
  );
}

